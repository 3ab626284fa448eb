import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { s3CaseFiles } from '../attachments/s3-case-files';
import { readInboundEmailConfig } from '../email/inbound-email-config';
import { s3RawMail } from '../email/s3-raw-mail';
import { sesInboundHandler } from '../email/ses-inbound-handler';
import { loadSigningSecrets } from '../email/signing-secrets';
import { coreInbound } from '../intake/core-inbound';
import { receiveMessageDepsFromEnv } from './channel-deps';
import { eventHandler } from '../../adapters/event-handler';
import { traced } from '../../adapters/tracer';

/**
 * The inbound-email Lambda: SES's receipt rule stored the raw message in S3 and invokes this asynchronously (on
 * `npm start` the local SMTP server does the same). Decode, route, then the core's `receiveMessage`; the attachments
 * that pass the content check go to the case's uploads in the files bucket;
 * the raw message's key is recorded with its case, for erasure.
 */
const deps = receiveMessageDepsFromEnv();
const config = readInboundEmailConfig(await loadSigningSecrets(process.env, traced(new SecretsManagerClient({}))));
const raw = s3RawMail(traced(new S3Client({})), config.bucket);
const inbound = coreInbound(deps, undefined, s3CaseFiles(traced(new S3Client({}))), raw);

export const handler = eventHandler(
  sesInboundHandler({
  raw,
  keyPrefix: config.keyPrefix,
  cases: deps.channels,
  inbound: inbound.email,
  config: config.routing,
  }),
);
