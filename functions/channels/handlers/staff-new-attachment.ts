import { httpHandler } from '../../api/http/http-handler';
import { accepted } from '../../api/http/outcome';
import { jsonResponse } from '../../api/http/problem';
import { newUpload } from '../attachments/case-files';
import { attachmentDepsFromEnv, caseIdOf } from './attachment-deps';

/** POST /staff/complaints/{id}/attachments (staff JWT, checked by the authorizer) → 201 a presigned POST form for one file (5 minutes, size-limited, key fixed by us). */
const deps = attachmentDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const { uploadId, url, fields, maxBytes } = accepted(await newUpload(deps, caseIdOf(event), { kind: 'staff' }));
  return jsonResponse(201, { uploadId, url, fields, maxBytes }, { 'cache-control': 'no-store' });
});
