import type { OpenApiRegistry } from '../openapi-registry';
import { ReportLinkSchema, ReportPathSchema } from '../../analytics/open-report';
import type { PathHelpers } from '../identity/openapi-paths';

/** The kept-report route in the OpenAPI document, from the schema its use case validates with. */
export function registerReportPaths(registry: OpenApiRegistry, { problem, json }: PathHelpers): void {
  registry.registerPath({
    method: 'get',
    path: '/staff/reports/{grain}/{period}/{file}',
    operationId: 'getStaffReport',
    tags: ['Staff'],
    summary: "A kept scheduled KPI report's file (supervisors): a redirect to a 5-minute link to it; on the audit log",
    security: [{ staffJwt: [] }],
    request: { params: ReportPathSchema },
    responses: {
      200: json('With `Accept: application/json`: the same link as JSON', ReportLinkSchema),
      302: { description: 'The file, at a presigned link living 5 minutes', headers: { Location: { schema: { type: 'string', format: 'uri' } }, 'Cache-Control': { schema: { type: 'string', enum: ['no-store'] } } } },
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      404: problem('No such report kept'),
      422: problem('Invalid `grain`, `period` or `file` (named in `errors`)'),
    },
  });
}
