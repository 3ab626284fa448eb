// What a clock jump made happen, for a person watching the local stack: the timeline events the jump added
// (breaches, escalations, reminders, closures …) and the mail it sent, each with the case numbers involved.
// Read from the table and the mail catcher after the jump; a dev tool, so a scan of the local table is fine.
import { DynamoDBClient, paginateScan, type AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from '../functions/domain/zod';

const CASE_NUMBER = /\b[A-Z]{2,4}-\d{4}-\d{4,}\b/g;

export interface FiredGroup {
  count: number;
  /** case numbers, one per occurrence, in order */
  cases: string[];
}

export interface JumpReport {
  /** timeline event type → occurrences during the jump (e.g. breached, escalated_senior, reminder_sent) */
  events: Record<string, FiredGroup>;
  emails: FiredGroup;
}

const EventItem = z.object({ pk: z.object({ S: z.string() }), sk: z.object({ S: z.string() }), type: z.optional(z.object({ S: z.string() })) });
const CaseItem = z.object({ pk: z.object({ S: z.string() }), caseNumber: z.object({ S: z.string() }) });
const Email = z.looseObject({ subject: z.optional(z.string()), body: z.optional(z.looseObject({ text: z.optional(z.string()) })) });

/** Timeline events stamped in [from, to) (virtual ISO times), grouped by type, with their case numbers. */
export async function firedEvents(client: DynamoDBClient, tableName: string, from: string, to: string): Promise<Record<string, FiredGroup>> {
  const caseOf = new Map<string, string>();
  const events: { pk: string; sk: string; type: string }[] = [];
  const pages = paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: 'sk = :theCase OR (sk BETWEEN :from AND :to)',
      ExpressionAttributeValues: { ':theCase': { S: 'CASE' }, ':from': { S: `EVENT#${from}` }, ':to': { S: `EVENT#${to}` } },
      ProjectionExpression: 'pk, sk, #t, caseNumber',
      ExpressionAttributeNames: { '#t': 'type' },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? ([] as Record<string, AttributeValue>[])) {
      const theCase = CaseItem.safeParse(item);
      if (theCase.success) caseOf.set(theCase.data.pk.S, theCase.data.caseNumber.S);
      const ev = EventItem.safeParse(item);
      if (ev.success && ev.data.type && ev.data.sk.S.startsWith('EVENT#')) events.push({ pk: ev.data.pk.S, sk: ev.data.sk.S, type: ev.data.type.S });
    }
  }
  events.sort((a, b) => a.sk.localeCompare(b.sk));
  const out: Record<string, FiredGroup> = {};
  for (const e of events) {
    const g = (out[e.type] ??= { count: 0, cases: [] });
    g.count++;
    g.cases.push(caseOf.get(e.pk) ?? e.pk.replace(/^CASE#/, ''));
  }
  return out;
}

/** The mail caught since `before` (an index into the catcher's list), with the case numbers it names. */
export function firedEmails(caught: readonly unknown[], before: number): FiredGroup {
  const fresh = caught.slice(before);
  const cases: string[] = [];
  for (const m of fresh) {
    const e = Email.safeParse(m);
    if (!e.success) continue;
    const found = new Set(`${e.data.subject ?? ''}\n${e.data.body?.text ?? ''}`.match(CASE_NUMBER) ?? []);
    cases.push(...found);
  }
  return { count: fresh.length, cases };
}

/** One line per kind, as the clock CLI prints it: `breached 2 (PE-2026-000001, PE-2026-000002)`. */
export function formatJumpReport(report: JumpReport): string[] {
  const line = (label: string, g: FiredGroup) => {
    const counts = new Map<string, number>();
    for (const c of g.cases) counts.set(c, (counts.get(c) ?? 0) + 1);
    const list = [...counts].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c));
    const shown = list.length > 12 ? [...list.slice(0, 12), `… ${list.length - 12} more`] : list;
    return `  ${label.padEnd(26)} ${String(g.count).padStart(4)}${shown.length ? `  (${shown.join(', ')})` : ''}`;
  };
  const kinds = Object.entries(report.events).sort(([a], [b]) => a.localeCompare(b));
  if (!kinds.length && report.emails.count === 0) return ['  nothing fired'];
  return [...kinds.map(([type, g]) => line(type, g)), line('emails sent', report.emails)];
}
