import type { OpenApiRegistry } from '../openapi-registry';
import * as z from '../../domain/zod';
import { ContactCorrectedSchema, ContactCorrectionSchema } from '../../core/use-cases/correct-contact';
import { CustomerErasureRequestSchema, ErasureResultSchema } from '../../core/use-cases/erase-customer-data';
import { LegalHoldResultSchema, PlaceLegalHoldRequestSchema } from '../../core/use-cases/legal-hold';
import type { PathHelpers } from '../identity/openapi-paths';

/**
 * The privacy routes in the OpenAPI document, from their use cases' schemas: the customer's erasure, the
 * corrections of contact details (the customer's and an admin's) and legal holds. The export and the step-up it
 * needs are with the identity routes (identity/openapi-paths.ts).
 */
export function registerPrivacyPaths(registry: OpenApiRegistry, { problem, json }: PathHelpers): void {
  const caseId = z.object({ id: z.uuid() });
  const stepUp = problem('No fresh step-up: type `urn:redress:problem:step-up-required`; ask for a code, verify it, try again (nothing changed)');
  registry.registerPath({
    method: 'post',
    path: '/complaints/{id}/erasure',
    operationId: 'eraseMyData',
    tags: ['Complaints'],
    summary: "The customer's own erasure (right to erasure), after a fresh step-up: every case filed with the case's email loses its personal data, as an admin's erasure does",
    security: [{ caseAccessToken: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: CustomerErasureRequestSchema } } } },
    responses: {
      200: json('Erased (asking again on an erased case finishes an interrupted erasure)', ErasureResultSchema),
      403: stepUp,
      404: problem('No such case, or the token does not open it'),
      409: problem('A case of the customer is under legal hold'),
      422: problem('`confirm` is not `true` (named in `errors`)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/complaints/{id}/contact',
    operationId: 'correctMyContact',
    tags: ['Complaints'],
    summary: "The customer corrects their name or email (right to rectification), after a fresh step-up; every case filed with the address is corrected",
    security: [{ caseAccessToken: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: ContactCorrectionSchema } } } },
    responses: {
      200: json('Corrected: which fields changed, on which cases', ContactCorrectedSchema),
      403: stepUp,
      404: problem('No such case, or the token does not open it'),
      410: problem("The case's personal data was erased"),
      422: problem('A field is invalid (named in `errors`)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/contact',
    operationId: 'correctCustomerContact',
    tags: ['Staff'],
    summary: "An admin corrects the customer's name or email on every case filed with the case's address (recorded on the audit log as `correct_contact`, never the values)",
    security: [{ staffJwt: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: ContactCorrectionSchema } } } },
    responses: {
      200: json('Corrected: which fields changed, on which cases', ContactCorrectedSchema),
      401: problem('No valid staff token'),
      403: problem('Only admins correct contact details'),
      404: problem('No such case'),
      410: problem("The case's personal data was erased"),
      422: problem('A field is invalid (named in `errors`)'),
    },
  });

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
