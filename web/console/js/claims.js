// Who is signed in, read from the access token's claims for display and for the console's choices only. The API
// verifies the token (API Gateway's JWT authorizer on AWS, the local gateway on `npm start`); the console never
// trusts these claims for anything the API does not check again.

/** The payload of a JWT, or null when it is not one. No signature check: see above. */
export function decodeClaims(token) {
  const part = String(token ?? '').split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(decodeURIComponent(escape(json)));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** Groups as the API reads them: a real array, or API Gateway's flattened "[agent senior]". */
export function groupsOf(claim) {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
}

/** When someone holds several roles, they act in the one with the widest remit (the API's order). */
export const ROLE_PRECEDENCE = ['supervisor', 'dispute_team', 'senior', 'finance', 'agent', 'admin'];

export const ROLE_LABELS = {
  agent: 'Support representative',
  senior: 'Senior representative',
  dispute_team: 'Dispute Resolution Team',
  supervisor: 'Supervisor',
  finance: 'Finance',
  admin: 'Data protection',
};

/** `{ staffId, name, role, expiresAt }` of a token, or null when it names no staff role. */
export function staffOf(token) {
  const claims = decodeClaims(token);
  if (!claims?.sub) return null;
  const groups = new Set(groupsOf(claims['cognito:groups']));
  const role = ROLE_PRECEDENCE.find((r) => groups.has(r));
  if (!role) return null;
  return {
    staffId: String(claims.sub),
    name: String(claims.name ?? claims.email ?? claims.username ?? claims.sub),
    role,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
  };
}
