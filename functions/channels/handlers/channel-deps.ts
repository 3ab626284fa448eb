import { callbacksFromEnv, caseStoreFromEnv, newCaseId, notifierFromEnv, policiesFromEnv, publicBaseUrlFromEnv, systemClock } from '../../adapters/wiring';
import { documentClient } from '../../adapters/dynamodb-client';
import { readConfig, TableName } from '../../adapters/config';
import type { ReceiveMessageDeps } from '../../core/use-cases/receive-message';
import { DynamoChannelStore } from '../store/dynamodb-channel-store';

/**
 * What the inbound handlers (email and the DM webhook) need, built once per container from the environment: the
 * core's intake and action dependencies, and the channel store (claims, social links, sent Message-IDs).
 */
export function receiveMessageDepsFromEnv(): ReceiveMessageDeps & { channels: DynamoChannelStore } {
  const store = caseStoreFromEnv();
  const channels = new DynamoChannelStore(documentClient, readConfig({ TABLE_NAME: TableName }).TABLE_NAME, store);
  return {
    policies: policiesFromEnv(),
    store,
    callbacks: callbacksFromEnv(),
    notifier: notifierFromEnv(),
    publicBaseUrl: publicBaseUrlFromEnv(),
    now: systemClock,
    newId: newCaseId,
    claims: channels,
    socialThreads: channels,
    channels,
  };
}
