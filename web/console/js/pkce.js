// Cognito managed login with the authorization code grant and PKCE (RFC 7636), for a public client in the
// browser: no client secret exists to leak. Pure apart from crypto (Web Crypto, present in browsers and Node 20).

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A fresh code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43–128). */
export function newVerifier() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 challenge of a verifier. */
export async function challengeOf(verifier) {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** Where the managed login page is, for this console (`config` is the deployed `config.json`). */
export function authorizeUrl(config, { challenge, state }) {
  const url = new URL('/oauth2/authorize', config.authDomain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scopes ?? 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  return url.toString();
}

/** The token request that trades the code (with the verifier that proves this browser asked for it). */
export function tokenRequest(config, { code, verifier }) {
  return {
    url: new URL('/oauth2/token', config.authDomain).toString(),
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: verifier }).toString(),
    },
  };
}

/** The managed login's logout, which ends the Cognito session and comes back to the console. */
export function logoutUrl(config) {
  const url = new URL('/logout', config.authDomain);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutUri }).toString();
  return url.toString();
}
