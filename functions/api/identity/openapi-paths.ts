import type { OpenApiRegistry } from '../openapi-registry';
import * as z from '../../domain/zod';
import { AuditEntrySchema } from '../../domain/access/audit-entry';
import { StepUpVerificationSchema } from '../../domain/identity/step-up';
import { CustomerDataExportSchema } from '../../domain/privacy/customer-export';

type Response = { description: string; content: Record<string, { schema: z.ZodMiniType }> };
export interface PathHelpers {
  problem: (description: string) => Response;
  json: (description: string, schema: z.ZodMiniType) => Response;
}

/** The identity and data-protection routes in the OpenAPI document, from the schemas their handlers use. */
export function registerIdentityPaths(registry: OpenApiRegistry, { problem, json }: PathHelpers): void {
  registry.registerPath({
    method: 'get',
    path: '/staff/audit',
    operationId: 'readAuditLog',
    tags: ['Staff'],
    summary: "The audit log of staff reads and actions, newest first, by case or by person (supervisors and admins; the read is itself recorded)",
    security: [{ staffJwt: [] }],
    request: {
      query: z.object({
        caseId: z.optional(z.uuid()).register(z.globalRegistry, { description: 'Entries about this case (exactly one of caseId and actor)' }),
        actor: z.optional(z.string()).register(z.globalRegistry, { description: "Entries by this person (the identity provider's `sub`)" }),
        limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(200))).register(z.globalRegistry, { description: 'Page size, default 50' }),
        before: z.optional(z.string()).register(z.globalRegistry, { description: 'Opaque: the `cursor` of the previous page' }),
      }),
    },
    responses: {
      200: json('One page', z.object({ entries: z.array(AuditEntrySchema.clone().register(z.globalRegistry, { id: 'AuditEntry' })), cursor: z.optional(z.string()) }).register(z.globalRegistry, { id: 'AuditPage' })),
      401: problem('No valid staff token'),
      403: problem('Only supervisors and admins read the audit log'),
      422: problem('Invalid query parameter (named in `errors`)'),
    },
  });

  const caseId = z.object({ id: z.uuid() });
  const limited = problem('Too many codes or guesses, or the case is locked out after too many wrong codes; `Retry-After` says when to try again');
  registry.registerPath({
    method: 'post',
    path: '/complaints/{id}/step-up',
    operationId: 'requestStepUpCode',
    tags: ['Complaints'],
    summary: "Sends a one-time code to the case's email, before a sensitive operation (export, erasure, actions on cases the policy flags `verify_identity`)",
    security: [{ caseAccessToken: [] }],
    request: { params: caseId },
    responses: {
      202: json('The code is on its way', z.object({ sentTo: z.string().register(z.globalRegistry, { description: 'The address, masked' }), expiresAt: z.string() }).register(z.globalRegistry, { id: 'StepUpSent' })),
      404: problem('No such case, or the token is missing, wrong or belongs to another case (indistinguishable on purpose)'),
      409: problem('Another code was asked for at the same moment'),
      429: limited,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/complaints/{id}/step-up/verify',
    operationId: 'verifyStepUpCode',
    tags: ['Complaints'],
    summary: 'Checks the one-time code: right once, five tries, then a 15-minute lock-out',
    security: [{ caseAccessToken: [] }],
    request: { params: caseId, body: { required: true, content: { 'application/json': { schema: z.object({ code: z.string().check(z.maxLength(32)) }).register(z.globalRegistry, { id: 'StepUpVerify' }) } } } },
    responses: {
      200: json('Verified: when, how, and until when it opens sensitive operations', StepUpVerificationSchema.clone().register(z.globalRegistry, { id: 'StepUpVerification' })),
      404: problem('No such case, or the token does not open it'),
      409: problem('Another attempt was checked at the same moment'),
      410: problem('No code was sent, or it expired, or it was already used: ask for a new one'),
      422: problem('Not the code that was sent; `detail` says how many attempts are left'),
      429: limited,
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/complaints/{id}/export',
    operationId: 'exportCustomerData',
    tags: ['Complaints'],
    summary: "The customer's data export (right of access): every case filed with the case's email, its timeline, attachments and audit entries; after a fresh step-up",
    security: [{ caseAccessToken: [] }],
    request: { params: caseId },
    responses: {
      200: json('The export (served as a download)', CustomerDataExportSchema),
      403: problem('No fresh step-up: type `urn:redress:problem:step-up-required`; ask for a code, verify it, try again'),
      404: problem('No such case, or the token does not open it'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/staff/complaints/{id}/export',
    operationId: 'exportCustomerDataAsAdmin',
    tags: ['Staff'],
    summary: 'The data export of the customer who filed the case, run by an admin (recorded on the audit log)',
    security: [{ staffJwt: [] }],
    request: { params: caseId },
    responses: {
      200: json('The export (served as a download)', CustomerDataExportSchema),
      401: problem('No valid staff token'),
      403: problem('Only admins run data exports'),
      404: problem('No such case'),
    },
  });
}
