import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from '../../domain/zod';
import { FieldErrorSchema, type FieldError } from '../../domain/field-errors';

/**
 * RFC 9457 problem details. Every 4xx/5xx this API returns is `application/problem+json` with this shape;
 * validation problems list every bad field as `{ field, message }` with `field` a dotted path
 * (`details.prospectEmail`) so a form can mark the field.
 */
export const ProblemSchema = z.object({
    type: z.string().register(z.globalRegistry, { description: 'A URN naming the kind of problem, `urn:redress:problem:<kind>` (`problemTypes` in `functions/api/http/problem.ts`).' }),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.optional(z.string()),
    errors: z.optional(z.array(FieldErrorSchema)),
  }).register(z.globalRegistry, { id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types of this API (URNs: stable names that need no web page to exist). */
export const problemTypes = {
  validation: 'urn:redress:problem:validation-error',
  malformedJson: 'urn:redress:problem:malformed-json',
  unsupportedMediaType: 'urn:redress:problem:unsupported-media-type',
  tooLarge: 'urn:redress:problem:payload-too-large',
  idempotencyConflict: 'urn:redress:problem:idempotency-key-reused',
  notFound: 'urn:redress:problem:not-found',
  forbidden: 'urn:redress:problem:forbidden',
  stepUpRequired: 'urn:redress:problem:step-up-required',
  conflict: 'urn:redress:problem:conflict',
  gone: 'urn:redress:problem:gone',
  unauthorized: 'urn:redress:problem:unauthorized',
  methodNotAllowed: 'urn:redress:problem:method-not-allowed',
  malformedUrl: 'urn:redress:problem:malformed-url',
  tooManyRequests: 'urn:redress:problem:too-many-requests',
  legalHold: 'urn:redress:problem:legal-hold',
  // The two answers that name no fault of the request: named, like the other plain HTTP statuses, by the reason phrase.
  internal: 'urn:redress:problem:internal-server-error',
  unavailable: 'urn:redress:problem:service-unavailable',
} as const;

/** An error that is meant for the client: its status, title and detail are safe to show. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.title);
  }

  static validation(errors: FieldError[], detail = 'The request has invalid fields; see errors.'): HttpProblem {
    return new HttpProblem({ type: problemTypes.validation, title: 'Invalid request', status: 422, detail, errors });
  }

  static notFound(detail = 'No such complaint, or the access token does not open it.'): HttpProblem {
    return new HttpProblem({ type: problemTypes.notFound, title: 'Not Found', status: 404, detail });
  }
}

/** The answer to an error nobody expected: it reveals nothing (the error's message may name tables, ARNs or data). */
export const internalProblem = (): Problem => ({
  type: problemTypes.internal,
  title: 'Internal Server Error',
  status: 500,
  detail: 'Something went wrong on our side. Please try again later.',
});

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(problem),
  };
}

/** A JSON response. */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
