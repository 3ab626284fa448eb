// Types for the unit tests (test/web) only; the browser loads queue.js as-is.
export interface QueueFilters {
  mine: boolean;
  unassigned: boolean;
  status: string;
  category: string;
  department: string;
  priority: string;
  channel: string;
  breached: boolean;
  atRiskHours: string | number;
  q: string;
  sort: string;
}
export const EMPTY_FILTERS: QueueFilters;
export const AT_RISK_DEFAULT_HOURS: number;
export function queueQuery(filters: QueueFilters, opts?: { limit?: number; cursor?: string }): string;
export function dueState(entry: { due?: string; breached?: boolean }, now: number, hours?: number): 'none' | 'breached' | 'at_risk' | 'ok';
export function countLine(shown: number, total: number | null | undefined): string;
export function valuesOf(items: unknown[], field: string): string[];
export function serverOffset(dateHeader: string | null | undefined, localNow: number): number;
