import type { OpenApiRegistry } from '../openapi-registry';
import * as z from '../../domain/zod';
import { DeclareIncidentSchema, IncidentBannerSchema, IncidentSchema, PostIncidentUpdateSchema, ResolveIncidentSchema } from '../../domain/incident/incident';
import type { PathHelpers } from '../identity/openapi-paths';

/** The outage incident routes in the OpenAPI document, from the schemas their use cases validate with. */
export function registerIncidentRoutes(registry: OpenApiRegistry, { problem, json }: PathHelpers): void {
  const incident = IncidentSchema.clone().register(z.globalRegistry, { id: 'Incident' });
  const link = z.object({
      incidentId: z.string(),
      caseId: z.uuid(),
      linkedAt: z.string(),
      closed: z.optional(z.object({ at: z.string(), outcome: z.enum(['resolved', 'requeued', 'unchanged']) })),
    }).register(z.globalRegistry, { id: 'IncidentLink' });
  const fanOut = z.object({ incident, linked: z.number().check(z.int()), told: z.number().check(z.int()) }).register(z.globalRegistry, { id: 'IncidentFanOut' });
  const incidentId = z.object({ incidentId: z.string().register(z.globalRegistry, { description: 'inc-<slug>' }) });

  registry.registerPath({
    method: 'get',
    path: '/incidents/active',
    operationId: 'listActiveIncidents',
    tags: ['Complaints'],
    security: [],
    summary: 'The outages in progress, as the complaint form and the case page show them: status, latest update, other ways to reach us',
    responses: {
      200: json('The active incidents, newest first', z.object({ items: z.array(IncidentBannerSchema.clone().register(z.globalRegistry, { id: 'IncidentBanner' })) })),
      429: json('Too many requests: the API stage throttles (API Gateway answers this itself, not problem+json)', z.object({ message: z.string() })),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/staff/incidents',
    operationId: 'listIncidents',
    tags: ['Staff'],
    summary: 'Supervisors: the outage incidents, newest first, with their linked cases',
    security: [{ staffJwt: [] }],
    request: { query: z.object({ status: z.optional(z.enum(['active', 'resolved'])).register(z.globalRegistry, { description: 'Only the active or only the resolved incidents' }) }) },
    responses: {
      200: json('The incidents', z.object({ items: z.array(z.extend(IncidentSchema, { links: z.array(link) })) }).register(z.globalRegistry, { id: 'IncidentList' })),
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      422: problem('Invalid query parameter (named in `errors`)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/incidents',
    operationId: 'declareIncident',
    tags: ['Staff'],
    summary: 'Supervisors: declare an outage; matching open cases are linked, moved to the front of the queue and their customers told the message once',
    security: [{ staffJwt: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: DeclareIncidentSchema.clone().register(z.globalRegistry, { id: 'DeclareIncident' }) } } } },
    responses: {
      201: json('Declared', fanOut),
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      409: problem('An incident with the same title was declared the same minute'),
      422: problem('Invalid field (named in `errors`), or an unknown category'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/incidents/{incidentId}/updates',
    operationId: 'postIncidentUpdate',
    tags: ['Staff'],
    summary: 'Supervisors: a new update, told once to the customer of every linked case (one update per incident per 10 minutes)',
    security: [{ staffJwt: [] }],
    request: { params: incidentId, body: { required: true, content: { 'application/json': { schema: PostIncidentUpdateSchema.clone().register(z.globalRegistry, { id: 'IncidentUpdateRequest' }) } } } },
    responses: {
      200: json('Posted and told', fanOut),
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      404: problem('No such incident'),
      409: problem('Another update was posted at the same moment'),
      410: problem('The incident is resolved'),
      422: problem('Invalid field (named in `errors`)'),
      429: problem('Customers were told of this incident less than 10 minutes ago; `Retry-After` says when to post'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/staff/incidents/{incidentId}/resolution',
    operationId: 'resolveIncident',
    tags: ['Staff'],
    summary: 'Supervisors: the outage is over; each linked case is resolved with the note (outcome `resolve`) or re-queued with it (`requeue`), and its link closed',
    security: [{ staffJwt: [] }],
    request: { params: incidentId, body: { required: true, content: { 'application/json': { schema: ResolveIncidentSchema.clone().register(z.globalRegistry, { id: 'ResolveIncident' }) } } } },
    responses: {
      200: json('Resolved, with every link and its outcome', z.object({ incident, links: z.array(link) }).register(z.globalRegistry, { id: 'ResolvedIncident' })),
      401: problem('No valid staff token'),
      403: problem('Not a supervisor'),
      404: problem('No such incident'),
      409: problem('The incident changed at the same moment'),
      422: problem('Invalid field (named in `errors`)'),
    },
  });
}
