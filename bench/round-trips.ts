import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Sequential round trips to DynamoDB, counted at the document client: a round starts when a request goes out while
 * none is in flight, so requests sent together (a `Promise.all`) share one round. Used by the intake bench and
 * `test/adapters/intake-round-trips-dynamodb.test.ts`.
 */
export interface RoundTally {
  inFlight: number;
  rounds: number;
  /** `<round>:<command name>` in the order sent. */
  calls: string[];
}

export const newTally = (): RoundTally => ({ inFlight: 0, rounds: 0, calls: [] });

export function countedClient(doc: DynamoDBDocumentClient, tally: RoundTally): DynamoDBDocumentClient {
  return new Proxy(doc, {
    get(target, name, receiver) {
      if (name !== 'send') return Reflect.get(target, name, receiver) as unknown;
      return async (command: { constructor: { name: string } }, ...rest: unknown[]) => {
        if (tally.inFlight === 0) tally.rounds += 1;
        tally.inFlight += 1;
        tally.calls.push(`${tally.rounds}:${command.constructor.name}`);
        try {
          return await (target.send as (...a: unknown[]) => Promise<unknown>).call(target, command, ...rest);
        } finally {
          tally.inFlight -= 1;
        }
      };
    },
  });
}
