// Types for the unit tests (test/web) only; the browser loads case-view.js as-is.
export interface PageClock {
  clock: string;
  label: string;
  status: 'running' | 'paused' | 'met' | 'breached' | 'stopped';
  when: string | null;
  due: string | null;
  explanation: string | null;
  clause: string | null;
}
export interface PageEvent {
  at: string | null;
  title: string;
  text: string;
  actor: string | null;
  messages: { label: string | null; text: string }[];
  clause: string | null;
}
export type CustomerActionKind = 'answer' | 'reply' | 'accept' | 'dispute' | 'escalate' | 'rate';
export function parseCaseLocation(search: string, hash: string): { id: string | null; token: string | null };
export function statusLinkFor(created: { id: string; accessToken: string; statusUrl?: string }, origin: string): string;
export function humanize(word: string): string;
export function normalizeDeadlines(deadlines: unknown): { clock: string; label: string; due: string; text: string | null }[];
export function normalizeClocks(view: unknown): PageClock[];
export function normalizeTimeline(timeline: unknown): PageEvent[];
export function customerActions(view: unknown): CustomerActionKind[];
export function actionBody(kind: CustomerActionKind, fields: Record<string, unknown>): Record<string, unknown>;
