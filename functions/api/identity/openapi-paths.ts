import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { AuditEntrySchema } from '../../domain/access/audit-entry';

type Response = { description: string; content: Record<string, { schema: z.ZodType }> };
export interface PathHelpers {
  problem: (description: string) => Response;
  json: (description: string, schema: z.ZodType) => Response;
}

/** The identity and data-protection routes in the OpenAPI document, from the schemas their handlers use. */
export function registerIdentityPaths(registry: OpenAPIRegistry, { problem, json }: PathHelpers): void {
  registry.registerPath({
    method: 'get',
    path: '/staff/audit',
    operationId: 'readAuditLog',
    tags: ['Staff'],
    summary: "The audit log of staff reads and actions, newest first, by case or by person (supervisors and admins; the read is itself recorded)",
    security: [{ staffJwt: [] }],
    request: {
      query: z.object({
        caseId: z.uuid().optional().meta({ description: 'Entries about this case (exactly one of caseId and actor)' }),
        actor: z.string().optional().meta({ description: "Entries by this person (the identity provider's `sub`)" }),
        limit: z.number().int().min(1).max(200).optional().meta({ description: 'Page size, default 50' }),
        before: z.string().optional().meta({ description: 'Opaque: the `cursor` of the previous page' }),
      }),
    },
    responses: {
      200: json('One page', z.object({ entries: z.array(AuditEntrySchema.meta({ id: 'AuditEntry' })), cursor: z.string().optional() }).meta({ id: 'AuditPage' })),
      401: problem('No valid staff token'),
      403: problem('Only supervisors and admins read the audit log'),
      422: problem('Invalid query parameter (named in `errors`)'),
    },
  });
}
