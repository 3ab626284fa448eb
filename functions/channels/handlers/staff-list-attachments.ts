import { httpHandler } from '../../api/http/http-handler';
import { accepted } from '../../api/http/outcome';
import { jsonResponse } from '../../api/http/problem';
import { listFiles } from '../attachments/case-files';
import { staffActorOf, type MaybeJwtEvent } from '../../api/http/staff-claims';
import { caseIdOf, staffAttachmentDepsFromEnv } from './attachment-deps';

/**
 * GET /staff/complaints/{id}/attachments (staff JWT; those who may read the case, `mayReadCase`) → the case's files with download links valid for 5 minutes; uploads that arrived since are checked
 * first (refused ones deleted and listed under `refused`, unscanned ones under `pending`).
 */
const deps = staffAttachmentDepsFromEnv('GET /staff/complaints/{id}/attachments');

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { files, refused, pending } = accepted(await listFiles(deps, caseIdOf(event), { kind: 'staff', actor }));
  return jsonResponse(200, { files, refused, pending }, { 'cache-control': 'no-store' });
});
