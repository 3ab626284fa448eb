// Types for the unit tests (test/web) only; the browser loads money.js as-is.
export interface Money {
  amountMinor: number;
  currency: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
export function isCurrency(code: string): boolean;
export function allCurrencies(): string[];
export function minorDigits(currency: string): number;
export function parseAmount(text: string, currency: string): Parsed<Money>;
export function minorToDecimal(amountMinor: number, currency: string): string;
export function formatMoney(money: Money, locale?: string): string;
