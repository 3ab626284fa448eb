import { readAuditLog } from '../../core/use-cases/audit-query';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from './staff-audit-trail';

/** GET /staff/audit?caseId=|actor=&limit=&before= (JWT; supervisors and admins): the audit log, newest first. */

const deps = { audit: staffAuditTrail('GET /staff/audit') };

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { entries, cursor } = accepted(await readAuditLog(deps, actor, event.queryStringParameters ?? {}));
  return jsonResponse(200, { entries, ...(cursor ? { cursor } : {}) }, { 'cache-control': 'no-store' });
});
