import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, isCurrency, minorDigits, minorToDecimal, parseAmount } from '../../web/js/money.js';

describe('minorDigits', () => {
  it('follows each currency minor unit as Intl knows it', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('NGN')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
});

describe('parseAmount', () => {
  it('moves the decimal point by the currency minor digits, without floating point', () => {
    expect(parseAmount('1234.56', 'NGN')).toEqual({ ok: true, value: { amountMinor: 123456, currency: 'NGN' } });
    expect(parseAmount('0.1', 'USD')).toEqual({ ok: true, value: { amountMinor: 10, currency: 'USD' } });
    // 1.005 * 1000 is 1004.9999999999999 in floating point; the string path gives the exact answer.
    expect(parseAmount('1.005', 'KWD')).toEqual({ ok: true, value: { amountMinor: 1005, currency: 'KWD' } });
    expect(parseAmount('4.35', 'USD')).toEqual({ ok: true, value: { amountMinor: 435, currency: 'USD' } });
    expect(parseAmount('5000', 'JPY')).toEqual({ ok: true, value: { amountMinor: 5000, currency: 'JPY' } });
  });

  it('accepts grouping commas, surrounding spaces, a bare fraction and trailing zeros', () => {
    expect(parseAmount(' 1,234,567.8 ', 'USD')).toEqual({ ok: true, value: { amountMinor: 123456780, currency: 'USD' } });
    expect(parseAmount('.5', 'USD')).toEqual({ ok: true, value: { amountMinor: 50, currency: 'USD' } });
    expect(parseAmount('10.500', 'USD')).toEqual({ ok: true, value: { amountMinor: 1050, currency: 'USD' } });
    expect(parseAmount('12.', 'USD')).toEqual({ ok: true, value: { amountMinor: 1200, currency: 'USD' } });
    expect(parseAmount('0', 'USD')).toEqual({ ok: true, value: { amountMinor: 0, currency: 'USD' } });
  });

  it('refuses digits the currency cannot hold instead of rounding them away', () => {
    expect(parseAmount('10.555', 'USD')).toEqual({ ok: false, message: 'use at most 2 decimal places for USD' });
    expect(parseAmount('10.5', 'JPY')).toEqual({ ok: false, message: 'JPY has no minor unit: enter a whole amount' });
  });

  it('refuses text that is not an amount, negatives, bad grouping and unknown currencies', () => {
    for (const text of ['', '.', 'abc', '1.2.3', '1,23', '12,34.5', '1e3', '0x10', '١٢']) {
      expect(parseAmount(text, 'USD').ok, text).toBe(false);
    }
    expect(parseAmount('-5', 'USD')).toEqual({ ok: false, message: 'must not be negative' });
    expect(parseAmount('5', 'XYZ').ok).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
  });

  it('refuses amounts beyond what a JSON number carries exactly', () => {
    expect(parseAmount('90071992547409.91', 'USD')).toEqual({ ok: true, value: { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'USD' } });
    expect(parseAmount('90071992547409.92', 'USD')).toEqual({ ok: false, message: 'is too large' });
  });

  it('round-trips every minor amount through its decimal text (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom('USD', 'NGN', 'JPY', 'KWD', 'EUR'), (minor, currency) => {
        const parsed = parseAmount(minorToDecimal(minor, currency), currency);
        expect(parsed).toEqual({ ok: true, value: { amountMinor: minor, currency } });
      }),
    );
  });
});

describe('minorToDecimal and formatMoney', () => {
  it('place the decimal point by string, padding small amounts', () => {
    expect(minorToDecimal(5, 'USD')).toBe('0.05');
    expect(minorToDecimal(123456, 'NGN')).toBe('1234.56');
    expect(minorToDecimal(7, 'JPY')).toBe('7');
    expect(minorToDecimal(1, 'KWD')).toBe('0.001');
    expect(formatMoney({ amountMinor: 123456, currency: 'USD' }, 'en-US')).toBe('$1,234.56');
  });
});
