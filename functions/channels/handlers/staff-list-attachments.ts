import { httpHandler } from '../../api/http/http-handler';
import { accepted } from '../../api/http/outcome';
import { jsonResponse } from '../../api/http/problem';
import { listFiles } from '../attachments/case-files';
import { attachmentDepsFromEnv, caseIdOf } from './attachment-deps';

/**
 * GET /staff/complaints/{id}/attachments (staff JWT, checked by the authorizer) → the case's files with download links valid for 5 minutes; uploads that arrived since are checked
 * first (refused ones deleted and listed under `refused`, unscanned ones under `pending`).
 */
const deps = attachmentDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const { files, refused, pending } = accepted(await listFiles(deps, caseIdOf(event), { kind: 'staff' }));
  return jsonResponse(200, { files, refused, pending }, { 'cache-control': 'no-store' });
});
