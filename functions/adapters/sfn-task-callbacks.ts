import { InvalidToken, SendTaskSuccessCommand, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import type { CallbackResult, TaskCallbacks } from './ports';

/**
 * Wakes a waiting step of the complaint workflow (SendTaskSuccess). The output is only `{ ticketId }`: the ticket
 * is the truth, the callback only says "read it again" (nothing a human wrote travels through the execution
 * history, which Step Functions logs in full).
 */
export class SfnTaskCallbacks implements TaskCallbacks {
  constructor(private readonly client: SFNClient) {}

  async complete(taskToken: string, output: { ticketId: string }): Promise<CallbackResult> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ ticketId: output.ticketId }) }));
      return 'delivered';
    } catch (e) {
      // The wait is over (timed out, or completed by someone else) or the token never existed: nobody waits on it.
      if (e instanceof TaskTimedOut || e instanceof InvalidToken) return 'gone';
      throw e;
    }
  }
}
