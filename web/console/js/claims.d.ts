// Types for the unit tests (test/web) only; the browser loads claims.js as-is.
export type StaffRole = 'agent' | 'senior' | 'dispute_team' | 'supervisor' | 'finance' | 'admin';
export function decodeClaims(token: string): Record<string, unknown> | null;
export function groupsOf(claim: unknown): string[];
export const ROLE_PRECEDENCE: StaffRole[];
export const ROLE_LABELS: Record<StaffRole, string>;
export function staffOf(token: string): { staffId: string; name: string; role: StaffRole; expiresAt: number | null } | null;
