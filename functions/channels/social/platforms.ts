/** The `{platform}` of a webhook route: Meta's platforms share one webhook format; the name labels the subscription. */
export const SOCIAL_PLATFORMS = ['meta', 'messenger', 'instagram'] as const;
export const isSocialPlatform = (value: string | undefined): boolean => (SOCIAL_PLATFORMS as readonly (string | undefined)[]).includes(value);
