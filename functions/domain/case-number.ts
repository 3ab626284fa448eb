/**
 * Human-readable case numbers: `<prefix>-<year>-<sequence>`, e.g. `PE-2026-000123`.
 *
 * The sequence comes from an atomic per-prefix, per-year counter, reserved in blocks per container (see the case
 * store), so numbers are unique; they may have gaps (a block's rest when its container ends, a number taken by a
 * request whose write then failed) and are in filing order only within a container, which is harmless for a
 * reference customers quote on the phone and avoids a read-modify-write race.
 */

const CASE_NUMBER = /^([A-Z]{2,4})-(\d{4})-(\d{6,})$/;

/** The counter's partition for a prefix and year: one counter per year so numbers restart at 1 each January. */
export const caseNumberCounterKey = (prefix: string, year: number): string => `COUNTER#${prefix}#${year}`;

/**
 * Formats a case number. The sequence is zero-padded to six digits and grows past a million instead of wrapping.
 *
 * @example formatCaseNumber('PE', 2026, 123) // 'PE-2026-000123'
 */
export function formatCaseNumber(prefix: string, year: number, sequence: number): string {
  if (!/^[A-Z]{2,4}$/.test(prefix)) throw new RangeError('case number prefix must be two to four capital letters');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must have four digits');
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Splits a case number back into its parts, or returns undefined for anything that is not one. */
export function parseCaseNumber(value: string): { prefix: string; year: number; sequence: number } | undefined {
  const m = CASE_NUMBER.exec(value);
  if (!m) return undefined;
  return { prefix: m[1]!, year: Number(m[2]), sequence: Number(m[3]) };
}

/**
 * The year a case number carries: the UTC year the complaint was received. UTC on purpose: the counter must
 * not depend on which policy time zone the receiving Lambda happens to think in.
 */
export const caseNumberYear = (receivedAt: Date): number => receivedAt.getUTCFullYear();
