import type { APIGatewayProxyEventHeaders } from 'aws-lambda';
import { IdempotencyKeySchema } from '../../domain/idempotency';
import { HttpProblem } from './problem';

/** The optional `Idempotency-Key` header (headers are lower-cased by @middy/http-header-normalizer). */
export function idempotencyKeyHeader(headers: APIGatewayProxyEventHeaders | undefined): string | undefined {
  const value = headers?.['idempotency-key'];
  if (value === undefined) return undefined;
  const parsed = IdempotencyKeySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new HttpProblem({
    type: 'urn:redress:problem:validation-error',
    title: 'Invalid request',
    status: 400,
    detail: 'The Idempotency-Key header is malformed.',
    errors: [{ field: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'malformed' }],
  });
}
