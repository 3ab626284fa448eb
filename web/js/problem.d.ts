// Types for the unit tests (test/web) only; the browser loads problem.js as-is.
export function problemMessage(status: number, body: unknown): { message: string; fields: Record<string, string> };
