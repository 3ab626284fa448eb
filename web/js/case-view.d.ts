// Types for the unit tests (test/web) only; the browser loads case-view.js as-is.
export function parseCaseLocation(search: string, hash: string): { id: string | null; token: string | null };
export function statusLinkFor(created: { id: string; accessToken: string; statusUrl?: string }, origin: string): string;
export function humanize(word: string): string;
export function normalizeDeadlines(deadlines: unknown): { clock: string; label: string; due: string; text: string | null }[];
export function normalizeTimeline(timeline: unknown): { at: string | null; title: string; text: string; clause: string | null }[];
