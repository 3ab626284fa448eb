import * as z from './zod';

/**
 * How every problem+json names a bad field. A module of its own, not part of intake's complaint.ts, so that a handler
 * that only reports field errors does not bundle intake and the policy (top-level schemas are calls esbuild keeps).
 */

/** A problem with one field of a request: `field` is a dotted path such as `details.prospectEmail`. */
export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() }).register(z.globalRegistry, { id: 'FieldError' });
export type FieldError = z.infer<typeof FieldErrorSchema>;

const pathOf = (path: PropertyKey[]): string => path.map(String).join('.');

/** zod issues as field errors; an unknown key is reported at the key itself. */
export function fieldErrors(issues: z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldError[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // An empty key would make an empty field name; report it at its parent (or "body") and say which key.
      return issue.keys.map((key) => ({ field: pathOf(key === '' ? path : [...path, key]) || 'body', message: `unknown field ${JSON.stringify(key)}` }));
    }
    return [{ field: pathOf(path) || 'body', message: issue.message }];
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
