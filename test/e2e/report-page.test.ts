import { describe, expect, it } from 'vitest';
import { browserSession, settle } from './session';

/**
 * The report mail's link in real Chromium against the real local stack: the console's report page asks
 * GET /staff/reports/… with the staff token: an agent is told no, a supervisor that a period has no report. (Opening a
 * kept page is covered by test/integration/local-report-schedule.test.ts.)
 */

const session = browserSession({ policy: 'ecomstore' });
const PERIOD = '2026-12-02';

describe('the console report page', () => {
  it('tells an agent that reports are not theirs, and a supervisor when a period has none', async () => {
    const agent = await session.signedInPage('agent', 'agent-report');
    await agent.goto(session.web(`/console/report.html?grain=day&period=${PERIOD}`));
    await agent.waitForFunction(() => /not allowed/i.test(document.getElementById('report-status')?.textContent ?? ''), undefined, settle);

    const supervisor = await session.signedInPage('supervisor', 'supervisor-report-2');
    await supervisor.goto(session.web('/console/report.html?grain=day&period=2026-12-03'));
    await supervisor.waitForFunction(() => (document.getElementById('report-status')?.textContent ?? '').includes('No day report for 2026-12-03'), undefined, settle);
  });
});
