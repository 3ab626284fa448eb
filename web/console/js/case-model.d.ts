// Types for the unit tests (test/web) only; the browser loads case-model.js as-is.
import type { PageClock } from '../../js/case-view.js';
export function staffClocks(view: unknown): PageClock[];
export function staffTimeline(view: unknown): { at: string | null; title: string; summary: string; internal: boolean; who: string | null; texts: string[]; clause: string | null }[];
export function replyFrame(categories: unknown): { greeting: string | null; closing: string | null };
