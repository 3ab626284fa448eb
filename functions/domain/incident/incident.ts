import * as z from '../zod';

/**
 * An outage incident (seed 004 section 14, "System Outages": communicate, give alternative contact methods, update
 * customers on the resolution timeline, prioritise critical issues). Staff declare one with what is down, since when
 * and which complaints it explains (categories, or words in the subject and description); matching open and new cases
 * are linked to it, each update is told once to the customer of every linked case, and resolving it resolves or
 * re-queues those cases with a note.
 */

const instant = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 instant' });
const text = (max: number, what: string) => z.string().check(z.trim(), z.minLength(1, `${what} is required`), z.maxLength(max, `at most ${max} characters`));

export const IncidentIdSchema = z.string().check(z.regex(/^inc-[0-9a-z-]{1,64}$/, 'an incident id looks like inc-<slug>'));

/** Another way to reach the company while the usual one is down ("Phone: +1 …", "Status page: https://…"). */
export const AlternativeContactSchema = z.strictObject({ label: text(60, 'label'), value: text(200, 'value') });
export type AlternativeContact = z.infer<typeof AlternativeContactSchema>;

export const IncidentScopeSchema = z.strictObject({
    /** Category slugs of the policy whose cases the outage explains. */
    categories: z._default(z.array(z.string().check(z.minLength(1))).check(z.maxLength(50)), []),
    /** Words or phrases matched, case-insensitively, in the complaint's subject and description. */
    keywords: z._default(z.array(text(60, 'keyword')).check(z.maxLength(50)), []),
  }).check(z.refine((s) => s.categories.length + s.keywords.length > 0, { message: 'name at least one category or keyword', path: ['categories'] }));
export type IncidentScope = z.infer<typeof IncidentScopeSchema>;

export const IncidentUpdateSchema = z.strictObject({
    /** 1 for the declaration's own message, then 2, 3, …: what a case records as told. */
    seq: z.number().check(z.int(), z.positive()),
    at: instant,
    message: z.string().check(z.minLength(1)),
    by: z.string(),
  });
export type IncidentUpdate = z.infer<typeof IncidentUpdateSchema>;

export const IncidentOutcomeSchema = z.enum(['resolve', 'requeue']);
export type IncidentOutcome = z.infer<typeof IncidentOutcomeSchema>;

export const IncidentSchema = z.strictObject({
    id: IncidentIdSchema,
    title: z.string().check(z.minLength(1)),
    /** When the outage started (may be before the declaration). */
    since: instant,
    scope: IncidentScopeSchema,
    alternativeContacts: z._default(z.array(AlternativeContactSchema), []),
    status: z.enum(['active', 'resolved']),
    declaredAt: instant,
    declaredBy: z.string(),
    updates: z.array(IncidentUpdateSchema).check(z.minLength(1)),
    resolution: z.optional(z.strictObject({ at: instant, by: z.string(), outcome: IncidentOutcomeSchema, note: z.string().check(z.minLength(1)) })),
    /** Optimistic lock: every change writes `version + 1` on condition that the stored one is `version`. */
    version: z.number().check(z.int(), z.nonnegative()),
  });
export type Incident = z.infer<typeof IncidentSchema>;

/** What staff send to declare one (the console's form, `POST /staff/incidents`). */
export const DeclareIncidentSchema = z.strictObject({
    title: text(200, 'title'),
    since: instant,
    scope: IncidentScopeSchema,
    alternativeContacts: z._default(z.array(AlternativeContactSchema).check(z.maxLength(10)), []),
    /** The first update customers of linked cases receive. */
    message: text(2_000, 'message'),
  });
export type DeclareIncident = z.infer<typeof DeclareIncidentSchema>;

export const PostIncidentUpdateSchema = z.strictObject({ message: text(2_000, 'message') });
export const ResolveIncidentSchema = z.strictObject({ outcome: IncidentOutcomeSchema, note: text(2_000, 'note') });
export type ResolveIncident = z.infer<typeof ResolveIncidentSchema>;

/** A readable, unique id: the title's words and the declaration instant (`inc-checkout-down-20261203t1812`). */
export function incidentIdFor(title: string, at: Date): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'outage';
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15).toLowerCase();
  return `inc-${slug}-${stamp}`;
}

/** The complaint text an incident's scope is matched against. */
export interface MatchableCase {
  category: string;
  subject: string;
  description: string;
}

/** Whether an incident explains a complaint: its category is in scope, or a keyword occurs in its words. */
export function incidentMatches(scope: IncidentScope, c: MatchableCase): boolean {
  if (scope.categories.includes(c.category)) return true;
  const words = `${c.subject}\n${c.description}`.toLocaleLowerCase();
  return scope.keywords.some((k) => words.includes(k.toLocaleLowerCase()));
}

export const latestUpdate = (incident: Incident): IncidentUpdate => incident.updates.at(-1)!;

/**
 * What the public form and case page show while an incident is active: no staff names, no scope (a keyword list
 * says nothing to a customer), the latest word and the other ways to reach us.
 */
export const IncidentBannerSchema = z.strictObject({
    id: IncidentIdSchema,
    title: z.string(),
    status: z.enum(['active', 'resolved']),
    since: instant,
    update: z.strictObject({ at: instant, message: z.string() }),
    alternativeContacts: z.array(AlternativeContactSchema),
  });
export type IncidentBanner = z.infer<typeof IncidentBannerSchema>;

export function incidentBanner(incident: Incident): IncidentBanner {
  const last = latestUpdate(incident);
  return { id: incident.id, title: incident.title, status: incident.status, since: incident.since, update: { at: last.at, message: last.message }, alternativeContacts: incident.alternativeContacts };
}

/** The contacts as one line of an email ("Phone: +1 555 0100; Chat: https://…"). */
export const contactsLine = (contacts: readonly AlternativeContact[]): string => contacts.map((c) => `${c.label}: ${c.value}`).join('; ');
