// Types for the unit tests (test/web) only; the browser loads fields.js as-is.
export interface FieldSpecLike {
  name?: string;
  path?: string;
  label: string;
  type: string;
  required?: boolean;
  options?: string[];
  help?: string;
  maxLength?: number;
  pattern?: string;
  patternMessage?: string;
  autocomplete?: string;
}
export interface Field {
  path: string;
  id: string;
  label: string;
  type: 'text' | 'longText' | 'email' | 'money' | 'date' | 'dateTime' | 'url' | 'enum';
  required: boolean;
  help?: string;
  maxLength?: number;
  pattern?: string;
  patternMessage?: string;
  element: 'input' | 'textarea' | 'select';
  attributes: Record<string, string>;
  options?: string[];
  currencyId?: string;
  currencies?: string[];
  defaultCurrency?: string;
}
export type RawValue = string | { amount: string; currency: string } | undefined;
export interface FormError {
  path: string;
  id: string | null;
  label: string;
  message: string;
}
export const commonFields: FieldSpecLike[];
export function inputIdFor(path: string): string;
export function currencyIdFor(path: string): string;
export function describeField(spec: FieldSpecLike): Field;
export function describeCategory(category: { details?: FieldSpecLike[] } | undefined): Field[];
export function validateField(field: Field, raw: RawValue): string | null;
export function toWireValue(field: Field, raw: RawValue, offsetMinutes?: number): unknown;
export function localDateTimeToRfc3339(value: string, offsetMinutes: number): string | null;
export function buildComplaint(input: {
  category: string;
  values: Record<string, RawValue>;
  fields: Field[];
  offsetFor?: (localValue: string) => number;
}): { body?: Record<string, unknown>; errors: FormError[] };
export function problemToFieldErrors(problem: unknown, fields: Field[]): FormError[];
