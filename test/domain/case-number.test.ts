import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseNumberYear, formatCaseNumber, parseCaseNumber } from '../../functions/domain/case-number';

describe('case numbers', () => {
  it('formats prefix, year and a six-digit sequence', () => {
    expect(formatCaseNumber('PE', 2026, 123)).toBe('PE-2026-000123');
    expect(formatCaseNumber('PE', 2026, 1_234_567)).toBe('PE-2026-1234567');
  });

  it('refuses bad parts', () => {
    expect(() => formatCaseNumber('pe', 2026, 1)).toThrow(RangeError);
    expect(() => formatCaseNumber('PE', 26, 1)).toThrow(RangeError);
    expect(() => formatCaseNumber('PE', 2026, 0)).toThrow(RangeError);
    expect(() => formatCaseNumber('PE', 2026, 1.5)).toThrow(RangeError);
  });

  it('round-trips through parseCaseNumber and sorts by sequence within a year', () => {
    fc.assert(
      fc.property(fc.constantFrom('PE', 'EW', 'ITC', 'SHOP'), fc.integer({ min: 2000, max: 2999 }), fc.integer({ min: 1, max: 999_999 }), (p, y, s) => {
        expect(parseCaseNumber(formatCaseNumber(p, y, s))).toEqual({ prefix: p, year: y, sequence: s });
      }),
    );
    expect(parseCaseNumber('PE-2026-12')).toBeUndefined();
  });

  it('takes the UTC year, so New Year in Lagos does not depend on the Lambda zone', () => {
    expect(caseNumberYear(new Date('2026-12-31T23:30:00Z'))).toBe(2026);
    expect(caseNumberYear(new Date('2026-12-31T23:30:00-01:00'))).toBe(2027);
  });
});
