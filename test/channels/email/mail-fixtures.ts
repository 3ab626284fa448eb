import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReplySigning } from '../../../functions/channels/email/case-reference';

/** The raw bytes of a fixture in test/fixtures/mail (kept byte for byte: CRLF, 8-bit Windows-1252). */
export function rawMail(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/mail/${name}`, import.meta.url)));
}

/** The case the reply fixtures answer, and the signing secret their case addresses and Message-IDs were made with. */
export const FIXTURE_CASE_ID = '3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69';
export const FIXTURE_SIGNING: ReplySigning = { domain: 'reply.redress.test', secrets: ['fixture-reply-signing-secret-do-not-use-in-prod'] };
/** The SES message id of the acknowledgment the Outlook reply answers (its In-Reply-To). */
export const FIXTURE_SES_MESSAGE_ID = '0100018f2a6b7c8d-1e2f3a4b-5c6d-7e8f-9a0b-1c2d3e4f5a6b-000000';
