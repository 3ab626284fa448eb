import { randomUUID } from 'node:crypto';
import * as z from '../../domain/zod';
import { accessTokenMatches } from '../../domain/access-token';
import { notFound, type Outcome } from '../../core/outcomes';
import type { CaseStore, Clock, FileStorage, PolicyBook } from '../../core/ports';
import { audited, type AuditTrail } from '../../core/use-cases/audit-trail';
import { mayReadCase } from '../../domain/access/read-access';
import type { StaffActor } from '../../domain/lifecycle/model';
import { checkAttachment, DEFAULT_MAX_ATTACHMENT_BYTES } from './check-attachment';

/**
 * Attachments of a case, for its customer (access token) and the staff who may read it (`mayReadCase`): an upload form (presigned
 * POST into `uploads/<case>/<upload>`), and the list of the case's files with short-lived download links. Listing
 * first checks every upload waiting for the case: the content is sniffed (`checkAttachment`); an accepted file moves
 * to `cases/<case>/files/<upload>.<ext>`, a disguised, empty, oversized or unknown one is deleted and reported once.
 * On AWS an upload is promoted only after the malware scan tagged it clean.
 */
export interface CaseFilesDeps {
  store: Pick<CaseStore, 'get'>;
  /** The access table needs the policy the case started under (its rungs, money categories, exclusive departments). */
  policies: PolicyBook;
  files: FileStorage;
  now: Clock;
  maxBytes?: number;
  /** Staff uploads and listings go on the audit log; the staff handlers pass one. */
  audit?: AuditTrail;
}

export type Reader = { kind: 'customer'; accessToken: string | undefined } | { kind: 'staff'; actor: StaffActor };

/** Download links live this long: enough to click, too short to share. */
export const DOWNLOAD_LINK_SECONDS = 300;
const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/heic': 'heic', 'text/plain': 'txt' };

/** The media type of a stored case file, from the extension it was stored under (`<id>.<ext>`). */
export function contentTypeOfFile(name: string): string {
  const ext = name.split('.')[1] ?? 'bin';
  return Object.entries(EXTENSIONS).find(([, e]) => e === ext)?.[0] ?? 'application/octet-stream';
}

/** A case someone may not read is answered as a missing one, for staff as for customers. */
async function mayRead(deps: CaseFilesDeps, caseId: string, reader: Reader): Promise<boolean> {
  const theCase = await deps.store.get(caseId);
  if (!theCase) return false;
  if (reader.kind === 'staff') return mayReadCase(deps.policies.of(theCase.policy), reader.actor, theCase.lifecycle);
  return accessTokenMatches(reader.accessToken, theCase.accessTokenHash);
}

/** Staff reads and uploads are recorded (allowed or refused); a customer's are their own case's and are not. */
const recorded = <T extends { ok: boolean }>(deps: CaseFilesDeps, reader: Reader, action: string, caseId: string, outcome: T): Promise<T> =>
  reader.kind === 'staff' ? audited(deps.audit, reader.actor, action, caseId, outcome) : Promise.resolve(outcome);

/** A presigned POST form for one file: the client posts `fields` then the file (as `file`, last) to `url`. */
export const UploadFormSchema = z.object({
    uploadId: z.uuid().register(z.globalRegistry, { description: 'Names the upload; listed under `pending` or `refused`, or as the file `id` once checked' }),
    url: z.url().register(z.globalRegistry, { description: 'Where the multipart form is posted (the object store, not this API)' }),
    fields: z.record(z.string(), z.string()).register(z.globalRegistry, { description: 'Form fields to send as they are, before the file' }),
    maxBytes: z.number().check(z.int(), z.positive()).register(z.globalRegistry, { description: 'The largest file the form accepts' }),
  }).register(z.globalRegistry, { id: 'UploadForm' });
export type UploadForm = z.infer<typeof UploadFormSchema>;

export async function newUpload(deps: CaseFilesDeps, caseId: string, reader: Reader): Promise<Outcome<UploadForm>> {
  if (!(await mayRead(deps, caseId, reader))) return recorded(deps, reader, 'new_attachment', caseId, notFound());
  const uploadId = randomUUID();
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  return recorded(deps, reader, 'new_attachment', caseId, { ok: true as const, uploadId, maxBytes, ...(await deps.files.presignUpload(caseId, uploadId, maxBytes)) });
}

export const ListedFileSchema = z.object({
  id: z.string().register(z.globalRegistry, { description: 'The upload id the file arrived as' }),
  type: z.string().register(z.globalRegistry, { description: 'The media type sniffed from the content' }),
  size: z.number().check(z.int(), z.nonnegative()),
  url: z.url().register(z.globalRegistry, { description: `A download link, valid for ${DOWNLOAD_LINK_SECONDS / 60} minutes` }),
});
export type ListedFile = z.infer<typeof ListedFileSchema>;

/** The case's files, and what became of the uploads checked on the way (each refused upload is reported once). */
export const CaseFilesSchema = z.object({
    files: z.array(ListedFileSchema),
    refused: z.array(z.object({ id: z.string(), reason: z.string().register(z.globalRegistry, { description: 'empty, too-large, type-not-allowed, disguised or malware' }), detail: z.string() })),
    pending: z.array(z.string()).register(z.globalRegistry, { description: 'Upload ids still waiting for the malware scan' }),
  }).register(z.globalRegistry, { id: 'CaseFiles' });
export type CaseFiles = z.infer<typeof CaseFilesSchema>;

export async function listFiles(deps: CaseFilesDeps, caseId: string, reader: Reader): Promise<Outcome<CaseFiles>> {
  if (!(await mayRead(deps, caseId, reader))) return recorded(deps, reader, 'list_attachments', caseId, notFound());
  const refused: CaseFiles['refused'] = [];
  const pending: string[] = [];
  for (const upload of await deps.files.pendingUploads(caseId)) {
    if (upload.scanned === 'pending') {
      pending.push(upload.uploadId);
      continue;
    }
    const bytes = await deps.files.readUpload(caseId, upload.uploadId);
    if (!bytes) continue;
    const check = upload.scanned === 'threat' ? ({ ok: false, reason: 'malware', detail: 'the malware scan found a threat' } as const) : await checkAttachment(bytes, { maxBytes: deps.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES });
    if (check.ok) await deps.files.promote(caseId, upload.uploadId, EXTENSIONS[check.type] ?? 'bin', bytes);
    else {
      await deps.files.discardUpload(caseId, upload.uploadId);
      refused.push({ id: upload.uploadId, reason: check.reason, detail: check.detail });
    }
  }
  const files = await Promise.all(
    (await deps.files.files(caseId)).map(async (f) => {
      const [id = f.name] = f.name.split('.');
      return { id, type: contentTypeOfFile(f.name), size: f.size, url: await deps.files.downloadUrl(caseId, f.name, DOWNLOAD_LINK_SECONDS) };
    }),
  );
  return recorded(deps, reader, 'list_attachments', caseId, { ok: true as const, files, refused, pending });
}
