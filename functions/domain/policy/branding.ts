import type { Branding, Policy } from './schema';

/** Branding with every colour decided: what the email layout and the case page use. */
export interface ResolvedBranding {
  companyName?: string;
  supportAddress?: string;
  primaryColor: string;
  onPrimaryColor: string;
}

/** Neutral defaults: a dark blue under white text, 11.5:1, above WCAG AAA for text and buttons alike. */
export const DEFAULT_BRANDING = { primaryColor: '#1f3a5f', onPrimaryColor: '#ffffff' } as const;

/** The policy's branding with the defaults filled in. */
export function brandingOf(policy: Pick<Policy, 'branding'>): ResolvedBranding {
  const b: Branding = policy.branding ?? {};
  return {
    ...(b.companyName ? { companyName: b.companyName } : {}),
    ...(b.supportAddress ? { supportAddress: b.supportAddress } : {}),
    primaryColor: b.primaryColor ?? DEFAULT_BRANDING.primaryColor,
    onPrimaryColor: b.onPrimaryColor ?? DEFAULT_BRANDING.onPrimaryColor,
  };
}
