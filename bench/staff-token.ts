/**
 * What verifying staff tokens in the handlers' shared wrapper would cost, instead of the HTTP API's JWT authorizer
 * (docs/contracts.md, "Errors API Gateway answers itself"): the decision the staff 401 rests on.
 *
 *   npx tsx bench/staff-token.ts                     # jose (already a dependency: the local dev identity uses it)
 *   AWS_JWT_VERIFY_DIR=/tmp/jwtv npx tsx bench/staff-token.ts   # also aws-jwt-verify, installed in that folder
 *
 * Figures, each next to its baseline from the same run:
 * 1. Bundle: the deployed build of the staff queue function (functionBundling, as deployed) as it is, and with
 *    a verifier for Cognito access tokens added (remote JWKS cached per container, issuer, token_use, client_id).
 * 2. Module load: a fresh Node process importing each bundle, median of N alternating pairs (what a cold start adds
 *    before the handler runs; Lambda's own start-up is the same on both sides).
 * 3. First verification in a container: JWKS fetch from a local HTTP server + key import + verify. A lower bound:
 *    on AWS the fetch is an HTTPS round trip to cognito-idp in the region.
 * 4. Warm verification: per token, median and p99 over many RS256 tokens (what every staff request would pay).
 * Benchmarks are never tests: nothing asserts these numbers.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { createRemoteJWKSet, exportJWK, jwtVerify, SignJWT } from 'jose';
import { lambdaBuildOptions, deployedVariant } from './bundles';
import { median, percentile } from './stats';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.local', 'bench', 'staff-token');
const awsJwtVerifyDir = process.env.AWS_JWT_VERIFY_DIR;
const PAIRS = Number(process.env.PAIRS ?? 9);
const WARM_TOKENS = Number(process.env.WARM_TOKENS ?? 2000);

const ISSUER_ENV = "process.env.STAFF_TOKEN_ISSUER ?? 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench'";
const variants: Record<string, string> = {
  baseline: `export { handler } from '${root}/functions/api/staff-queue.ts';`,
  jose: `export { handler } from '${root}/functions/api/staff-queue.ts';
import { createRemoteJWKSet, jwtVerify } from 'jose';
const issuer = ${ISSUER_ENV};
const keys = createRemoteJWKSet(new URL(issuer + '/.well-known/jwks.json'));
export async function verify(token) {
  const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] });
  if (payload.token_use !== 'access' || payload.client_id !== process.env.STAFF_CLIENT_ID) throw new Error('not an access token of this client');
  return payload;
}`,
  ...(awsJwtVerifyDir
    ? {
        'aws-jwt-verify': `export { handler } from '${root}/functions/api/staff-queue.ts';
import { CognitoJwtVerifier } from '${createRequire(join(awsJwtVerifyDir, 'x.js')).resolve('aws-jwt-verify')}';
const verifier = CognitoJwtVerifier.create({ userPoolId: process.env.USER_POOL_ID ?? 'eu-west-1_bench', tokenUse: 'access', clientId: process.env.STAFF_CLIENT_ID ?? 'bench' });
export const verify = (token) => verifier.verify(token);`,
      }
    : {}),
};

/**
 * The verifier alone: the staff queue function's own import reads its secrets at load (it needs AWS), so each variant
 * is loaded with a stand-in handler that, like the real one, has node:crypto loaded already (HMAC of reply links):
 * what remains is the library's own evaluation.
 */
const alone = (source: string) =>
  source.replace(/^export \{ handler \} from .*$/m, "import { createHmac } from 'node:crypto';\nexport const handler = async () => ({ statusCode: 200, body: createHmac('sha256', 'k').digest('hex') });");

async function bundleVariant(name: string, source = variants[name]!): Promise<{ file: string; bytes: number }> {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, source);
  const file = join(dir, 'index.mjs');
  await build({ ...lambdaBuildOptions(deployedVariant('promptearn')), entryPoints: [entry], outfile: file, nodePaths: [join(root, 'node_modules')] });
  return { file, bytes: statSync(file).size };
}

/** Milliseconds for a fresh Node process to import the bundle (measured inside the child, after Node started). */
function importMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

async function verifierTimes() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'bench-key';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = base;
  const clientId = 'bench-client';
  const mint = (i: number) =>
    new SignJWT({ token_use: 'access', client_id: clientId, 'cognito:groups': ['agent'], jti: String(i) })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setSubject(`agent-${i}`)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const tokens = await Promise.all(Array.from({ length: WARM_TOKENS }, (_, i) => mint(i)));

  const rows: { library: string; firstMs: number; warmMedianUs: number; warmP99Us: number }[] = [];
  {
    const t0 = performance.now();
    const keys = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    await jwtVerify(tokens[0]!, keys, { issuer, algorithms: ['RS256'] });
    const firstMs = performance.now() - t0;
    const each: number[] = [];
    for (const token of tokens) {
      const t = performance.now();
      const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] });
      if (payload.client_id !== clientId) throw new Error('bench token');
      each.push((performance.now() - t) * 1000);
    }
    rows.push({ library: 'jose', firstMs, warmMedianUs: median(each), warmP99Us: percentile(each, 99) });
  }
  if (awsJwtVerifyDir) {
    const require = createRequire(join(awsJwtVerifyDir, 'x.js'));
    // Not a dependency of the repository (the bench only compares it): typed here by the little it is asked for.
    interface Verifier {
      cacheJwks(jwks: unknown): void;
      verify(token: string): Promise<unknown>;
    }
    type Check = (jwt: { payload: Record<string, unknown> }) => void;
    const { JwtVerifier } = (await import(require.resolve('aws-jwt-verify'))) as {
      JwtVerifier: { create(o: { issuer: string; audience: null; jwksUri: string; customJwtCheck: Check }): Verifier };
    };
    const t0 = performance.now();
    // The generic verifier: CognitoJwtVerifier insists on a cognito-idp issuer; the checks are the same.
    const verifier = JwtVerifier.create({ issuer, audience: null, jwksUri: `${base}/.well-known/jwks.json`, customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access' || payload.client_id !== clientId) throw new Error('not an access token of this client');
    } });
    // It fetches a JWKS over https only (a local http JWKS is refused): the keys are handed to its cache instead, so
    // its "first" has no fetch in it.
    verifier.cacheJwks(jwks);
    await verifier.verify(tokens[0]!);
    const firstMs = performance.now() - t0;
    const each: number[] = [];
    for (const token of tokens) {
      const t = performance.now();
      await verifier.verify(token);
      each.push((performance.now() - t) * 1000);
    }
    rows.push({ library: 'aws-jwt-verify (JWKS preloaded)', firstMs, warmMedianUs: median(each), warmP99Us: percentile(each, 99) });
  }
  server.close();
  return rows;
}

const bundles = Object.fromEntries(await Promise.all(Object.keys(variants).map(async (name) => [name, await bundleVariant(name)] as const)));
console.log('1 bundle (staff queue function as deployed: functionBundling, the AWS SDK inside)');
for (const [name, b] of Object.entries(bundles)) {
  const delta = b.bytes - bundles.baseline!.bytes;
  console.log(`  ${name.padEnd(15)} ${(b.bytes / 1024).toFixed(1)} KiB${name === 'baseline' ? '' : `  (+${(delta / 1024).toFixed(1)} KiB)`}`);
}

console.log(`2 module load of the verifier alone in a fresh process (median of ${PAIRS} alternating runs, first run of each discarded)`);
const verifierBundles = Object.fromEntries(await Promise.all(Object.keys(variants).map(async (name) => [name, await bundleVariant(`${name}-alone`, alone(variants[name]!))] as const)));
const loads: Record<string, number[]> = Object.fromEntries(Object.keys(verifierBundles).map((n) => [n, []]));
for (let i = 0; i <= PAIRS; i++) {
  for (const [name, b] of Object.entries(verifierBundles)) {
    const ms = importMs(b.file);
    if (i > 0) loads[name]!.push(ms);
  }
}
for (const [name, ms] of Object.entries(loads)) {
  const delta = median(ms) - median(loads.baseline!);
  console.log(`  ${name.padEnd(15)} ${median(ms).toFixed(1)} ms${name === 'baseline' ? '' : `  (${delta >= 0 ? '+' : ''}${delta.toFixed(1)} ms)`}`);
}

console.log(`3-4 verification (RS256, 2048-bit; JWKS from a local HTTP server; ${WARM_TOKENS} warm tokens)`);
for (const r of await verifierTimes()) {
  console.log(`  ${r.library.padEnd(31)} first ${r.firstMs.toFixed(2)} ms (JWKS fetch + key import + verify); warm median ${r.warmMedianUs.toFixed(0)} µs, p99 ${r.warmP99Us.toFixed(0)} µs`);
}
