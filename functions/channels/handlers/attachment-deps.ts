import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { caseStoreFromEnv, policiesFromEnv, systemClock } from '../../adapters/wiring';
import { staffAuditTrail } from '../../api/identity/staff-audit-trail';
import { notFound } from '../../core/outcomes';
import { refusalProblem } from '../../api/http/outcome';
import { isCaseId } from '../../api/http/case-id';
import type { CaseFilesDeps } from '../attachments/case-files';
import { s3CaseFiles } from '../attachments/s3-case-files';
import { traced } from '../../adapters/tracer';

/** The attachment handlers' ports, once per container. */
export const attachmentDepsFromEnv = (): CaseFilesDeps => ({ store: caseStoreFromEnv(), policies: policiesFromEnv(), files: s3CaseFiles(traced(new S3Client({}))), now: systemClock });

/** The same, with the audit trail of the staff route (API Gateway's name for it). */
export const staffAttachmentDepsFromEnv = (route: string): CaseFilesDeps => ({ ...attachmentDepsFromEnv(), audit: staffAuditTrail(route) });

/** The `{id}` of the route, or the same 404 as a missing case. */
export function caseIdOf(event: Pick<APIGatewayProxyEventV2, 'pathParameters'>): string {
  const id = event.pathParameters?.id ?? '';
  if (!isCaseId(id)) throw refusalProblem(notFound());
  return id;
}
