import { exportAsAdmin } from '../../core/use-cases/export-customer-data';
import { caseIdOf } from '../../channels/handlers/attachment-deps';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { exportDepsFromEnv, exportHeaders } from './export-deps';
import { staffAuditTrail } from './staff-audit-trail';

/** GET /staff/complaints/{id}/export (JWT; admins, others 403): the data export of the customer who filed the case. */

const deps = { ...exportDepsFromEnv(), trail: staffAuditTrail('GET /staff/complaints/{id}/export') };

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  // Anyone but an admin is refused whatever the path says (403, like every route a role may not use at all).
  const id = actor.role === 'admin' ? caseIdOf(event) : (event.pathParameters?.id ?? '');
  const { data } = accepted(await exportAsAdmin(deps, actor, id));
  return jsonResponse(200, data, exportHeaders(data.cases.find((c) => c.id === id)?.caseNumber));
});
