/**
 * The security headers of every page of the site (the complaint form, the case page, the staff console), the same on
 * CloudFront (WebHosting's response headers policy) and on the local gateway's static files.
 *
 * The case page carries the customer's access in its URL fragment and the console keeps tokens in the tab: no
 * Referer may leave the site, no other site may frame a page (clickjacking an "accept the resolution" button), and
 * nothing but the site's own files may run or be fetched. Each page also states its own, narrower CSP in a `<meta>`
 * tag; a browser enforces both, so this header is the union of what the pages need (the console's token exchange
 * with the Cognito managed login, chart exports as blob: images) plus what only a header can say (`frame-ancestors`).
 */
export const SITE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // The case page posts files to the presigned S3 form and follows its download links (the local object store on 127.0.0.1).
  "connect-src 'self' https://*.amazoncognito.com https://*.amazonaws.com http://127.0.0.1:*",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Features no page uses, switched off so an injected script could not ask for them either. */
export const SITE_PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';

/** The headers both servers send with every page and asset (lower-case names, as Node writes them). */
export const SITE_SECURITY_HEADERS = {
  'content-security-policy': SITE_CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'permissions-policy': SITE_PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** HTTPS only (CloudFront): browsers ignore Strict-Transport-Security over plain HTTP, so the local gateway omits it. */
export const SITE_HSTS_SECONDS = 2 * 365 * 24 * 3600;
