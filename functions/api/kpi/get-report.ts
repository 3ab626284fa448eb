import { reportArchiveFromEnv } from '../../adapters/wiring';
import { openReport } from '../../analytics/open-report';
import { httpHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { staffAuditTrail } from '../identity/staff-audit-trail';

/** GET /staff/reports/{grain}/{period}/{file} (JWT, supervisors): 302 to a 5-minute presigned GET of a kept report. */

const deps = {
  archive: reportArchiveFromEnv(),
  audit: staffAuditTrail('GET /staff/reports/{grain}/{period}/{file}'),
};

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { location } = accepted(await openReport(deps, actor, event.pathParameters ?? {}));
  return { statusCode: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
});
