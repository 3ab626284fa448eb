import * as z from '../zod';
import { localFields, addDays, weekdayOf } from '../calendar/zoned-time';
import type { FinanceEntry } from './entry';
import { decimalAmount, minorUnitExponent } from './money-format';
import { ChargebackStatusSchema } from './chargeback/model';
import { RefundStatusSchema } from './refund/model';

const currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, e.g. NGN'));
const decimal = z.string().check(z.regex(/^\d{1,15}(\.\d{1,4})?$/, 'a plain decimal amount, e.g. 100 or 100.50'));
const hours = z.coerce.number().check(z.nonnegative(), z.lte(24 * 3660));

/** Minor units of a decimal amount in `currency`'s ISO 4217 digits; undefined when it has more digits than the currency. */
export function minorUnitsOf(amount: string, currencyCode: string): number | undefined {
  const exponent = minorUnitExponent(currencyCode);
  const [whole, fraction = ''] = amount.split('.');
  if (fraction.length > exponent) return undefined;
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

/**
 * The finance queue's filters, as query parameters. An amount range needs a currency: amounts in different
 * currencies are never compared.
 */
export const FinanceQueueQuerySchema = z.strictObject({
    type: z.optional(z.enum(['refund', 'chargeback'])),
    status: z.optional(z.union([RefundStatusSchema, ChargebackStatusSchema])),
    currency: z.optional(currency),
    minAmount: z.optional(decimal).register(z.globalRegistry, { description: 'In the currency given by `currency` (required with it), e.g. 100.00' }),
    maxAmount: z.optional(decimal).register(z.globalRegistry, { description: 'In the currency given by `currency` (required with it)' }),
    minAgeHours: z.optional(hours).register(z.globalRegistry, { description: 'Only records opened at least this many hours ago' }),
    maxAgeHours: z.optional(hours).register(z.globalRegistry, { description: 'Only records opened at most this many hours ago' }),
  }).check(z.superRefine((q, ctx) => {
    for (const key of ['minAmount', 'maxAmount'] as const) {
      if (q[key] !== undefined && !q.currency) ctx.addIssue({ code: 'custom', path: [key], message: 'an amount filter needs `currency`: amounts in different currencies are not compared' });
      else if (q[key] !== undefined && q.currency && minorUnitsOf(q[key], q.currency) === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `more decimals than ${q.currency} has` });
    }
  }));
export type FinanceQueueQuery = z.infer<typeof FinanceQueueQuerySchema>;

/** The pending entries that match, in the order given (the store's: due first). */
export function filterQueue(entries: readonly FinanceEntry[], q: FinanceQueueQuery, now: Date): FinanceEntry[] {
  const min = q.minAmount && q.currency ? minorUnitsOf(q.minAmount, q.currency) : undefined;
  const max = q.maxAmount && q.currency ? minorUnitsOf(q.maxAmount, q.currency) : undefined;
  const ageHours = (e: FinanceEntry) => (now.getTime() - Date.parse(e.openedAt)) / 3_600_000;
  return entries.filter(
    (e) =>
      (!q.type || e.kind === q.type) &&
      (!q.status || e.status === q.status) &&
      (!q.currency || e.amount.currency === q.currency) &&
      (min === undefined || e.amount.amountMinor >= min) &&
      (max === undefined || e.amount.amountMinor <= max) &&
      (q.minAgeHours === undefined || ageHours(e) >= q.minAgeHours) &&
      (q.maxAgeHours === undefined || ageHours(e) <= q.maxAgeHours),
  );
}

const isoDate = z.iso.date();

/** Totals by status and period: `period` buckets by the opening date in the policy's zone; from/to are local dates, to exclusive. */
export const FinanceTotalsQuerySchema = z.strictObject({
    period: z._default(z.enum(['day', 'week', 'month']), 'month'),
    from: z.optional(isoDate),
    to: z.optional(isoDate),
  });
export type FinanceTotalsQuery = z.infer<typeof FinanceTotalsQuerySchema>;

export const FinanceTotalsRowSchema = z.strictObject({
    period: z.string().register(z.globalRegistry, { description: 'YYYY-MM-DD (day, or the Monday of a week) or YYYY-MM (month)' }),
    currency: z.string(),
    kind: z.enum(['refund', 'chargeback']),
    status: z.string(),
    count: z.number().check(z.int()),
    amountMinor: z.number().check(z.int()),
    amount: z.string().register(z.globalRegistry, { description: 'The sum as a decimal string in the currency' }),
  });
export type FinanceTotalsRow = z.infer<typeof FinanceTotalsRowSchema>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The period an instant falls in, in `zone`. */
export function periodOf(instant: string, period: FinanceTotalsQuery['period'], zone: string): string {
  const f = localFields(Date.parse(instant), zone);
  if (period === 'month') return `${pad(f.year, 4)}-${pad(f.month)}`;
  const d = period === 'week' ? addDays(f, 1 - weekdayOf(f)) : f;
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/**
 * Counts and sums by period, currency, kind and status. Never across currencies: each row is one currency, and a
 * reader who wants one figure has to convert and say at which rate.
 */
export function financeTotals(entries: readonly FinanceEntry[], q: FinanceTotalsQuery, zone: string): FinanceTotalsRow[] {
  const rows = new Map<string, FinanceTotalsRow>();
  for (const e of entries) {
    const day = periodOf(e.openedAt, 'day', zone);
    if ((q.from && day < q.from) || (q.to && day >= q.to)) continue;
    const period = periodOf(e.openedAt, q.period, zone);
    const key = [period, e.amount.currency, e.kind, e.status].join('|');
    const row = rows.get(key) ?? { period, currency: e.amount.currency, kind: e.kind, status: e.status, count: 0, amountMinor: 0, amount: '' };
    row.count++;
    row.amountMinor += e.amount.amountMinor;
    if (!Number.isSafeInteger(row.amountMinor)) throw new RangeError(`total in ${e.amount.currency} exceeds the safe integer range`);
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((r) => ({ ...r, amount: decimalAmount({ amountMinor: r.amountMinor, currency: r.currency }) }))
    .sort((a, b) => a.period.localeCompare(b.period) || a.currency.localeCompare(b.currency) || a.kind.localeCompare(b.kind) || a.status.localeCompare(b.status));
}

/** The export's window: opening instants in [from, to), both optional, as RFC 3339 or local dates read as UTC days. */
export const FinanceExportQuerySchema = z.strictObject({
    from: z.optional(z.union([z.iso.datetime({ offset: true }), isoDate])),
    to: z.optional(z.union([z.iso.datetime({ offset: true }), isoDate])),
  });
export type FinanceExportQuery = z.infer<typeof FinanceExportQuerySchema>;

export const inExportWindow = (e: FinanceEntry, q: FinanceExportQuery): boolean =>
  (!q.from || Date.parse(e.openedAt) >= Date.parse(q.from)) && (!q.to || Date.parse(e.openedAt) < Date.parse(q.to));
