import { GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { REPORTS_PREFIX } from './layout';
import type { ReportArchive } from '../core/ports';

/** The reports under `reports/<grain>/<period>/` in the bucket (on AWS the facts bucket; locally the local S3 server). */
export function s3ReportArchive(client: S3Client, bucket: string): ReportArchive {
  return {
    async keep(folder, files) {
      const keys: string[] = [];
      for (const f of files) {
        const key = `${REPORTS_PREFIX}/${folder}/${f.name}`;
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: f.content, ContentType: f.contentType }));
        keys.push(key);
      }
      return { keys };
    },
    // Signed per request, minutes long: a link signed with a Lambda role ends with that role's session (hours),
    // whatever its expiry says, so the mail links the report route (GET /staff/reports/…) rather than a link.
    async linkTo(folder, file, seconds) {
      const key = `${REPORTS_PREFIX}/${folder}/${file}`;
      // Asked first so that a missing report answers 404 rather than a link to S3's own error.
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      } catch (e) {
        if (e instanceof NotFound || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw e;
      }
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds });
    },
  };
}
