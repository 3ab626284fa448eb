import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../functions/domain/policy';
import { permissionTable, sampledStatuses, TABLE_ACTIONS } from '../../functions/domain/lifecycle/permissions';
import { lifecycleDocsPath, renderLifecycleDocs, SAMPLE } from '../../tools/lifecycle-docs';

describe('the role × action table of docs/lifecycle.md', () => {
  it('is the one the code decides (regenerate: npm run lifecycle:docs)', () => {
    const docs = readFileSync(lifecycleDocsPath, 'utf8');
    expect(docs).toBe(renderLifecycleDocs(docs));
  });

  it('is read on a case in every status of the preset, and covers every staff and customer action', () => {
    const policy = loadPolicy('promptearn');
    expect(sampledStatuses(policy, SAMPLE)).toEqual(['received', 'acknowledged', 'in_progress', 'awaiting_customer', 'resolved', 'escalated_senior', 'dispute_review', 'mediation_recommended', 'closed']);
    expect(TABLE_ACTIONS).toEqual(expect.arrayContaining(['claim', 'assign', 'close', 'acceptResolution', 'dispute', 'rate']));
  });

  it('follows the rules: agents never assign, only a supervisor closes within the customer window, nobody acts on a final case but to rate', () => {
    const table = permissionTable(loadPolicy('promptearn'), SAMPLE);
    expect(table.agent.assign).toEqual([]);
    expect(table.agent.close).toEqual([]);
    expect(table.supervisor.close).toContain('resolved');
    expect(table.customer.acceptResolution).toEqual(['resolved']);
    for (const [role, actions] of Object.entries(table)) {
      for (const [action, statuses] of Object.entries(actions)) {
        const final = statuses.filter((s) => s === 'closed' || s === 'mediation_recommended');
        expect({ role, action, final }).toEqual({ role, action, final: role === 'customer' && action === 'rate' ? ['closed'] : [] });
      }
    }
  });
});
