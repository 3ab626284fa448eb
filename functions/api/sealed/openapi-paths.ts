import type { OpenApiRegistry } from '../openapi-registry';
import * as z from '../../domain/zod';
import { ErasureResultSchema } from '../../core/use-cases/erase-customer-data';
import { RevealedFieldSchema, RevealRequestSchema } from '../../core/use-cases/reveal-field';
import type { PathHelpers } from '../identity/openapi-paths';

/** The sealed-field routes in the OpenAPI document, from the schemas their use cases use. */
export function registerSealedFieldPaths(registry: OpenApiRegistry, { problem, json }: PathHelpers): void {
  const caseId = z.object({ id: z.uuid() });
  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/reveal',
    operationId: 'revealSensitiveField',
    tags: ['Staff'],
    summary: 'One sensitive detail (a full account number) in clear, for finance; every attempt is on the audit log (the field name, never the value)',
    security: [{ staffJwt: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: RevealRequestSchema } } } },
    responses: {
      200: json('The value, never cached (`Cache-Control: no-store`)', RevealedFieldSchema),
      401: problem('No valid staff token'),
      403: problem('Only finance sees sensitive values in clear'),
      404: problem('No such case, a case outside your department, or the customer gave no value for the field'),
      410: problem("The customer's personal data was erased"),
      422: problem('`field` is not a sensitive detail of the case (named in `errors`)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/complaints/{id}/erasure',
    operationId: 'eraseCustomerData',
    tags: ['Staff'],
    summary: "Erases the personal data of the customer who filed the case, across all their cases: their data key destroyed, names, address, texts blanked; the anonymized cases stay for the counts (admins)",
    security: [{ staffJwt: [] }],
    request: { params: caseId },
    responses: {
      200: json('Erased (again: an erasure can be repeated, and finishes an interrupted one)', ErasureResultSchema),
      401: problem('No valid staff token'),
      403: problem('Only an admin erases personal data'),
      404: problem('No such case'),
      409: problem('A case of the customer is on legal hold (a dispute review, the mediation window, an unsettled chargeback, an admin\'s hold): the detail says which; nothing was erased'),
    },
  });
}
