import * as z from '../zod';
import { KpiTargetsSchema } from '../kpi/targets';
import { DEFAULT_RETENTION, RetentionSettingsSchema } from './retention-schema';
import { CalendarSchema } from '../calendar/schema';
import { MoneySchema } from '../money';
import { FinanceSettingsSchema, financeSettingsIssues } from './finance-schema';
import { TargetSchema } from './target-schema';
import { ChannelSchema, ClockNameSchema, QueueKeySchema, type Channel, type ClockName } from './names';

export { CalendarSchema, type Calendar } from '../calendar/schema';
export { DEFAULT_RETENTION, RetentionSettingsSchema, type RetentionSettings } from './retention-schema';
export { ChannelSchema, CLOCK_NAMES, ClockNameSchema, QueueKeySchema, type Channel, type ClockName, type QueueKey } from './names';

/**
 * The policy model: a written support policy as data. Presets live in `policies/*.json` and are validated
 * by this schema at synth, at `npm start` and when a Lambda loads them, so a typo fails loudly and names the field.
 */

const slug = z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case'));
const fieldName = z.string().check(z.regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase'));
const language = z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag such as en or vi'));

export { DurationSchema, TargetSchema, type Duration, type Target } from './target-schema';

export const ClockTargetsSchema = z.partialRecord(ClockNameSchema, TargetSchema);
export type ClockTargets = z.infer<typeof ClockTargetsSchema>;

export const FieldSpecSchema = z.strictObject({
    name: fieldName,
    label: z.string().check(z.minLength(1)),
    type: z.enum(['text', 'longText', 'email', 'money', 'date', 'dateTime', 'url', 'enum']),
    required: z._default(z.boolean(), true),
    options: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
    pattern: z.optional(z.string()),
    patternMessage: z.optional(z.string()),
    maxLength: z.optional(z.number().check(z.int(), z.positive())),
    help: z.optional(z.string()),
    /**
     * Stored sealed under the customer's data key (functions/core/sealed-details.ts), shown everywhere masked to its
     * last four characters; only finance may ask for the clear value, through the audited reveal route.
     */
    sensitive: z.optional(z.boolean()),
    /**
     * One of the customer's payout details (bank, account): seeing or changing it is a sensitive operation, so the
     * customer's case view shows it only after a fresh step-up (functions/domain/identity/step-up.ts).
     */
    payout: z.optional(z.boolean()),
  }).check(z.refine((f) => f.type !== 'enum' || f.options !== undefined, { message: 'enum fields need options', path: ['options'] }), z.refine((f) => {
      if (f.pattern === undefined) return true;
      try {
        new RegExp(f.pattern);
        return true;
      } catch {
        return false;
      }
    }, { message: 'not a valid regular expression', path: ['pattern'] }));
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

export const CategorySchema = z.strictObject({
    slug,
    label: z.string().check(z.minLength(1)),
    description: z._default(z.string(), ''),
    defaultPriority: slug,
    department: slug,
    details: z._default(z.array(FieldSpecSchema), []),
    /** Flags escalation triggers can match, e.g. "legal" or "critical". */
    flags: z._default(z.array(slug), []),
  });
export type Category = z.infer<typeof CategorySchema>;

/** Priorities in order of urgency: the first is the most urgent (the queue uses this order). */
export const PrioritySchema = z.strictObject({ slug, label: z.string().check(z.minLength(1)), description: z.optional(z.string()) });
export type Priority = z.infer<typeof PrioritySchema>;

export const DepartmentSchema = z.strictObject({
    slug,
    label: z.string().check(z.minLength(1)),
    /** What the department handles, in the policy's words (seed 002: "Configure hosting, domain"). */
    handles: z._default(z.array(z.string().check(z.minLength(1))), []),
    /** A department's own hours, e.g. a 24/7 technical desk; the policy's default calendar if absent. */
    calendar: z.optional(slug),
    /** Seed 002: "employees only solve problems within their scope": cases go only to their department's staff. */
    exclusive: z._default(z.boolean(), false),
  });
export type Department = z.infer<typeof DepartmentSchema>;

export const SlaRuleSchema = z.strictObject({
    when: z.strictObject({
        category: z.optional(z.array(slug)),
        priority: z.optional(z.array(slug)),
        channel: z.optional(z.array(ChannelSchema)),
      }),
    targets: ClockTargetsSchema,
  });
export type SlaRule = z.infer<typeof SlaRuleSchema>;

/** A channel customers use, its hours, and the practice behind it; response targets live in `sla.rules`. */
export const ChannelPolicySchema = z.strictObject({
    channel: ChannelSchema,
    label: z.string().check(z.minLength(1)),
    /** When staff answer on this channel; the default calendar if absent. */
    calendar: z.optional(slug),
    contact: z.optional(z.string()),
    /** A human practice on this channel the software cannot enforce (e.g. "answer within 3 rings"). */
    practice: z.optional(z.string()),
  });
export type ChannelPolicy = z.infer<typeof ChannelPolicySchema>;

export const EscalationRungSchema = z.strictObject({
    slug,
    label: z.string().check(z.minLength(1)),
    /** The staff role that owns the case on this rung, e.g. senior_representative. */
    role: slug,
    /** How a case reaches the rung: by the autoEscalation clock, at the customer's request, by a trigger, or from the rung below. */
    entry: z.array(z.enum(['automatic', 'customerRequest', 'trigger', 'previousRung'])).check(z.minLength(1)),
    /** The clocks that run once the case is on this rung, e.g. ["seniorResponse"]. */
    clocks: z._default(z.array(ClockNameSchema), []),
    /** Who is told when a case reaches the rung. */
    notify: z._default(z.array(z.enum(['customer', 'supervisor', 'assignee', 'department'])), []),
    clause: z.string().check(z.minLength(1)),
  });
export type EscalationRung = z.infer<typeof EscalationRungSchema>;

/**
 * Seed 004 "When to escalate". A trigger fires when ALL its given conditions hold; the case then goes straight to `rung`.
 * Money thresholds compare a money detail field in minor units of the same currency (never floats).
 */
export const EscalationTriggerSchema = z.strictObject({
    slug,
    clause: z.string().check(z.minLength(1)),
    rung: slug,
    when: z.strictObject({
        category: z.optional(z.array(slug)),
        /** Any of these category flags. */
        flags: z.optional(z.array(slug)),
        /** Any of these words in the subject or description (case-insensitive, whole words). */
        keywords: z.optional(z.array(z.string().check(z.minLength(2)))),
        /** A money detail field strictly over the amount. */
        amountOver: z.optional(z.strictObject({ field: fieldName, limit: MoneySchema })),
      }).check(z.refine((w) => Object.values(w).some((v) => v !== undefined), { message: 'a trigger needs at least one condition' })),
  });
export type EscalationTrigger = z.infer<typeof EscalationTriggerSchema>;

/** What the staff queue can be ordered by: the earliest staff deadline, the priority's rank, arrival. */
export const MessageTemplateSchema = z.strictObject({ subject: z.string().check(z.minLength(1)), body: z.string().check(z.minLength(1)) });
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>;

const MessageSetSchema = z.strictObject({
    /** Every message starts with it (seed 002: "Dear customers"). */
    greeting: z.optional(z.string().check(z.minLength(1))),
    /** Every message ends with it (seed 002: "Thank you for your interest in our products and services."). */
    closing: z.optional(z.string().check(z.minLength(1))),
    templates: z.record(slug, MessageTemplateSchema),
  });

const hexColour = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb'));

/**
 * How the company presents itself in customer emails and on the case page, so both speak with one voice. Every
 * field is optional: an unbranded policy gets neutral colours and no company name (see `brandingOf`).
 */
export const BrandingSchema = z.strictObject({
    /** Shown at the top of every email and on the case page, e.g. "Promptearn". */
    companyName: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
    /** Where customers can write; shown (as a mailto link) in every email's footer and on the case page. */
    supportAddress: z.optional(z.email()),
    /** The header band, buttons and links. */
    primaryColor: z.optional(hexColour),
    /** Text on the primary colour (white unless the primary colour is light). */
    onPrimaryColor: z.optional(hexColour),
  });
export type Branding = z.infer<typeof BrandingSchema>;

export const PLACEHOLDERS = [
  'incidentTitle',
  'alternativeContacts',
  'caseNumber',
  'customerName',
  'subject',
  'resolutionDue',
  'statusUrl',
  'dueAt',
  'message',
  'questions',
  'closesAt',
  'resolution',
  'actionsTaken',
  'nextSteps',
  'rung',
  'trigger',
  'seniorResponseDue',
  'disputeUpdateDue',
  'disputeDecisionDue',
  'notice',
  'reason',
  'surveyUrl',
  'policyTitle',
  // Money (refund and chargeback messages): an amount as "NGN 1234.56", the order or transaction it concerns, a result.
  'amount',
  'reference',
  'outcome',
  // A payout-delay complaint's acknowledgment: when the withdrawal is expected in the customer's bank.
  'payoutExpected',
  // The notice to a previous address after an email correction: when, the new address masked, where to write.
  'changedAt',
  'newAddress',
  'supportAddress',
] as const;

export const ClauseSchema = z.strictObject({
    /** Where the clause is in the seed, e.g. "2.1" or "Step 2". */
    ref: z.string().check(z.minLength(1)),
    text: z.string().check(z.minLength(1)),
    /** Dotted paths of the settings that enforce the clause, e.g. "sla.defaults.acknowledgment". */
    enforcedBy: z._default(z.array(z.string().check(z.minLength(1))), []),
    /** Set when no setting enforces the clause: why it stays a human practice. */
    practice: z.optional(z.string().check(z.minLength(1))),
  }).check(z.refine((c) => c.enforcedBy.length > 0 || c.practice !== undefined, {
    message: 'a clause is either enforced by settings or explained as a human practice',
    path: ['practice'],
  }));
export type Clause = z.infer<typeof ClauseSchema>;

export const PolicySchema = z.strictObject({
    $schema: z.optional(z.string()),
    name: slug,
    title: z.string().check(z.minLength(1)),
    version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'use semantic versioning, e.g. 1.0.0')),
    source: z.string().check(z.minLength(1)),
    caseNumberPrefix: z.string().check(z.regex(/^[A-Z]{2,4}$/, 'two to four capital letters')),
    defaultCalendar: slug,
    calendars: z.record(slug, CalendarSchema),
    priorities: z.array(PrioritySchema).check(z.minLength(1)),
    departments: z.array(DepartmentSchema).check(z.minLength(1)),
    categories: z.array(CategorySchema).check(z.minLength(1)),
    channels: z._default(z.array(ChannelPolicySchema), []),
    sla: z.strictObject({ defaults: ClockTargetsSchema, rules: z._default(z.array(SlaRuleSchema), []) }),
    escalation: z._default(z.strictObject({ rungs: z._default(z.array(EscalationRungSchema), []), triggers: z._default(z.array(EscalationTriggerSchema), []) }), { rungs: [], triggers: [] }),
    /** Seed 002: "the next issue is processed within 24 hours of the previous issue being processed". */
    sequencing: z.optional(z.strictObject({ nextIssueWithin: TargetSchema })),
    /** How the staff queue is ordered; the first key decides, later keys break ties. */
    queue: z._default(z.strictObject({ order: z.array(QueueKeySchema).check(z.minLength(1)), clause: z.string().check(z.minLength(1)) }), { order: ['due', 'receivedAt'], clause: 'oldest deadline first, then first come, first served' }),
    messages: z.extend(MessageSetSchema, {
      /** The language of `greeting`, `closing` and `templates`. */
      language: z._default(language, 'en'),
      /**
       * Other languages (greeting and closing required where the base set has them). A template missing in a
       * translation is sent in the policy's own language, greeting and closing included, never half-translated.
       */
      translations: z._default(z.record(language, MessageSetSchema), {}),
    }),
    clauses: z._default(z.array(ClauseSchema), []),
    branding: z.optional(BrandingSchema),
    /** Refund limits, the finance decision time, chargeback evidence and reminders, payout arrival (finance-schema.ts). */
    finance: z.optional(FinanceSettingsSchema),
    /** Reporting targets (seed 004 section 16): what the KPI dashboard and the scheduled reports judge each KPI against. */
    kpis: z.optional(KpiTargetsSchema),
    /** How long closed cases' personal data is kept, and the mediation hold (retention-schema.ts); a default where a policy is silent. */
    retention: z._default(RetentionSettingsSchema, DEFAULT_RETENTION),
  }).check(z.superRefine((p, ctx) => {
    const known = (list: { slug: string }[]) => new Set(list.map((x) => x.slug));
    const priorities = known(p.priorities);
    const departments = known(p.departments);
    const categories = known(p.categories);
    const calendars = new Set(Object.keys(p.calendars));
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const checkCalendar = (path: (string | number)[], name: string | undefined) => {
      if (name !== undefined && !calendars.has(name)) issue(path, `no calendar named "${name}"; known: ${[...calendars].join(', ')}`);
    };
    const unique = (list: { slug: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => (seen.has(x.slug) ? issue([path, i, 'slug'], `duplicate slug "${x.slug}"`) : seen.add(x.slug)));
    };
    unique(p.priorities, 'priorities');
    unique(p.departments, 'departments');
    unique(p.categories, 'categories');
    checkCalendar(['defaultCalendar'], p.defaultCalendar);
    p.departments.forEach((d, i) => checkCalendar(['departments', i, 'calendar'], d.calendar));
    p.channels.forEach((c, i) => checkCalendar(['channels', i, 'calendar'], c.calendar));
    p.categories.forEach((c, i) => {
      if (!priorities.has(c.defaultPriority)) issue(['categories', i, 'defaultPriority'], `unknown priority "${c.defaultPriority}"`);
      if (!departments.has(c.department)) issue(['categories', i, 'department'], `unknown department "${c.department}"`);
    });
    const checkTargets = (targets: Record<string, { calendar?: string } | undefined>, path: (string | number)[]) => {
      for (const [clock, t] of Object.entries(targets)) checkCalendar([...path, clock, 'calendar'], t?.calendar);
    };
    checkTargets(p.sla.defaults, ['sla', 'defaults']);
    // The next-issue clock runs from the previous case's resolution, so only `sequencing` can set it.
    if (p.sla.defaults.nextIssue) issue(['sla', 'defaults', 'nextIssue'], 'set the next-issue promise in sequencing.nextIssueWithin');
    p.sla.rules.forEach((r, i) => r.targets.nextIssue && issue(['sla', 'rules', i, 'targets', 'nextIssue'], 'set the next-issue promise in sequencing.nextIssueWithin'));
    p.sla.rules.forEach((r, i) => {
      r.when.category?.forEach((s, j) => categories.has(s) || issue(['sla', 'rules', i, 'when', 'category', j], `unknown category "${s}"`));
      r.when.priority?.forEach((s, j) => priorities.has(s) || issue(['sla', 'rules', i, 'when', 'priority', j], `unknown priority "${s}"`));
      checkTargets(r.targets, ['sla', 'rules', i, 'targets']);
    });
    if (p.sequencing) checkCalendar(['sequencing', 'nextIssueWithin', 'calendar'], p.sequencing.nextIssueWithin.calendar);
    // The payout clock runs from the withdrawal, not from receipt, so only `finance.payouts` can set it.
    if (p.sla.defaults.payoutArrival) issue(['sla', 'defaults', 'payoutArrival'], 'set the payout promise in finance.payouts.arrivalWithin');
    p.sla.rules.forEach((r, i) => r.targets.payoutArrival && issue(['sla', 'rules', i, 'targets', 'payoutArrival'], 'set the payout promise in finance.payouts.arrivalWithin'));
    if (p.finance) for (const [path, message] of financeSettingsIssues(p, p.finance)) issue(['finance', ...path], message);
    p.escalation.triggers.forEach((t, i) => {
      const rung = p.escalation.rungs.find((r) => r.slug === t.rung);
      if (!rung) issue(['escalation', 'triggers', i, 'rung'], `unknown escalation rung "${t.rung}"`);
      else if (!rung.entry.includes('trigger')) issue(['escalation', 'triggers', i, 'rung'], `rung "${t.rung}" is not entered by a trigger: add "trigger" to its entry`);
      t.when.category?.forEach((s, j) => categories.has(s) || issue(['escalation', 'triggers', i, 'when', 'category', j], `unknown category "${s}"`));
      const field = t.when.amountOver?.field;
      if (field !== undefined) {
        const hasMoneyField = p.categories.some((c) => c.details.some((d) => d.name === field && d.type === 'money'));
        if (!hasMoneyField) issue(['escalation', 'triggers', i, 'when', 'amountOver', 'field'], `no category has a money detail "${field}"`);
      }
    });
    // Templates may only use known placeholders: an unknown one would reach a customer as a hole or an error later.
    const checkTemplates = (set: z.infer<typeof MessageSetSchema>, path: (string | number)[]) => {
      for (const [name, t] of Object.entries(set.templates)) {
        for (const part of ['subject', 'body'] as const) {
          for (const m of t[part].matchAll(/\{\{\s*[#/]?([^}]*?)\s*\}\}/g)) {
            if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
              issue([...path, 'templates', name, part], `unknown placeholder {{${m[1]}}}; known: ${PLACEHOLDERS.join(', ')}`);
            }
          }
        }
      }
    };
    checkTemplates(p.messages, ['messages']);
    for (const [lang, set] of Object.entries(p.messages.translations)) {
      checkTemplates(set, ['messages', 'translations', lang]);
      if (p.messages.greeting && !set.greeting) issue(['messages', 'translations', lang, 'greeting'], 'the policy requires a greeting in every language');
      if (p.messages.closing && !set.closing) issue(['messages', 'translations', lang, 'closing'], 'the policy requires a closing in every language');
    }
    p.clauses.forEach((c, i) =>
      c.enforcedBy.forEach((path, j) => {
        if (resolvePath(p, path) === undefined) issue(['clauses', i, 'enforcedBy', j], `"${path}" names no setting in this policy`);
      }),
    );
  }));
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

/**
 * Reads a dotted path such as `sla.rules.0.targets.resolution` or `categories[slug=payout_delay]` from a policy:
 * the docs' clause table names settings this way and a test proves each one exists.
 */
export function resolvePath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (node === undefined || node === null) return undefined;
    const bySlug = /^(\w+)\[(\w+)=([\w-]+)\]$/.exec(part);
    if (bySlug) {
      const list = (node as Record<string, unknown>)[bySlug[1]!];
      node = Array.isArray(list) ? list.find((x) => (x as Record<string, unknown>)[bySlug[2]!] === bySlug[3]) : undefined;
    } else {
      node = (node as Record<string, unknown>)[part];
    }
  }
  return node;
}
