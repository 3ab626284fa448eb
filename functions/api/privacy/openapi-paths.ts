import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { LegalHoldResultSchema, PlaceLegalHoldRequestSchema } from '../../core/use-cases/legal-hold';
import type { PathHelpers } from '../identity/openapi-paths';

/** The legal-hold routes in the OpenAPI document, from the schemas their use cases use. */
export function registerLegalHoldPaths(registry: OpenAPIRegistry, { problem, json }: PathHelpers): void {
  const caseId = z.object({ id: z.uuid() });
  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/legal-hold',
    operationId: 'placeLegalHold',
    tags: ['Staff'],
    summary: "Places the case on legal hold (admins): the customer's personal data neither expires nor can be erased until an admin releases it; on the audit log",
    security: [{ staffJwt: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: PlaceLegalHoldRequestSchema } } } },
    responses: {
      201: json('Held', LegalHoldResultSchema),
      401: problem('No valid staff token'),
      403: problem('Only an admin places a legal hold'),
      404: problem('No such case'),
      409: problem('The case is already on a manual legal hold'),
      422: problem('`reason` is missing or too long (named in `errors`)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/legal-hold/release',
    operationId: 'releaseLegalHold',
    tags: ['Staff'],
    summary: 'Releases the manual legal hold (admins); holds the case carries on its own (a dispute review, the mediation window, an unsettled chargeback) stand; on the audit log',
    security: [{ staffJwt: [] }],
    request: { params: caseId },
    responses: {
      200: json('Released', LegalHoldResultSchema),
      401: problem('No valid staff token'),
      403: problem('Only an admin releases a legal hold'),
      404: problem('No such case'),
      409: problem('The case is not on a manual legal hold'),
    },
  });
}
