// Types for the unit and browser tests only; the browser loads permissions.js as-is.
export type StaffAction = 'claim' | 'assign' | 'reply' | 'requestInfo' | 'resolve' | 'escalate' | 'recommendMediation' | 'close' | 'note';
export const STAFF_ACTIONS: StaffAction[];
export function rungOwner(view: unknown): 'front_line' | 'senior' | 'dispute_team' | null;
export function roleActions(role: string, view: unknown): StaffAction[];
export function fitsStatus(action: StaffAction, view: unknown, me: string): boolean;
export function offeredActions(staff: { role: string; staffId: string }, view: unknown): StaffAction[];
export function hiddenByRole(role: string, view: unknown): StaffAction[];
export function staffActionBody(action: StaffAction, fields: Record<string, unknown>): Record<string, unknown>;
