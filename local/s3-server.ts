/**
 * LOCAL ONLY: the handful of S3 REST calls the local stack needs, over the folder object store, so that the real AWS
 * SDK and the AWS CLI (`aws s3 ls --endpoint-url …`) work against `npm start`'s buckets: ListBuckets,
 * ListObjectsV2 (prefix, delimiter), Get/Head/Put/DeleteObject, and the browser's presigned POST upload; plus
 * ListObjectVersions and DeleteObjects, which erasure uses to remove every version of a case's files. The buckets
 * here are not versioned: each object is its one version, `null`, as S3 lists an unversioned bucket's objects.
 *
 * Written here rather than taken from npm: `s3rver`, the one dedicated package, has had no release since 2021 and
 * pulls in a Koa stack; the calls needed are few and their XML small. Path-style addressing only (the SDK uses it
 * for an IP endpoint). A presigned POST is checked as S3 checks it: the SigV4 signature over the policy (with the
 * local secret), the expiry, and every condition (exact and prefix fields, `content-length-range`); a failed check
 * stores nothing. Presigned GETs are checked for expiry only. No malware scanner: GetObjectTagging reports every
 * object scanned clean (GuardDuty's tag). Each bucket is a folder under `root`. The Content-Type given at upload
 * (the PUT's header, the POST form's `Content-Type` field) is kept beside the bucket, in `<root>/.s3-meta/<bucket>/`
 * (a folder no bucket name can take), and served back on GET and HEAD with the Content-Length, as S3 does;
 * an object stored without one is `binary/octet-stream`, S3's default; a presigned GET's `response-content-type`
 * overrides it, as on S3.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import busboy from 'busboy';
import * as z from '../functions/domain/zod';
import { folderObjectStore, type ObjectStore } from './object-store';

export interface LocalS3Options {
  /** 0 picks a free port. */
  port: number;
  /** Folder holding one folder per bucket. */
  root: string;
  /** Buckets created at start (the template's). */
  buckets?: readonly string[];
  /** The secret access key the local credentials carry (presigned POSTs are signed with it). */
  secretAccessKey?: string;
  /** Epoch ms (the local stack's virtual clock). */
  now?: () => number;
  log?: (line: string) => void;
}

export interface LocalS3 {
  port: number;
  url: string;
  bucket(name: string): ObjectStore;
  stop(): Promise<void>;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Where object metadata lives: starts with a dot, so no bucket name (BUCKET_NAME) can be it. */
const META_DIR = '.s3-meta';
/** What S3 answers for an object stored without a Content-Type. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const ObjectMeta = z.object({ contentType: z.string().check(z.minLength(1)) });
const xmlUnescape = (s: string) => s.replace(/&(lt|gt|amp|apos|quot);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e]!);
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function sendXml(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() });
  res.end(`${XML_HEAD}${body}`);
}

function s3Error(res: ServerResponse, status: number, code: string, message: string) {
  sendXml(res, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** SigV4 over a POST policy: the key derived from the secret, the credential's date, region and service. */
function policySignature(secret: string, credential: string, policyBase64: string): string | undefined {
  const [, date, region, service] = credential.split('/');
  if (!date || !region || !service) return undefined;
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(policyBase64).digest('hex');
}

type Condition = unknown[] | Record<string, string>;

/** Why a POST form does not satisfy its policy, or undefined when it does. */
function policyViolation(policy: { expiration?: string; conditions?: Condition[] }, fields: Record<string, string>, size: number, now: number): string | undefined {
  if (!policy.expiration || Date.parse(policy.expiration) < now) return 'Invalid according to Policy: Policy expired.';
  for (const c of policy.conditions ?? []) {
    if (Array.isArray(c)) {
      const [op, a, b] = c as [string, unknown, unknown];
      if (op === 'content-length-range') {
        if (size < Number(a) || size > Number(b)) return size > Number(b) ? 'Your proposed upload exceeds the maximum allowed size' : 'Your proposed upload is smaller than the minimum allowed size';
        continue;
      }
      const field = String(a).replace(/^\$/, '').toLowerCase();
      const value = fields[field] ?? '';
      if (op === 'eq' && value !== String(b)) return `Invalid according to Policy: Policy Condition failed: ["eq", "$${field}", "${String(b)}"]`;
      if (op === 'starts-with' && !value.startsWith(String(b))) return `Invalid according to Policy: Policy Condition failed: ["starts-with", "$${field}", "${String(b)}"]`;
    } else {
      for (const [field, expected] of Object.entries(c)) {
        if ((fields[field.toLowerCase()] ?? '') !== expected) return `Invalid according to Policy: Policy Condition failed: ["eq", "$${field}", "${expected}"]`;
      }
    }
  }
  return undefined;
}

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const now = options.now ?? Date.now;
  const secret = options.secretAccessKey ?? 'local';
  const log = options.log ?? (() => {});
  await mkdir(options.root, { recursive: true });
  for (const b of options.buckets ?? []) await mkdir(join(options.root, b), { recursive: true });
  const stores = new Map<string, ObjectStore>();
  const bucket = (name: string) => {
    let store = stores.get(name);
    if (!store) stores.set(name, (store = folderObjectStore(join(options.root, name))));
    return store;
  };
  const metaStores = new Map<string, ObjectStore>();
  const metaOf = (name: string) => {
    let store = metaStores.get(name);
    if (!store) metaStores.set(name, (store = folderObjectStore(join(options.root, META_DIR, name))));
    return store;
  };
  /** Stores the object, then its metadata (a reader of an object written before metadata existed gets the default). */
  const putObject = async (name: string, key: string, bytes: Uint8Array, contentType: string | undefined) => {
    await bucket(name).put(key, bytes);
    await metaOf(name).put(key, Buffer.from(JSON.stringify({ contentType: contentType || DEFAULT_CONTENT_TYPE })));
  };
  const contentTypeOf = async (name: string, key: string) => {
    const raw = await metaOf(name).get(key);
    const parsed = raw ? ObjectMeta.safeParse(JSON.parse(Buffer.from(raw).toString('utf8'))) : undefined;
    return parsed?.success ? parsed.data.contentType : DEFAULT_CONTENT_TYPE;
  };
  const bucketExists = async (name: string) => BUCKET_NAME.test(name) && (await stat(join(options.root, name)).then((s) => s.isDirectory(), () => false));

  async function listBuckets(res: ServerResponse) {
    const names = (await readdir(options.root, { withFileTypes: true })).filter((e) => e.isDirectory() && BUCKET_NAME.test(e.name)).map((e) => e.name).sort();
    const buckets = names.map((n) => `<Bucket><Name>${n}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`).join('');
    sendXml(res, 200, `<ListAllMyBucketsResult ${NS}><Owner><ID>local</ID><DisplayName>local</DisplayName></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
  }

  async function listObjects(res: ServerResponse, name: string, query: URLSearchParams) {
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const store = bucket(name);
    const contents: string[] = [];
    const prefixes = new Set<string>();
    for (const key of await store.list(prefix)) {
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) {
        prefixes.add(prefix + rest.slice(0, cut + delimiter.length));
        continue;
      }
      const info = await stat(join(store.root, key));
      contents.push(`<Contents><Key>${xmlEscape(key)}</Key><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${info.size}-${info.mtimeMs}"</ETag><Size>${info.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
    }
    const common = [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join('');
    sendXml(
      res,
      200,
      `<ListBucketResult ${NS}><Name>${name}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}<KeyCount>${contents.length + prefixes.size}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}${common}</ListBucketResult>`,
    );
  }

  /** ListObjectVersions of an unversioned bucket: every object under the prefix, version `null`, the latest. */
  async function listVersions(res: ServerResponse, name: string, query: URLSearchParams) {
    const prefix = query.get('prefix') ?? '';
    const store = bucket(name);
    const versions: string[] = [];
    for (const key of await store.list(prefix)) {
      const info = await stat(join(store.root, key));
      versions.push(`<Version><Key>${xmlEscape(key)}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${info.size}-${info.mtimeMs}"</ETag><Size>${info.size}</Size><StorageClass>STANDARD</StorageClass></Version>`);
    }
    sendXml(res, 200, `<ListVersionsResult ${NS}><Name>${name}</Name><Prefix>${xmlEscape(prefix)}</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${versions.join('')}</ListVersionsResult>`);
  }

  const deleteObject = async (name: string, key: string) => {
    await rm(join(bucket(name).root, key), { force: true });
    await rm(join(metaOf(name).root, key), { force: true });
  };

  /** DeleteObjects (`POST /<bucket>?delete`): each `<Object><Key>` removed (a VersionId other than `null` names nothing here); a missing key is deleted all the same, as on S3. */
  async function deleteObjects(req: IncomingMessage, res: ServerResponse, name: string) {
    const body = (await readBody(req)).toString('utf8');
    const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(body);
    const deleted: string[] = [];
    for (const [, object = ''] of body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
      const key = xmlUnescape(/<Key>([\s\S]*?)<\/Key>/.exec(object)?.[1] ?? '');
      const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(object)?.[1];
      if (!key) return s3Error(res, 400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
      if (versionId === undefined || versionId === 'null') await deleteObject(name, key);
      deleted.push(`<Deleted><Key>${xmlEscape(key)}</Key>${versionId ? `<VersionId>${xmlEscape(versionId)}</VersionId>` : ''}</Deleted>`);
    }
    log(`[s3] deleted ${deleted.length} object(s) from s3://${name}`);
    sendXml(res, 200, `<DeleteResult ${NS}>${quiet ? '' : deleted.join('')}</DeleteResult>`);
  }

  function presignedGetExpired(query: URLSearchParams): boolean {
    const date = query.get('X-Amz-Date');
    const expires = query.get('X-Amz-Expires');
    if (!date || !expires) return false;
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    if (!m) return true;
    const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    return signedAt + Number(expires) * 1000 < now();
  }

  async function postUpload(req: IncomingMessage, res: ServerResponse, name: string) {
    const fields: Record<string, string> = {};
    let file: { bytes: Buffer; truncated: boolean } | undefined;
    const limit = 64 * 1024 * 1024;
    await new Promise<void>((resolve, reject) => {
      const form = busboy({ headers: req.headers, limits: { fileSize: limit, files: 1, fields: 50 } });
      form.on('field', (field, value) => (fields[field.toLowerCase()] = value));
      form.on('file', (_field, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => (file = { bytes: Buffer.concat(chunks), truncated: (stream as unknown as { truncated?: boolean }).truncated === true }));
        if (!fields['content-type'] && info.mimeType) fields['content-type'] ??= info.mimeType;
      });
      form.on('close', () => resolve());
      form.on('error', reject);
      req.pipe(form);
    });
    if (!file) return s3Error(res, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
    const policyBase64 = fields.policy ?? '';
    const expected = policySignature(secret, fields['x-amz-credential'] ?? '', policyBase64);
    if (!expected || expected !== (fields['x-amz-signature'] ?? '').toLowerCase()) return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    let policy: { expiration?: string; conditions?: Condition[] };
    try {
      policy = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8')) as typeof policy;
    } catch {
      return s3Error(res, 400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
    }
    const withBucket = { ...fields, bucket: name };
    const violation = file.truncated ? 'Your proposed upload exceeds the maximum allowed size' : policyViolation(policy, withBucket, file.bytes.length, now());
    if (violation) return s3Error(res, violation.includes('size') ? 400 : 403, violation.includes('size') ? 'EntityTooLarge' : 'AccessDenied', violation);
    const key = fields.key ?? '';
    if (!key) return s3Error(res, 400, 'InvalidArgument', 'Bucket POST must contain a field named key.');
    await putObject(name, key, file.bytes, fields['content-type']);
    log(`[s3] stored s3://${name}/${key} (${file.bytes.length} bytes, ${fields['content-type'] || DEFAULT_CONTENT_TYPE}, presigned POST)`);
    res.writeHead(Number(fields.success_action_status) === 201 ? 201 : 204, { etag: `"${file.bytes.length}"`, location: `/${name}/${key}` });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, rawBucket = '', ...rest] = url.pathname.split('/');
    const name = decodeURIComponent(rawBucket);
    const key = rest.map(decodeURIComponent).join('/');
    const method = req.method ?? 'GET';
    if (!name) return method === 'GET' ? listBuckets(res) : s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, PUT, HEAD', 'access-control-allow-headers': '*' });
      return res.end();
    }
    res.setHeader('access-control-allow-origin', '*');
    if (!(await bucketExists(name))) return s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (!key) {
      if (method === 'GET') return url.searchParams.has('versions') ? listVersions(res, name, url.searchParams) : listObjects(res, name, url.searchParams);
      if (method === 'HEAD') return void res.writeHead(200).end();
      if (method === 'POST') return url.searchParams.has('delete') ? deleteObjects(req, res, name) : postUpload(req, res, name);
      return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const store = bucket(name);
    switch (method) {
      case 'PUT': {
        await putObject(name, key, await readBody(req), req.headers['content-type']);
        res.writeHead(200, { etag: '"local"' });
        return res.end();
      }
      case 'GET':
      case 'HEAD': {
        if (url.searchParams.has('tagging')) {
          // No malware scanner locally: every stored object reports the verdict GuardDuty gives a clean file.
          if (!(await store.get(key))) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
          return sendXml(res, 200, `<Tagging ${NS}><TagSet><Tag><Key>GuardDutyMalwareScanStatus</Key><Value>NO_THREATS_FOUND</Value></Tag></TagSet></Tagging>`);
        }
        if (presignedGetExpired(url.searchParams)) return s3Error(res, 403, 'AccessDenied', 'Request has expired');
        const bytes = await store.get(key);
        if (!bytes) return method === 'HEAD' ? void res.writeHead(404).end() : s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        res.writeHead(200, { 'content-length': String(bytes.length), 'content-type': url.searchParams.get('response-content-type') ?? (await contentTypeOf(name, key)), etag: `"${bytes.length}"` });
        return res.end(method === 'HEAD' ? undefined : bytes);
      }
      case 'DELETE': {
        await deleteObject(name, key);
        res.writeHead(204);
        return res.end();
      }
      default:
        return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`[s3] ${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) s3Error(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    bucket,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
