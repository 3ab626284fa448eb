// Types for the unit tests (test/web) only; the browser loads audit.js as-is.
export const AUDIT_READERS: Set<string>;
export function auditSubjectOf(hash: string): { by: 'caseId' | 'actor'; value: string } | null;
export function auditHash(by: 'caseId' | 'actor', value: string): string;
export function auditPath(subject: { by: 'caseId' | 'actor'; value: string }, before?: string): string | { error: string };
export function actionWords(action: string): string;
export function actorOf(actor: unknown): { label: string; id: string | null };
