import { S3Client } from '@aws-sdk/client-s3';
import { auditLogFromEnv, caseStoreFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { s3CaseFiles } from '../../channels/attachments/s3-case-files';
import type { ExportDeps } from '../../core/use-cases/export-customer-data';
import { traced } from '../../adapters/tracer';

/** What a data export reads, once per container: the cases, their audit entries and their attachments' names. */
export const exportDepsFromEnv = (): ExportDeps => ({ store: caseStoreFromEnv(), policies: policiesFromEnv(), now: systemClock, audit: auditLogFromEnv(), files: s3CaseFiles(traced(new S3Client({}))) });

/** A download's file name: the case number the customer knows, never their name or email. */
export const exportHeaders = (caseNumber: string | undefined) => ({
  'cache-control': 'no-store',
  'content-disposition': `attachment; filename="redress-export-${(caseNumber ?? 'data').replace(/[^A-Za-z0-9-]/g, '')}.json"`,
});
