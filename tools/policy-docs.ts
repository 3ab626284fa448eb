/**
 * Writes docs/policies.md from the presets: for each seed, every clause with the setting that enforces it or why it
 * stays a human practice, plus the clocks and calendars in force. Generated so the table cannot drift from the JSON.
 * Run: npx tsx tools/policy-docs.ts   (test/tools/generated-files.test.ts fails when the committed file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { calendarOf, describeTarget } from '../functions/domain/sla/clock';
import { listPresets, loadPolicy } from '../functions/domain/policy/load';
import { resolvePath, type Clause, type Policy, type Target } from '../functions/domain/policy/schema';

/**
 * What proves each kind of setting, by its path with list selectors and indexes dropped (`sla.rules.0.targets.x` is
 * `sla.rules.targets.x`). A setting is "enforced" only where a named behavioural test drives it through the running
 * system and sees its effect: the core's use cases and the workflow's steps on DynamoDB Local with the real store,
 * notifier and SES (test/core/running-system.ts), or the synthesized state machine on the local stack
 * (test/workflow/); never a test of the pure domain alone. `needs` says what the running system must still pass in
 * for it to apply there. `practice` settings inform people and promise nothing software could check; `notYet` ones
 * are read by nobody yet. test/tools/generated-files.test.ts checks every named test exists, none is a domain test,
 * and every setting a preset uses is here.
 */
export type Proof = { test: string; name: string; needs?: string } | { practice: string } | { notYet: string };

const CLOCKS = 'test/core/clock-clauses.test.ts';
const CLAUSES = 'test/core/clauses.test.ts';
const clocks = (name: string): Proof => ({ test: CLOCKS, name });
const clauses = (name: string): Proof => ({ test: CLAUSES, name });

const ACK = 'itc (Ho Chi Minh City, 08:00–12:00 + 13:30–16:30): the acknowledgment is due 2 business hours later, across the lunch gap or the weekend, and is mailed at once';
const SILENCE = 'itc: a silent customer is reminded 2 business days after the question and the case closes after 5, skipping National Day and the weekend';
const LADDER = 'ecomstore (New York, across the end of daylight saving): unresolved after 24 hours it goes to a supervisor, whose 4 business hours end Monday 11:00 EST; their silence takes it to management';
const REVIEW = 'promptearn (Lagos): the Dispute Resolution Team owes an update in 3 business days and a decision in 5, skipping Independence Day and the weekend; a missed update tells the customer, a missed decision the supervisor';
const FOLLOW_UP = 'promptearn: a resolution at 11:00 sends the satisfaction survey 24 hours later, and the case closes when the 7-day survey window ends';
const CRITICAL_LATE = "earnway: a critical case (its category's default priority) not started within 2 hours breaches at 11:00 and the supervisor is mailed";
const TECHNICAL = "itc: a technical request is acknowledged within 2 hours and started within 4 on the technical department's 24/24 working-day calendar, a business one on office hours; a message on it is due by the end of the next working day";
const CHANNELS = "ecomstore takes complaints by web, email and social media, each with its channel's first-response target: 2 hours, 2 business hours (Monday 11:00 for a Saturday email), 4 hours; a Saturday chat is answered within 5 minutes, 24/7";
const MAIL = `itc: every mail the customer receives, as SES sends it, uses the policy's own templates and opens with "Dear customers," and ends with the closing sentence`;

const clockProof: Record<string, Proof> = {
  acknowledgment: clocks(ACK),
  firstResponse: clocks('ecomstore (New York): an email received Monday 16:00 is due a first response 2 business hours later, Tuesday 10:00; missed, it breaches and the supervisor is mailed'),
  nextReply: clocks('itc: a customer message on an open case is due an answer by the close of the next whole business day; unanswered, it breaches and the supervisor is mailed'),
  periodicUpdate: clocks('earnway: a critical issue answered at 10:30 gets a progress update mailed at 14:30, 4 hours later, while it stays unresolved'),
  infoRequest: clocks('promptearn: a payout complaint by email opens without its bank details; the customer must be asked within 24 hours, and a case nobody asks breaches'),
  resolution: clocks('promptearn: asking the customer pauses the 48-hour resolution clock; the answer resumes it with the 44 hours left, and silence past it escalates'),
  silenceReminder: clocks(SILENCE),
  silenceClose: clocks(SILENCE),
  autoEscalation: clocks(LADDER),
  seniorResponse: clocks(LADDER),
  disputeUpdate: clocks(REVIEW),
  disputeDecision: clocks(REVIEW),
  followUp: clocks(FOLLOW_UP),
  followUpClose: clocks(FOLLOW_UP),
  maxProcessing: clocks('itc: a case still open 7 days after it was received breaches the maximum processing time and the supervisor is mailed'),
};

export const ENFORCEMENT: Record<string, Proof> = {
  ...Object.fromEntries(Object.entries(clockProof).flatMap(([c, p]) => [[`sla.defaults.${c}`, p], [`sla.rules.targets.${c}`, p]])),
  'sla.rules.when.channel': clocks(CHANNELS),
  'sla.rules.when.priority': clocks(CRITICAL_LATE),
  'sla.rules.when.category': clocks(TECHNICAL),
  calendars: clocks(ACK),
  priorities: clauses('earnway: critical first, even before a routine case due earlier'),
  'departments.calendar': clocks(TECHNICAL),
  'departments.exclusive': clauses('itc: staff of another department may not act on a business case; the business department and supervisors may'),
  'departments.handles': { practice: 'What each department handles, in the policy words, for the people who choose a category.' },
  'categories.department': clauses('itc: staff of another department may not act on a business case; the business department and supervisors may'),
  'categories.defaultPriority': clocks(CRITICAL_LATE),
  'categories.details': clocks('ecomstore: a complaint about an order without its order number is refused naming the missing detail; with it, the case opens and keeps it'),
  'categories.flags.critical': clocks(CRITICAL_LATE),
  'categories.flags.verify_identity': clauses('earnway: on a flagged category a reply is refused until staff record how the identity was verified'),
  'escalation.rungs': {
    test: 'test/workflow/lifecycle-promptearn.test.ts',
    name: '48 h without an answer: first-response breach to the supervisor, automatic escalation to the senior, then the Dispute Resolution Team',
  },
  'escalation.mediation': clauses('promptearn: the same dispute after the Dispute Resolution Team ends in a recommendation of mediation'),
  'escalation.finalDecision': clauses('ecomstore: a customer disputing the resolution by management gets a final decision, never mediation'),
  'escalation.triggers.amountOver': clauses('ecomstore: a billing dispute of USD 100.01 goes to a supervisor when acknowledged; one of exactly USD 100.00 stays on the front line'),
  'escalation.triggers.keywords': clauses('ecomstore: a complaint that says "my lawyer will take legal action" is escalated; a later customer message with such words escalates too'),
  'escalation.triggers.flags': clauses("ecomstore: a security incident goes straight to management, past the supervisor rung, with the rung's notifications"),
  'escalation.triggers.category': clauses('earnway: a complaint about staff conduct goes to the support supervisor when acknowledged'),
  'sequencing.nextIssueWithin': clauses("itc: a resolution makes the customer's oldest case already waiting the next issue, and only that one"),
  'queue.order': clauses('earnway: critical first, even before a routine case due earlier'),
  'channels.chat': clauses('ecomstore takes a complaint by live chat with its chat targets; itc, which lists no chat, refuses one'),
  'channels.phone': clauses('ecomstore takes a logged phone call as a case with the phone target; itc, which lists no phone line, refuses one'),
  'channels.open': clocks(CHANNELS),
  'channels.practice': { practice: 'A practice on a channel that Redress does not run (e.g. rings on the phone system).' },
  'messages.greeting': clocks(MAIL),
  'messages.closing': clocks(MAIL),
  'messages.templates': clocks(MAIL),
  'messages.translations': clauses('itc: a Vietnamese-speaking customer gets every message in Vietnamese, framed by the Vietnamese greeting and closing'),
  caseNumberPrefix: clocks('every preset numbers its cases with its own prefix and the year, in the intake answer and the acknowledgment mail'),
  version: clauses('a case is decided by the version it started under; a new version applies to new cases only'),
  'finance.payouts.arrivalWithin': {
    test: 'test/core/payout-clock.test.ts',
    name: 'promptearn: a withdrawal placed on Saturday is not late on Sunday; it is expected Tuesday 17:00, the customer is told so, and it breaches only then',
  },
  'retention.closedCaseDataDays': {
    test: 'test/integration/local-retention.test.ts',
    name: "retention: a closed case's personal data expires after the policy's period under virtual time; KPI counts stay",
  },
  'retention.mediationHoldDays': {
    test: 'test/core/retention.test.ts',
    name: "a case ended with mediation recommended is on hold for the policy's mediation window: erasure refused, then allowed",
  },
  'finance.refunds': { test: 'test/core/finance/refunds.test.ts', name: 'one minor unit above the limit waits for finance: an agent is refused 403, finance approves' },
  'finance.chargebacks': {
    test: 'test/core/finance/webhooks-and-timers.test.ts',
    name: 'chargeback reminders fire ahead of the hard deadline; evidence after it is refused and the chargeback expires',
  },
};

/** The timetable of one preset in test/core/clock-clauses.test.ts: every clock it names, due on that preset's calendar. */
const TIMETABLE = {
  generic:
    'generic (London office 09:00–17:00, English bank holidays, summer time; chat 08:00–20:00 on weekdays): 1-hour acknowledgment, 24-hour answers, 5 business days to resolve (2 when high), 3 and 10 business days of silence, a survey the next day',
  earnway:
    'earnway (around the clock, UTC): 24-hour acknowledgment, 48-hour answers, resolution and updates, a supervisor after 96 hours with 24 of their own; critical cases resolved in 24 hours or escalated',
  promptearn:
    'promptearn (Lagos office 09:00–17:00, Nigerian holidays): 24-hour acknowledgment and answers, 48 hours to resolve (24 when high), a senior after 48 hours with 48 of their own, then the Dispute Resolution Team; 3 and 7 days of silence',
  itc: 'itc (Ho Chi Minh City office hours): one business day to start, a Customer Room after 5 days with one business day of its own, 7 days at most; the survey the next business day, closed 5 business days later',
  ecomstore:
    'ecomstore (New York 09:00–17:00, US holidays): 2 business hours for a message, 2 business days of silence across Thanksgiving, 24 hours to resolve, then a supervisor and management with 4 business hours each',
};
const own = (proof: Proof, keys: string[]): Record<string, Proof> => Object.fromEntries(keys.map((k) => [k, proof]));
const defaults = (...clockIds: string[]) => clockIds.map((c) => `sla.defaults.${c}`);
const rules = (...clockIds: string[]) => clockIds.map((c) => `sla.rules.targets.${c}`);
const COMMON = defaults('acknowledgment', 'firstResponse', 'autoEscalation', 'seniorResponse', 'silenceReminder', 'silenceClose', 'nextReply', 'followUp', 'followUpClose');

/**
 * Where a test drives a setting under the preset's own policy, that preset's clauses name it rather than a test of
 * another preset: the same mechanism, with this policy's amounts on this policy's calendars. Keys are ENFORCEMENT's.
 */
export const PRESET_PROOFS: Record<string, Record<string, Proof>> = {
  generic: own(clocks(TIMETABLE.generic), [...COMMON, ...defaults('resolution'), ...rules('acknowledgment', 'firstResponse', 'resolution'), 'sla.rules.when.channel', 'sla.rules.when.priority', 'calendars', 'escalation.rungs', 'channels.chat']),
  earnway: {
    ...own(clocks(TIMETABLE.earnway), [...COMMON, ...defaults('resolution', 'periodicUpdate'), ...rules('resolution', 'autoEscalation'), 'calendars', 'escalation.rungs']),
    ...own(clocks(CRITICAL_LATE), rules('firstResponse')),
  },
  promptearn: {
    ...own(clocks(TIMETABLE.promptearn), [...COMMON, ...rules('resolution'), 'sla.rules.when.priority', 'escalation.rungs']),
    ...own(clocks(REVIEW), ['calendars']),
  },
  itc: {
    ...own(clocks(TIMETABLE.itc), defaults('firstResponse', 'resolution', 'autoEscalation', 'seniorResponse', 'followUp', 'followUpClose', 'maxProcessing').concat('escalation.rungs')),
    ...own(clocks(TECHNICAL), rules('acknowledgment', 'firstResponse')),
  },
  ecomstore: {
    ...own(clocks(TIMETABLE.ecomstore), [...COMMON, ...defaults('resolution'), 'calendars', 'escalation.rungs']),
    ...own(clocks(CHANNELS), rules('acknowledgment', 'firstResponse')),
  },
};

/** The proof a preset's clauses name for a setting: the preset's own test where there is one, else the shared one. */
export const proofOf = (p: Policy, key: string): Proof | undefined => PRESET_PROOFS[p.name]?.[key] ?? ENFORCEMENT[key];

const OPEN_CHANNELS = new Set(['api', 'web', 'email', 'social']);

/** Every kind of setting a preset uses, by its path in ENFORCEMENT (what must be proven or explained). */
export function settingsInUse(p: Policy): string[] {
  const out = new Set<string>(['calendars', 'priorities', 'version', 'caseNumberPrefix', 'categories.department', 'categories.defaultPriority']);
  for (const clock of Object.keys(p.sla.defaults)) out.add(`sla.defaults.${clock}`);
  for (const r of p.sla.rules) {
    for (const dim of Object.keys(r.when)) out.add(`sla.rules.when.${dim}`);
    for (const clock of Object.keys(r.targets)) out.add(`sla.rules.targets.${clock}`);
  }
  if (p.departments.some((d) => d.calendar)) out.add('departments.calendar');
  if (p.departments.some((d) => d.exclusive)) out.add('departments.exclusive');
  if (p.departments.some((d) => d.handles.length > 0)) out.add('departments.handles');
  if (p.categories.some((c) => c.details.length > 0)) out.add('categories.details');
  const triggerFlags = new Set(p.escalation.triggers.flatMap((t) => t.when.flags ?? []));
  for (const f of p.categories.flatMap((c) => c.flags)) out.add(triggerFlags.has(f) ? 'escalation.triggers.flags' : `categories.flags.${f}`);
  if (p.escalation.rungs.length > 0) {
    out.add('escalation.rungs');
    out.add(p.escalation.rungs.some((r) => r.clocks.length === 0) ? 'escalation.mediation' : 'escalation.finalDecision');
  }
  for (const t of p.escalation.triggers) for (const k of Object.keys(t.when)) out.add(`escalation.triggers.${k}`);
  if (p.sequencing) out.add('sequencing.nextIssueWithin');
  out.add('retention.closedCaseDataDays');
  if (p.escalation.rungs.some((r) => r.clocks.length === 0)) out.add('retention.mediationHoldDays');
  if (p.finance) out.add('finance.refunds');
  if (p.finance?.chargebacks) out.add('finance.chargebacks');
  if (p.finance?.payouts) out.add('finance.payouts.arrivalWithin');
  out.add('queue.order');
  for (const c of p.channels) out.add(OPEN_CHANNELS.has(c.channel) ? 'channels.open' : `channels.${c.channel}`);
  if (p.channels.some((c) => c.practice)) out.add('channels.practice');
  if (p.messages.greeting) out.add('messages.greeting');
  if (p.messages.closing) out.add('messages.closing');
  if (Object.keys(p.messages.templates).length > 0) out.add('messages.templates');
  if (Object.keys(p.messages.translations).length > 0) out.add('messages.translations');
  return [...out].sort();
}

/** Settings a preset uses that nothing proves or explains: each is a promise the docs could not honestly make. */
export const unprovenSettings = (p: Policy): string[] => settingsInUse(p).filter((k) => proofOf(p, k) === undefined);

/** The ENFORCEMENT keys behind one `enforcedBy` path of a clause, among the settings the preset uses. */
export function proofKeys(p: Policy, path: string): string[] {
  const inUse = settingsInUse(p);
  const normal = path
    .split('.')
    .map((seg) => seg.replace(/\[.*\]$/, ''))
    .filter((seg) => !/^\d+$/.test(seg))
    .join('.');
  // A category's own flags: the flags that category carries.
  if (normal === 'categories.flags' && path.includes('[')) {
    const flags = (resolvePath(p, path) as string[] | undefined) ?? [];
    const triggerFlags = new Set(p.escalation.triggers.flatMap((t) => t.when.flags ?? []));
    return [...new Set(flags.map((f) => (triggerFlags.has(f) ? 'escalation.triggers.flags' : `categories.flags.${f}`)))];
  }
  if (ENFORCEMENT[normal]) return [normal];
  const under = inUse.filter((k) => k.startsWith(`${normal}.`));
  if (under.length > 0) return under;
  const segs = normal.split('.');
  for (let n = segs.length - 1; n > 0; n--) {
    const prefix = segs.slice(0, n).join('.');
    if (ENFORCEMENT[prefix]) return [prefix];
  }
  return [normal];
}

type ClauseStatus = { status: string; proof: string[] };

/** A clause's status in the docs: enforced only where every setting it names has a behavioural test. */
export function clauseStatus(p: Policy, c: Clause): ClauseStatus {
  const keys = [...new Set(c.enforcedBy.flatMap((path) => proofKeys(p, path)))];
  const tests: [string, Extract<Proof, { test: string }>][] = [];
  const practices: string[] = c.practice ? [c.practice] : [];
  const missing: string[] = [];
  for (const k of keys) {
    const pr = proofOf(p, k);
    if (pr === undefined) missing.push(`${k}: nothing reads it`);
    else if ('notYet' in pr) missing.push(`${k}: ${pr.notYet}`);
    else if ('practice' in pr) practices.push(pr.practice);
    else tests.push([k, pr]);
  }
  const proof = tests.map(([k, t]) => `\`${k}\`: ${t.test} › "${t.name}"${t.needs ? ` (awaiting wiring: ${t.needs})` : ''}`);
  const practice = [...new Set(practices)].join(' ');
  if (missing.length > 0) return { status: `not enforced yet (${missing.join('; ')})${practice ? `; human practice: ${practice}` : ''}`, proof };
  if (tests.length === 0) return { status: `human practice, not enforced by software: ${practice}`, proof };
  const enforced = tests.some(([, t]) => t.needs) ? 'enforced by the lifecycle, awaiting wiring (see proof)' : 'enforced';
  if (practice) return { status: `${enforced} in part; human practice: ${practice}`, proof };
  return { status: enforced, proof };
}

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
| \`startLifecycle(policy, caseStart)\` / \`decide(state, action, actor, now, policy)\` (\`functions/domain/lifecycle\`) | the case and every transition: triggers, sequencing, scope, identity check, contacts, ladder end, language |
| \`mayWorkOn(policy, staffActor, state)\` | department scope and rung ownership: the one rule for the queue, the reads and \`decide\` |
| \`queueKeys(state)\` | the GSI sort key in the policy's queue order (no policy needed: order and priority rank are on the case) |
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
  const payouts = policy.finance?.payouts;
  if (payouts) rows.push(`| payoutArrival (from the withdrawal) | category ${payouts.categories.join('/')} | ${describe(payouts.arrivalWithin)} | ${cell(payouts.arrivalWithin.clause)} |`);
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
    `Retention: personal data of closed cases erased ${p.retention.closedCaseDataDays} calendar days after the customer's last case closed, unless on legal hold (a dispute review, ${p.retention.mediationHoldDays} days after a recommendation of mediation, an unsettled chargeback, an admin's hold); the audit log is kept 7 years (${cell(p.retention.clause)}).`,
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
    '| § | clause | settings | status | proof (behavioural test) |',
    '|---|---|---|---|---|',
    ...p.clauses.map((c) => {
      const st = clauseStatus(p, c);
      return `| ${cell(c.ref)} | ${cell(c.text)} | ${c.enforcedBy.map((e) => `\`${cell(e)}\``).join('<br>') || '—'} | ${cell(st.status)} | ${st.proof.map(cell).join('<br>') || '—'} |`;
    }),
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
    `Presets: ${presets.map((n) => `\`${n}\``).join(', ')} (default \`promptearn\`). In the clause tables, "settings" names`,
    'settings by their path in the preset (`categories[slug=x]` is the category with that slug). "Status" says **enforced**',
    'only where every setting the clause names is driven through the running system by the behavioural test named in',
    '"proof", which sees its effect: the use cases and the workflow\'s task use cases (routed as the state machine routes',
    'them) on DynamoDB Local with mail sent through SES to the local catcher, on a virtual clock (`test/core/`), or the',
    'synthesized state machine itself on the local stack (`test/workflow/`); a test of the pure domain alone proves no',
    'clause. "Awaiting wiring" says what the running system must still pass in for the rule to apply there. "Human',
    'practice" is what people do and software cannot check; "not enforced yet" is a promise nothing reads today. The map',
    'from settings to tests is `ENFORCEMENT` in',
    '`tools/policy-docs.ts`, with `PRESET_PROOFS` naming, where one exists, the test that drives the setting under the',
    'preset\'s own policy and calendars; `test/tools/generated-files.test.ts` fails when a named test is missing or is a',
    'domain test, or when a preset uses a setting the map does not cover.',
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
