import { bearerToken } from '../../domain/access-token';
import { httpHandler } from '../../api/http/http-handler';
import { accepted } from '../../api/http/outcome';
import { jsonResponse } from '../../api/http/problem';
import { newUpload } from '../attachments/case-files';
import { attachmentDepsFromEnv, caseIdOf } from './attachment-deps';

/** POST /complaints/{id}/attachments (the case's access token) → 201 a presigned POST form for one file (5 minutes, size-limited, key fixed by us). */
const deps = attachmentDepsFromEnv();

export const handler = httpHandler(async (event) => {
  const { uploadId, url, fields, maxBytes } = accepted(await newUpload(deps, caseIdOf(event), { kind: 'customer', accessToken: bearerToken(event.headers?.authorization) }));
  return jsonResponse(201, { uploadId, url, fields, maxBytes }, { 'cache-control': 'no-store' });
});
