import { accessTokenMatches } from '../domain/access-token';
import { grants, isAccessLinkShaped, type AccessPurpose } from '../domain/access-link';
import type { Case } from '../domain/case';
import type { AccessLinks } from './ports';

/**
 * Whether a customer credential opens the case for `needed`: the case's access token (from the intake answer and
 * the acknowledgment) or a signed access link (from any later email). Without `links` only the token opens it.
 * A wrong, forged, expired or foreign credential is simply `false`: the callers answer it as a missing case.
 */
export async function customerMayOpen(links: AccessLinks | undefined, theCase: Case, credential: string | undefined, needed: AccessPurpose, now: Date): Promise<boolean> {
  if (!credential) return false;
  if (accessTokenMatches(credential, theCase.accessTokenHash)) return true;
  if (!links || !isAccessLinkShaped(credential)) return false;
  return grants(await links.verify(theCase.id, credential, now), needed);
}
