// Types for the unit tests (test/web) only; the browser loads queue.js as-is.
export interface QueueFilters { mine: boolean; unassigned: boolean; status: string; category: string; priority: string; breached: boolean; atRiskHours: string | number; q: string }
export const LEGACY_PARAMS: string[];
export const EMPTY_FILTERS: QueueFilters;
export function queueQuery(filters: QueueFilters, opts?: { limit?: number; cursor?: string; legacy?: boolean }): string;
export function refusesUnknownParams(problem: unknown): boolean;
export function dueState(entry: { due?: string; breached?: boolean; breaches?: Record<string, string> }, now: number, hours?: number): 'none' | 'breached' | 'at_risk' | 'ok';
export function filterQueue<T extends Record<string, unknown>>(items: T[], filters: QueueFilters, ctx: { me: string; now: number }): T[];
export function valuesOf(items: unknown[], field: string): string[];
export function serverOffset(dateHeader: string | null | undefined, localNow: number): number;
