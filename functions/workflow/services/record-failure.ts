import type { Mailer } from '../../adapters/ports';
import type { CaseStore } from './case-store';

/**
 * `Case needs attention`: a workflow step failed after its retries. Flags the ticket (`needsAttention`: when and
 * the error name) so the staff console shows it, and emails the supervisor with the case number: the case is never
 * silently lost. Idempotent: flagging again overwrites the flag with the latest error.
 */
export async function recordFailure(deps: { store: CaseStore; mailer: Mailer; supervisorAddress: string }, ticketId: string, error: string, now: Date = new Date()) {
  await deps.store.flag(ticketId, now.toISOString(), error);
  const record = await deps.store.load(ticketId);
  const text = `Case ${record.caseNumber} (${record.id}) needs manual attention: its workflow failed with ${error}. The case is flagged; nothing was closed.`;
  await deps.mailer.send({ to: deps.supervisorAddress, subject: `Case ${record.caseNumber} needs attention`, text, html: `<p>${text}</p>` });
  console.error(JSON.stringify({ level: 'error', msg: 'case needs attention', ticketId, error }));
  return { flagged: true };
}
