import * as z from '../zod';
import { MoneySchema } from '../money';
import type { FieldSpec, Policy } from './schema';

/** The zod schema of one detail field, built from the policy's field spec. */
function fieldSchema(spec: FieldSpec): z.ZodMiniType {
  const text = () => {
    let s = z.string().check(z.trim(), z.minLength(1, `${spec.label} is required`));
    if (spec.maxLength) s = s.check(z.maxLength(spec.maxLength, `at most ${spec.maxLength} characters`));
    if (spec.pattern) s = s.check(z.regex(new RegExp(spec.pattern), spec.patternMessage ?? `must match ${spec.pattern}`));
    return s;
  };
  switch (spec.type) {
    case 'text':
    case 'longText':
      return text();
    case 'email':
      return z.email('must be an email address');
    case 'url':
      return z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
    case 'date':
      return z.iso.date('must be a date, YYYY-MM-DD');
    case 'dateTime':
      return z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time, e.g. 2026-11-23T10:00:00Z' });
    case 'money':
      return MoneySchema;
    case 'enum':
      return z.enum(spec.options as [string, ...string[]]);
  }
}

/**
 * The category's `details` object as a zod schema: required fields required (optional where `requiredMayBeMissing`),
 * unknown fields refused.
 */
export function detailsSchemaFor(policy: Policy, categorySlug: string, options: { requiredMayBeMissing?: boolean } = {}): z.ZodMiniObject {
  const category = policy.categories.find((c) => c.slug === categorySlug);
  if (!category) throw new Error(`unknown category "${categorySlug}"`);
  const shape: Record<string, z.ZodMiniType> = {};
  for (const spec of category.details) shape[spec.name] = spec.required && !options.requiredMayBeMissing ? fieldSchema(spec) : z.optional(fieldSchema(spec));
  return z.strictObject(shape);
}

/** The required details of the category that `details` lacks (their field names). */
export function missingDetails(policy: Policy, categorySlug: string, details: Record<string, unknown> | undefined): string[] {
  const category = policy.categories.find((c) => c.slug === categorySlug);
  return (category?.details ?? []).filter((spec) => spec.required && details?.[spec.name] === undefined).map((spec) => spec.name);
}
