/**
 * Writes docs/policies.md from the presets: for each seed, every clause with the setting that enforces it or why it
 * stays a human practice, plus the clocks and calendars in force. Generated so the table cannot drift from the JSON.
 * Run: npx tsx tools/policy-docs.ts   (test/tools/generated-files.test.ts fails when the committed file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calendarOf, describeTarget } from '../functions/domain/sla/clock';
import { listPresets, loadPolicy } from '../functions/domain/policy/load';
import type { Policy, Target } from '../functions/domain/policy/schema';

export const docsPath = fileURLToPath(new URL('../docs/policies.md', import.meta.url));

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const SEMANTICS = `## Calendar semantics

Every duration in a policy says its **basis**; calendar time never silently becomes business time.

| setting | meaning |
|---|---|
| \`minutes\` / \`hours\`, basis \`calendar\` | exact elapsed time (a DST night does not add or remove anything) |
| \`days\`, basis \`calendar\` | the same local wall-clock time N days later in the calendar's zone (23 or 25 hours across a DST change) |
| \`minutes\` / \`hours\`, basis \`business\` | N × 60 s / 3600 s of **open** time: the clock runs only while the calendar is open; nights, weekends, the lunch gap, public holidays and company closures do not count |
| \`days\`, basis \`business\` | due at the **close of the Nth whole open day**, counting only open days whose first opening is at or after the start |

Why whole days: "within 3 business days" is read by customers and staff as three working days of attention. A day
already half gone must not count as one, or the customer gets less than was promised. A complaint at Friday 16:29
under 08:00–12:00 + 13:30–16:30 gets Monday, Tuesday, Wednesday: due Wednesday 16:30. One at Monday 07:00 gets
Monday itself as day one. Fractional business days are refused; use business hours for parts of a day.

- **Open time** = the weekly intervals in the calendar's IANA zone, minus public holidays and closures. Intervals are
  half-open \`[start, end)\`: a desk open until 16:30 is closed at 16:30, and a deadline can fall exactly at 16:30
  ("by close of business"), never inside closed time. \`24:00\` ends a day at midnight.
- **Public holidays** come from the \`date-holidays\` library by ISO country (and state), type \`public\` only
  (observances, bank and school holidays do not close a desk). Multi-day holidays (Tết) close every day they cover.
  An unknown country or state fails validation, so a typo never means "no holidays".
- **Closures** are the company's own closed days, both ends inclusive, in the calendar's zone.
- **24/7 calendars** (\`alwaysOpen: true\`) make business time equal calendar time; they allow no holidays.
- **DST**: intervals are built from local wall-clock times each day, so a 00:00–06:00 shift is 5 hours long on the
  night the clocks go forward and 7 on the night they go back; a 09:00–17:00 day stays 8 hours.
- **Pause and resume**: a clock keeps a budget (the basis time between its start and its first due instant). Pausing
  freezes what was used; resuming adds what is left from the resume instant, on the same basis and calendar. A
  paused clock cannot breach. Business-day clocks resumed this way may fall due mid-day: the remaining open time,
  not a new count of whole days, is what the customer is still owed.
- **Which calendar**: a target names its calendar, else the calendar of the category's department (itc's technical
  department works 24/24 on working days), else the policy's default calendar. Calendar-day targets use that
  calendar's zone for the local time.
- **Arithmetic** jumps from open interval to open interval (one step per open day, never per minute) and caches
  each day's intervals; properties (adding then measuring returns the amount, results inside open time or at an
  interval end, monotonic in the start, 24/7 equals plain arithmetic) are tested with fast-check.
`;

const API = `## The clock API (for the workflow)

Everything is pure and exported from \`functions/domain/policy/index.ts\`; every instant is an RFC 3339 string or a
\`Date\`, every deadline a \`Deadline\` \`{ clock, due, startedAt, target, explanation: { clause, calendar, basis, pauses, text } }\`,
and every clock state a JSON-safe \`ClockState\` (validate stored ones with \`ClockStateSchema\`).

| function | use |
|---|---|
| \`planIntakeDeadlines(policy, { category, priority, channel, receivedAt })\` | acknowledgment, firstResponse, resolution deadlines at intake |
| \`planIntake(policy, facts, receivedAt)\` | every intake clock the policy runs (adds autoEscalation, maxProcessing, periodicUpdate), as \`{ state, deadline }\` |
| \`clockTarget(policy, facts, clock)\` | the target in force, or \`undefined\` when the policy does not run that clock |
| \`planClock(policy, facts, clock, start)\` | start any clock (infoRequest, nextReply, silenceReminder, silenceClose, followUp, ...) |
| \`pauseClock(policy, state, at, reason)\` / \`resumeClock(policy, state, at)\` | waiting for the customer; resume returns the recomputed deadline |
| \`stopClock(policy, state, at)\` / \`isBreached(state, now)\` | stop with a verdict (\`met\`); breach check |
| \`escalationPlan(policy, facts, at, rung?)\` / \`nextRung(policy, rung)\` | the rung (role, notify) and its clocks, e.g. seniorResponse 48 h |
| \`disputeReviewPlan(policy, facts, at)\` | Dispute Resolution Team: \`{ update, decision }\` (Promptearn: 3 and 5 business days) |
| \`nextPeriodicUpdate(policy, facts, lastUpdateAt)\` | continuous follow-ups (Earnway critical: every 4 h) |
| \`sequencingDeadline(policy, previousProcessedAt)\` | itc: the customer's next issue within 24 h |
| \`matchEscalationTriggers(policy, { category, subject, description, details })\` | ecomstore: billing disputes over $100, legal, threats |
| \`queueComparator(policy)\` | the policy's queue order over \`{ due, priority, receivedAt }\` |
| \`secondsUntil(due, now)\` | whole seconds ≥ 1 for \`TimeoutSecondsPath\` |
| \`renderMessage(policy, template, vars, { language? })\` | greeting and closing enforced, HTML escaped, header-safe subject; \`MessageError\` otherwise |
`;

function clockRows(policy: Policy): string[] {
  const rows: string[] = [];
  const fallback = `${policy.defaultCalendar}${policy.departments.some((d) => d.calendar) ? ', or the department calendar' : ''}`;
  const describe = (t: Target) => `${describeTarget(t)}${t.calendar ? ` (${t.calendar})` : t.basis === 'business' ? ` (${fallback})` : ''}`;
  for (const [clock, t] of Object.entries(policy.sla.defaults)) rows.push(`| ${clock} | all cases | ${describe(t!)} | ${cell(t!.clause)} |`);
  for (const r of policy.sla.rules) {
    const when = Object.entries(r.when)
      .map(([k, v]) => `${k} ${(v as string[]).join('/')}`)
      .join(', ');
    for (const [clock, t] of Object.entries(r.targets)) rows.push(`| ${clock} | ${cell(when)} | ${describe(t!)} | ${cell(t!.clause)} |`);
  }
  if (policy.sequencing) rows.push(`| next issue of the same customer | all cases | ${describe(policy.sequencing.nextIssueWithin)} | ${cell(policy.sequencing.nextIssueWithin.clause)} |`);
  return rows;
}

function section(name: string): string {
  const p = loadPolicy(name);
  const calendars = Object.keys(p.calendars).map((c) => `- ${calendarOf(p, c).describe()}${p.calendars[c]!.label ? ` — ${p.calendars[c]!.label}` : ''}`);
  const rungs = p.escalation.rungs.map((r) => `- **${r.label}** (\`${r.slug}\`, role \`${r.role}\`; entry: ${r.entry.join(', ')}; clocks: ${r.clocks.join(', ') || 'none'})`);
  const triggers = p.escalation.triggers.map((t) => `- \`${t.slug}\` → ${t.rung}: ${cell(t.clause)}`);
  const messages = [p.messages.greeting && `greeting "${p.messages.greeting}"`, p.messages.closing && `closing "${p.messages.closing}"`].filter(Boolean);
  const languages = [p.messages.language, ...Object.keys(p.messages.translations)].join(', ');
  return [
    `## ${p.title}`,
    '',
    `Preset \`${p.name}\` v${p.version}, from \`${p.source}\`. Case numbers \`${p.caseNumberPrefix}-…\`. Queue order: ${p.queue.order.join(', then ')} (${cell(p.queue.clause)}).`,
    `Messages in ${languages}${messages.length ? `, every one framed by ${messages.join(' and ')}` : ''}.`,
    '',
    '**Calendars**',
    '',
    ...calendars,
    '',
    '**Clocks**',
    '',
    '| clock | applies to | target | clause |',
    '|---|---|---|---|',
    ...clockRows(p),
    '',
    ...(rungs.length ? ['**Escalation ladder**', '', ...rungs, ''] : []),
    ...(triggers.length ? ['**Escalation triggers**', '', ...triggers, ''] : []),
    '**Every clause of the seed**',
    '',
    '| § | clause | enforced by | human practice (why not software) |',
    '|---|---|---|---|',
    ...p.clauses.map((c) => `| ${cell(c.ref)} | ${cell(c.text)} | ${c.enforcedBy.map((e) => `\`${cell(e)}\``).join('<br>') || '—'} | ${c.practice ? `${c.enforcedBy.length ? 'partly a human practice' : 'a human practice, not enforced by software'}: ${cell(c.practice)}` : '—'} |`),
    '',
  ].join('\n');
}

export function renderPolicyDocs(): string {
  const presets = listPresets();
  return [
    '# Policies',
    '',
    '<!-- Generated by tools/policy-docs.ts from policies/*.json; edit the presets, then run `npx tsx tools/policy-docs.ts`. -->',
    '',
    'A written support policy becomes a preset under `policies/`, validated by the zod schema in',
    '`functions/domain/policy/schema.ts` (JSON Schema for editors: `policies/policy.schema.json`) at `cdk synth`, at',
    '`npm start` and when a Lambda loads it; an invalid preset fails with a message naming the bad field. Each case records',
    'the policy name and version it started under. Try a policy before rollout with',
    '`npm run simulate -- --policy <name> --scenario scenarios/<file>.json`.',
    '',
    `Presets: ${presets.map((n) => `\`${n}\``).join(', ')} (default \`promptearn\`). In the clause tables, "enforced by" names`,
    'settings by their path in the preset (`categories[slug=x]` is the category with that slug); a test proves each exists.',
    'Settings marked "Not in the seed" in their clause are Redress defaults where the seed is silent.',
    '',
    SEMANTICS,
    API,
    ...presets.map(section),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(docsPath, renderPolicyDocs());
  console.log(`wrote ${docsPath}`);
}
