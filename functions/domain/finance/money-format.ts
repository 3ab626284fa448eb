import type { Money } from '../money';

/**
 * ISO 4217 minor-unit exponents that are not 2. Why a table and not `Intl`: Intl's digits come from CLDR, which
 * shows some currencies with fewer digits than ISO 4217 defines (IQD has 3 minor digits in ISO, 0 in CLDR), and
 * money here is counted in ISO minor units, as card processors report it.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export const minorUnitExponent = (currency: string): number => EXPONENTS[currency] ?? 2;

/** Integer minor units as a plain decimal string with the currency's digits: 123456 NGN → "1234.56", 5 JPY → "5". */
export function decimalAmount(money: Money): string {
  const exponent = minorUnitExponent(money.currency);
  const digits = BigInt(money.amountMinor).toString();
  if (exponent === 0) return digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** "NGN 1234.56": the code, not a symbol (₦ and $ are ambiguous or missing from fonts; the code never is). */
export const formatMoney = (money: Money): string => `${money.currency} ${decimalAmount(money)}`;

/**
 * Totals per currency. Amounts in different currencies are never added together: a caller that wants one figure
 * has to convert explicitly, and say at which rate.
 */
export function totalsByCurrency(amounts: Iterable<Money>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const m of amounts) {
    const sum = (totals.get(m.currency) ?? 0) + m.amountMinor;
    if (!Number.isSafeInteger(sum)) throw new RangeError(`total in ${m.currency} exceeds the safe integer range`);
    totals.set(m.currency, sum);
  }
  return totals;
}
