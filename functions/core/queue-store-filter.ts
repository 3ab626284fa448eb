import type { Case } from '../domain/case';
import type { QueueStoreFilter } from './ports';

/**
 * Whether a case matches the store's part of a queue filter. Both case stores apply it to the cases they read
 * (the DynamoDB store's queue index holds keys only, so there is nothing to filter on before the items are read).
 */
export function matchesQueueFilter(t: Case, filter: QueueStoreFilter): boolean {
  if (filter.assignee === null && t.lifecycle.assignee !== undefined) return false;
  if (typeof filter.assignee === 'string' && t.lifecycle.assignee !== filter.assignee) return false;
  if (filter.category !== undefined && t.category !== filter.category) return false;
  if (filter.priority !== undefined && t.priority !== filter.priority) return false;
  if (filter.channel !== undefined && t.channel !== filter.channel) return false;
  if (filter.updatedSince !== undefined && Date.parse(t.updatedAt) < Date.parse(filter.updatedSince)) return false;
  return true;
}
