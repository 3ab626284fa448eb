import { httpHandler } from '../../api/http/http-handler';
import { accepted } from '../../api/http/outcome';
import { jsonResponse } from '../../api/http/problem';
import { newUpload } from '../attachments/case-files';
import { staffActorOf, type MaybeJwtEvent } from '../../api/http/staff-claims';
import { caseIdOf, staffAttachmentDepsFromEnv } from './attachment-deps';

/** POST /staff/complaints/{id}/attachments (staff JWT; those who may read the case, `mayReadCase`) → 201 a presigned POST form for one file (5 minutes, size-limited, key fixed by us). */
const deps = staffAttachmentDepsFromEnv('POST /staff/complaints/{id}/attachments');

export const handler = httpHandler(async (event) => {
  const actor = staffActorOf(event as MaybeJwtEvent);
  const { uploadId, url, fields, maxBytes } = accepted(await newUpload(deps, caseIdOf(event), { kind: 'staff', actor }));
  return jsonResponse(201, { uploadId, url, fields, maxBytes }, { 'cache-control': 'no-store' });
});
