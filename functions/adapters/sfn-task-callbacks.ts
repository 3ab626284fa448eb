import { InvalidToken, SendTaskSuccessCommand, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import type { CallbackResult, TaskCallbacks } from '../core/ports';

/**
 * Wakes a waiting step of the complaint workflow (SendTaskSuccess) with `{ caseId, ...next }`: the case is the
 * truth, the output only says which step to route to next (nothing a human wrote travels through the execution
 * history, which Step Functions logs in full).
 */
export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async complete(taskToken: string, output: { caseId: string } & Record<string, unknown>): Promise<CallbackResult> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'delivered';
    } catch (e) {
      // The wait is over (timed out, or completed by someone else) or the token never existed: nobody waits on it.
      if (e instanceof TaskTimedOut || e instanceof InvalidToken) return 'gone';
      throw e;
    }
  }
}
