// Money on the wire is an integer count of the currency's minor unit plus its ISO 4217 code
// (see functions/domain/money.ts). The customer types a decimal amount; we convert it by moving
// digits in the string, never through floating point (0.1 + 0.2 would become a refund dispute).

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** Whether the browser's Intl data knows this ISO 4217 code (the server checks the same list). */
export function isCurrency(code) {
  return knownCurrencies.has(code);
}

/** Every currency code Intl knows, sorted; the fallback list when a policy names none. */
export function allCurrencies() {
  return [...knownCurrencies].sort();
}

/** Digits of the currency's minor unit as Intl knows them: JPY 0, USD 2, KWD 3. */
export function minorDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

// Digits, optionally grouped by commas in threes, then an optional decimal point and fraction.
const amountPattern = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/;

/**
 * Parses a decimal amount typed by a person into minor units.
 * Returns `{ ok: true, value: { amountMinor, currency } }` or `{ ok: false, message }`.
 * @param {string} text e.g. "1,234.50"
 * @param {string} currency e.g. "NGN"
 */
export function parseAmount(text, currency) {
  if (!isCurrency(currency)) return { ok: false, message: 'must be an ISO 4217 currency code, e.g. NGN or USD' };
  const trimmed = String(text).trim().replace(/[\s\u00a0]/g, '');
  if (trimmed.startsWith('-')) return { ok: false, message: 'must not be negative' };
  const match = amountPattern.exec(trimmed);
  const whole = match?.[1]?.replace(/,/g, '') ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || (whole === '' && fraction === '')) return { ok: false, message: 'must be an amount such as 1250.00' };
  const digits = minorDigits(currency);
  // Trailing zeros beyond the minor unit change nothing ("10.500" USD is exactly 10.50); other digits would be lost.
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    const message =
      digits === 0 ? `${currency} has no minor unit: enter a whole amount` : `use at most ${digits} decimal places for ${currency}`;
    return { ok: false, message };
  }
  const minor = BigInt((whole || '0') + significant.padEnd(digits, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: 'is too large' };
  return { ok: true, value: { amountMinor: Number(minor), currency } };
}

/**
 * Minor units back to a plain decimal string ("123450", NGN -> "1234.50"), for display and for
 * re-filling the form. String arithmetic again, so no digit is ever rounded.
 */
export function minorToDecimal(amountMinor, currency) {
  const digits = minorDigits(currency);
  const text = String(amountMinor).padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** "₦1,234.50" in the reader's locale; Intl formats a decimal string exactly. */
export function formatMoney({ amountMinor, currency }, locale) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minorToDecimal(amountMinor, currency));
}
