// Types for the unit tests (test/web) only; the browser loads pkce.js as-is.
export interface ConsoleConfig { authDomain: string; clientId: string; redirectUri: string; logoutUri: string; scopes?: string }
export function newVerifier(): string;
export function challengeOf(verifier: string): Promise<string>;
export function authorizeUrl(config: ConsoleConfig, opts: { challenge: string; state: string }): string;
export function tokenRequest(config: ConsoleConfig, opts: { code: string; verifier: string }): { url: string; init: { method: string; headers: Record<string, string>; body: string } };
export function logoutUrl(config: ConsoleConfig): string;
