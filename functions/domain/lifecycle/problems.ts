import * as z from '../zod';

/**
 * Why an action was refused, as an RFC 9457 problem the handler returns as application/problem+json.
 * 403: this actor may not do this on this case. 409: out of turn or repeated (the case is not where the action
 * fits). 410: the case or the step is over. 422: the action itself is malformed (named field).
 */
export const RefusalStatusSchema = z.union([z.literal(403), z.literal(409), z.literal(410), z.literal(422)]);
export type RefusalStatus = z.infer<typeof RefusalStatusSchema>;

export const ProblemSchema = z.strictObject({
    type: z.string(),
    title: z.string(),
    status: RefusalStatusSchema,
    detail: z.string(),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
  });
export type Problem = z.infer<typeof ProblemSchema>;

export type Refusal = { ok: false; status: RefusalStatus; problem: Problem };

const TITLES: Record<RefusalStatus, [slug: string, title: string]> = {
  403: ['forbidden', 'Not allowed on this case'],
  409: ['conflict', 'Not possible in the current state of the case'],
  410: ['gone', 'The case or step is already over'],
  422: ['invalid-action', 'The action is invalid'],
};

export function refuse(status: RefusalStatus, detail: string, errors?: Problem['errors']): Refusal {
  const [slug, title] = TITLES[status];
  const problem: Problem = { type: `https://redress.dev/problems/${slug}`, title, status, detail };
  if (errors) problem.errors = errors;
  return { ok: false, status, problem };
}
