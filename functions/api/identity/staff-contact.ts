import { correctContactAsAdmin } from '../../core/use-cases/correct-contact';
import { caseIdOf } from '../../channels/handlers/attachment-deps';
import { jsonHandler } from '../http/http-handler';
import { accepted } from '../http/outcome';
import { jsonResponse } from '../http/problem';
import { staffActorOf, type MaybeJwtEvent } from '../http/staff-claims';
import { correctContactDepsFromEnv } from './contact-deps';
import { staffAuditTrail } from './staff-audit-trail';

/** POST /staff/complaints/{id}/contact (JWT, admins; others 403): `{ name?, email? }` → 200 `{ changed, cases }`, audited as `correct_contact`. */

const deps = { ...correctContactDepsFromEnv(), audit: staffAuditTrail('POST /staff/complaints/{id}/contact') };

export const handler = jsonHandler(async (event) => {
  const actor = staffActorOf(event as unknown as MaybeJwtEvent);
  const id = caseIdOf(event);
  const { changed, cases } = accepted(await correctContactAsAdmin(deps, actor, id, event.body));
  return jsonResponse(200, { changed, cases }, { 'cache-control': 'no-store' });
});
