import { reportArchiveFromEnv } from '../../adapters/wiring';
import { openReport, REPORT_REDIRECT_SECONDS } from '../../analytics/open-report';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/**
 * GET /staff/reports/{grain}/{period}/{file} (JWT, supervisors): 302 to a 5-minute presigned GET of a kept report;
 * with `Accept: application/json`, 200 with that link instead, for a page that fetches with the staff token (a
 * browser drops the Authorization header and hides the Location of a cross-origin redirect).
 */

const deps = {
  archive: reportArchiveFromEnv(),
  audit: staffAuditTrail('GET /staff/reports/{grain}/{period}/{file}'),
};

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { location } = accepted(await openReport(deps, actor, event.pathParameters ?? {}));
  // Header names arrive lower-cased (httpHandler's header normalizer).
  if (event.headers?.accept?.includes('application/json')) return jsonResponse(200, { url: location, expiresInSeconds: REPORT_REDIRECT_SECONDS }, { 'cache-control': 'no-store' });
  return { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
});
