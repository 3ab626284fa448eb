import * as z from '../../../domain/zod';
import { DOWNLOAD_LINK_SECONDS } from '../../../channels/attachments/case-files';

// The evidence pack's request and answer, apart from the use case: the OpenAPI document reads them, and importing
// the use case would bundle the PDF renderer (pdf-lib, about 400 KiB) into the document's function.

/** What finance sends to assemble the pack: their statement of why the charge stands (the pack's first words). */
export const EvidencePackRequestSchema = z.strictObject({ statement: z.string().check(z.trim(), z.minLength(3, "state why the charge stands, in words the card network reads"), z.maxLength(4000)) }).register(z.globalRegistry, { id: 'EvidencePackRequest' });
export type EvidencePackRequest = z.infer<typeof EvidencePackRequestSchema>;

export const StoredEvidencePackSchema = z.object({
    /** What `submitEvidence` takes: the file's name among the case's files and the SHA-256 of its bytes. */
    evidencePack: z.object({ key: z.string(), sha256: z.string() }),
    caseId: z.string(),
    pages: z.number().check(z.int(), z.positive()),
    size: z.number().check(z.int(), z.positive()),
    url: z.url().register(z.globalRegistry, { description: `A download link, valid for ${DOWNLOAD_LINK_SECONDS / 60} minutes` }),
  }).register(z.globalRegistry, { id: 'StoredEvidencePack' });
export type StoredEvidencePack = z.infer<typeof StoredEvidencePackSchema>;
