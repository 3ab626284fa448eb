// The local stack the fuzzer runs against: the real template in memory, one real case with its access token, a
// staff token with every group, and the OpenAPI document as the running stack serves it.
import { handlersInFlight } from '../../local/lambda-runtime';
import { LOCAL_SOCIAL_WEBHOOK } from '../../local/smtp-inbound';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { signBody } from '../../functions/channels/social/webhook-verification';
import type { FuzzTarget, OpenApiDocument } from './route-fuzz';

/** Captured at import, before the stack's virtual clock replaces setTimeout. */
const realSetTimeout = globalThis.setTimeout;
const sleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

export async function startFuzzStack(): Promise<{ stack: LocalStack; target: FuzzTarget; doc: OpenApiDocument }> {
  const stack = await startLocalStack({ ports: 0, inMemory: true, log: () => undefined });
  try {
    const doc = (await (await fetch(stack.urls.openapi)).json()) as OpenApiDocument;
    const complaint = {
      customer: { name: 'Fuzz Target', email: 'fuzz@example.com' },
      category: 'general_inquiry',
      subject: 'A case for the fuzzer to aim at',
      description: 'Routes on a case need a real one, or every request stops at not found.',
    };
    const created = await fetch(`${stack.urls.api}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(complaint) });
    if (created.status !== 201) throw new Error(`could not create the fuzz case: ${created.status} ${await created.text()}`);
    const { id, accessToken } = (await created.json()) as { id: string; accessToken: string };
    const minted = await fetch(stack.urls.devToken, {
      method: 'POST',
      body: JSON.stringify({ sub: 'fuzz-supervisor', groups: ['agent', 'senior', 'dispute_team', 'supervisor', 'finance'], ttlSeconds: 43_200 }),
    });
    const { token } = (await minted.json()) as { token: string };
    // A direct message as Meta sends it, dated on the stack's clock (older ones are refused as stale).
    const directMessage = (object: 'page' | 'instagram', mid: string) => ({
      object,
      entry: [{ id: 'page-1', time: stack.clock.now(), messaging: [{ sender: { id: 'psid-fuzz' }, recipient: { id: 'page-1' }, timestamp: stack.clock.now(), message: { mid, text: 'My order never arrived.' } }] }],
    });
    const target: FuzzTarget = {
      api: stack.urls.api,
      dynamodbEndpoint: stack.urls.dynamodb,
      region: stack.env.AWS_REGION!,
      tableName: stack.tables[0]!.tableName,
      busy: () => handlersInFlight() + stack.engine.busy(),
      settle: () => stack.streams.drain(),
      caseId: id,
      accessToken,
      staffToken: token,
      sleep,
      examples: {
        'POST /complaints': [
          complaint,
          {
            customer: { name: 'Ada Obi', email: 'ada@example.com' },
            category: 'commission_dispute',
            subject: 'Commission missing for a sale',
            description: 'My prospect bought the course on Monday but my dashboard shows nothing.',
            details: { prospectName: 'Chidi Eze', prospectEmail: 'chidi@example.com' },
          },
        ],
        'POST /complaints/{id}/actions': [{ type: 'reply', message: 'Here is the receipt you asked for.' }, { type: 'rate', score: 5 }],
        'POST /staff/complaints/{id}/actions': [{ type: 'claim' }, { type: 'note', text: 'Checked the payment logs.' }],
        'POST /staff/complaints/{id}/refunds': [{ amount: { amountMinor: 1000, currency: 'USD' }, reason: 'Course never delivered', reference: { kind: 'order', value: 'ORD-77' } }],
        'POST /webhooks/social/{platform}': [directMessage('page', 'm_fuzz_1'), directMessage('instagram', 'm_fuzz_2')],
      },
      // The local stack's own webhook secrets: the fuzz reaches past the handshake and the signature check.
      knownValues: { 'hub.mode': ['subscribe'], 'hub.verify_token': [LOCAL_SOCIAL_WEBHOOK.verifyToken] },
      signers: { 'POST /webhooks/social/{platform}': (body) => ({ 'x-hub-signature-256': signBody(body, LOCAL_SOCIAL_WEBHOOK.appSecret) }) },
    };
    return { stack, target, doc };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}
