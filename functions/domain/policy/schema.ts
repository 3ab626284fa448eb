import * as z from 'zod';

/**
 * The policy model: a written support policy as data. Presets live in `policies/*.json` and are validated
 * by this schema at synth, at `npm start` and when a Lambda loads them, so a typo fails loudly and names the field.
 */

const slug = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case');
const fieldName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'use camelCase');
const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'use HH:mm (24-hour)');

export const ChannelSchema = z.enum(['api', 'web', 'email', 'social', 'chat', 'phone']);
export type Channel = z.infer<typeof ChannelSchema>;

/**
 * A span of time. `basis` is required on purpose: "24 hours" and "3 business days" are different promises,
 * and a policy must say which one it means (calendar time never silently becomes business time).
 */
export const DurationSchema = z
  .object({
    amount: z.number().positive(),
    unit: z.enum(['minutes', 'hours', 'days']),
    basis: z.enum(['calendar', 'business']),
  })
  .strict();
export type Duration = z.infer<typeof DurationSchema>;

/** A promise with the words of the policy it comes from, so every deadline can explain itself. */
export const TargetSchema = DurationSchema.extend({
  clause: z.string().min(1),
  /** Which of the policy's calendars measures business time; the policy's default calendar if absent. */
  calendar: slug.optional(),
}).strict();
export type Target = z.infer<typeof TargetSchema>;

export const ClockNameSchema = z.enum(['acknowledgment', 'firstResponse', 'resolution']);
export type ClockName = z.infer<typeof ClockNameSchema>;

export const ClockTargetsSchema = z.partialRecord(ClockNameSchema, TargetSchema);
export type ClockTargets = z.infer<typeof ClockTargetsSchema>;

export const FieldSpecSchema = z
  .object({
    name: fieldName,
    label: z.string().min(1),
    type: z.enum(['text', 'longText', 'email', 'money', 'date', 'dateTime', 'url', 'enum']),
    required: z.boolean().default(true),
    options: z.array(z.string().min(1)).min(1).optional(),
    pattern: z.string().optional(),
    patternMessage: z.string().optional(),
    maxLength: z.number().int().positive().optional(),
    help: z.string().optional(),
  })
  .strict()
  .refine((f) => f.type !== 'enum' || f.options !== undefined, { message: 'enum fields need options', path: ['options'] });
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

export const CategorySchema = z
  .object({
    slug,
    label: z.string().min(1),
    description: z.string().default(''),
    defaultPriority: slug,
    department: slug,
    details: z.array(FieldSpecSchema).default([]),
  })
  .strict();
export type Category = z.infer<typeof CategorySchema>;

export const PrioritySchema = z.object({ slug, label: z.string().min(1) }).strict();
export const DepartmentSchema = z
  .object({ slug, label: z.string().min(1), handles: z.array(z.string().min(1)).default([]) })
  .strict();

const IntervalSchema = z
  .object({ start: clockTime, end: clockTime })
  .strict()
  .refine((i) => i.start < i.end, { message: 'start must be before end', path: ['end'] });

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const CalendarSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'not an IANA time zone'),
    /** Open intervals per weekday in the calendar's time zone; a missing day is closed. */
    weekly: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(IntervalSchema)),
    holidays: z.object({ country: z.string().length(2), state: z.string().optional() }).strict().optional(),
    closures: z
      .array(z.object({ from: z.iso.date(), to: z.iso.date(), label: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();
export type Calendar = z.infer<typeof CalendarSchema>;

export const SlaRuleSchema = z
  .object({
    when: z
      .object({
        category: z.array(slug).optional(),
        priority: z.array(slug).optional(),
        channel: z.array(ChannelSchema).optional(),
      })
      .strict(),
    targets: ClockTargetsSchema,
  })
  .strict();

export const MessageTemplateSchema = z.object({ subject: z.string().min(1), body: z.string().min(1) }).strict();

export const PolicySchema = z
  .object({
    $schema: z.string().optional(),
    name: slug,
    title: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use semantic versioning, e.g. 1.0.0'),
    source: z.string().min(1),
    caseNumberPrefix: z.string().regex(/^[A-Z]{2,4}$/, 'two to four capital letters'),
    defaultCalendar: slug,
    calendars: z.record(slug, CalendarSchema),
    priorities: z.array(PrioritySchema).min(1),
    departments: z.array(DepartmentSchema).min(1),
    categories: z.array(CategorySchema).min(1),
    sla: z.object({ defaults: ClockTargetsSchema, rules: z.array(SlaRuleSchema).default([]) }).strict(),
    messages: z
      .object({
        greeting: z.string().optional(),
        closing: z.string().optional(),
        templates: z.record(slug, MessageTemplateSchema),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const known = (list: { slug: string }[]) => new Set(list.map((x) => x.slug));
    const priorities = known(p.priorities);
    const departments = known(p.departments);
    const categories = known(p.categories);
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!(p.defaultCalendar in p.calendars)) issue(['defaultCalendar'], `no calendar named "${p.defaultCalendar}"`);
    p.categories.forEach((c, i) => {
      if (!priorities.has(c.defaultPriority)) issue(['categories', i, 'defaultPriority'], `unknown priority "${c.defaultPriority}"`);
      if (!departments.has(c.department)) issue(['categories', i, 'department'], `unknown department "${c.department}"`);
    });
    p.sla.rules.forEach((r, i) => {
      r.when.category?.forEach((s) => categories.has(s) || issue(['sla', 'rules', i, 'when', 'category'], `unknown category "${s}"`));
      r.when.priority?.forEach((s) => priorities.has(s) || issue(['sla', 'rules', i, 'when', 'priority'], `unknown priority "${s}"`));
    });
    const targets = [p.sla.defaults, ...p.sla.rules.map((r) => r.targets)];
    for (const t of targets.flatMap((x) => Object.values(x))) {
      if (t?.calendar && !(t.calendar in p.calendars)) issue(['sla'], `a target names the unknown calendar "${t.calendar}"`);
    }
  });
export type Policy = z.infer<typeof PolicySchema>;
