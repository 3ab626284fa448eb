import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_SECURITY_HEADERS } from '../../infra/constructs/site-headers';
import { fromRepo } from '../../infra/paths';
import { startGateway, type Gateway } from '../../local/gateway';

// The local gateway serves web/ with the same security headers CloudFront adds on AWS: the case page's access (in
// its fragment) never leaves in a Referer, and no other site can frame it.
let gateway: Gateway;
beforeAll(async () => {
  const clock = { now: () => Date.now(), advance: async () => Date.now(), offset: () => 0, uninstall: () => undefined };
  gateway = await startGateway({ port: 0, routes: [], functions: new Map(), webDir: fromRepo('web'), clock });
});
afterAll(async () => {
  await gateway?.stop();
});

describe('local gateway: the site pages', () => {
  it.each(['/case.html', '/', '/console/', '/console/kpis.html', '/js/case.js', '/css/site.css'])('%s carries the site security headers', async (path) => {
    const res = await fetch(`${gateway.url}${path}`);

    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(SITE_SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it.each(['/index.html', '/case.html', '/console/index.html', '/console/kpis.html', '/console/finance.html', '/console/report.html'])(
    '%s: the header allows everything the page\'s own, narrower <meta> CSP allows (a browser enforces both)',
    async (path) => {
      const header = SITE_SECURITY_HEADERS['content-security-policy'];
      const page = await (await fetch(`${gateway.url}${path}`)).text();

      const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1];
      const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
      const granted = directives(header);
      for (const [name, sources] of meta ? directives(meta) : []) {
        expect(granted.get(name) ?? granted.get('default-src'), `${path} ${name}`).toEqual(expect.arrayContaining(sources));
      }
    },
  );
});
