import type * as z from '../zod';

/** zod issues as `{ field, message }` with a dotted path, as every problem+json in Redress names its fields. */
export function fieldErrorsOf(error: z.core.$ZodError, prefix?: string): { field: string; message: string }[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter((x): x is string => Boolean(x)).join('.');
    return { field: path || 'action', message: i.message };
  });
}
