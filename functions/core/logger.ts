import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger every function writes through (Powertools Logger: one JSON line per entry with level, timestamp,
 * service, the Lambda context, X-Ray trace id and the invocation's correlation id and case). The handler wrappers
 * set the per-invocation keys (functions/adapters/log-context.ts); code below them only says what happened and names
 * the case by its ids. Never log the event, a body, a customer's name, address or a token: fields are ids, counts,
 * error names.
 */
export const logger = new Logger({ serviceName: 'redress' });

/** What code that logs needs of the logger; tests hand in a recorder. */
export interface LogLines {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/** Tags every following line of this invocation with the case it works on (ids only). */
export function logCase(theCase: { id: string; caseNumber?: string }): void {
  logger.appendKeys({ caseId: theCase.id, ...(theCase.caseNumber ? { caseNumber: theCase.caseNumber } : {}) });
}
