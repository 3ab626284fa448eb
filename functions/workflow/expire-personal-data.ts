import { S3Client } from '@aws-sdk/client-s3';
import { auditLogFromEnv, erasableCaseStoreFromEnv, fieldShredderFromEnv, financeStoreFromEnv, legalHoldStoreFromEnv, policiesFromEnv, systemClock } from '../adapters/wiring';
import { traced } from '../adapters/tracer';
import { s3CaseFiles } from '../channels/attachments/s3-case-files';
import { rawMailArchive } from '../channels/email/s3-raw-mail';
import { eventHandler } from '../adapters/event-handler';
import { logger } from '../core/logger';
import { expirePersonalData, RETENTION_ROUTE } from '../core/use-cases/expire-personal-data';

/**
 * Scheduled (daily): retention. Erases the personal data of customers whose cases all closed longer ago than the
 * policy's period, unless a legal hold stands (docs/contracts.md "Retention and legal hold").
 */

const deps = {
  store: erasableCaseStoreFromEnv(),
  policies: policiesFromEnv(),
  cipher: fieldShredderFromEnv(),
  now: systemClock,
  holds: { holds: legalHoldStoreFromEnv(), finance: financeStoreFromEnv() },
  files: s3CaseFiles(traced(new S3Client({}))),
  rawMail: rawMailArchive(traced(new S3Client({}))),
  audit: { log: auditLogFromEnv(), route: RETENTION_ROUTE, now: systemClock },
};

export const handler = eventHandler(async () => {
  const report = await expirePersonalData(deps);
  // Counts only: the holds' sentences may quote an admin's free-text reason. A run that found nothing stays quiet.
  if (report.expired.length + report.held.length > 0) logger.info('retention run', { expiredCases: report.expired.length, customersOnHold: report.held.length });
  return { expired: report.expired.length, held: report.held.length };
});
