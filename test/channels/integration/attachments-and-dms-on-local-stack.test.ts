import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../../functions/channels/social/webhook-verification';
import { LOCAL_SOCIAL_WEBHOOK } from '../../../local/smtp-inbound';
import { startLocalStack, type LocalStack } from '../../../local/stack';
import { aws, eventually } from '../../integration/local-helpers';

/** Attachments through the presigned form and the social DM webhook, on `npm start` (in memory, random ports). */
const PDF: Uint8Array<ArrayBuffer> = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(64, 0x20), Buffer.from('\n%%EOF\n')]));
const EXE: Uint8Array<ArrayBuffer> = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(200, 0)]));

describe('attachments and DMs on the local stack', () => {
  let stack: LocalStack;
  let caseId: string;
  let token: string;

  beforeAll(async () => {
    stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'promptearn', log: () => undefined });
    const created = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Ada Obi', email: 'ada.obi@example.com' }, category: 'technical_issue', subject: 'Receipt', description: 'I have the receipt.' }),
    });
    ({ id: caseId, accessToken: token } = (await created.json()) as { id: string; accessToken: string });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const upload = async (bytes: Uint8Array<ArrayBuffer>, name: string) => {
    const form = (await (await fetch(`${stack.urls.api}/complaints/${caseId}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { uploadId: string; url: string; fields: Record<string, string> };
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...form.fields, 'Content-Type': 'application/pdf' })) body.append(k, v);
    body.append('file', new Blob([bytes]), name);
    return { uploadId: form.uploadId, response: await fetch(form.url, { method: 'POST', body }) };
  };
  const db = () => DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.urls.dynamodb, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const list = (auth: string | undefined) => fetch(`${stack.urls.api}/complaints/${caseId}/attachments`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

  it('a PDF uploaded through the presigned form is listed by the AWS CLI and downloadable only with access to the case', async () => {
    // Act
    const { uploadId, response } = await upload(PDF, 'receipt.pdf');
    const listed = (await (await list(token)).json()) as { files: { id: string; type: string; url: string }[] };
    const bucket = stack.functions.find((f) => f.environment.FILES_BUCKET)!.environment.FILES_BUCKET!;
    const cli = await aws(stack.env, stack.urls.s3, 's3', 'ls', `s3://${bucket}/cases/${caseId}/files/`);
    const stranger = await list('not-the-token');

    // Assess
    expect(response.status).toBe(204);
    expect(listed.files).toMatchObject([{ id: uploadId, type: 'application/pdf' }]);
    expect(new Uint8Array(await (await fetch(listed.files[0]!.url)).arrayBuffer())).toEqual(PDF);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`${uploadId}.pdf`);
    expect(stranger.status).toBe(404);
  }, 60_000);

  it('a program named .pdf is refused on its content and nothing of it is kept; an oversized file is refused by the form', async () => {
    // Act
    const disguised = await upload(EXE, 'invoice.pdf');
    const listed = (await (await list(token)).json()) as { files: { id: string }[]; refused: { id: string; reason: string }[] };
    const oversized = await upload(new Uint8Array(10 * 1024 * 1024 + 1), 'huge.pdf');
    const bucket = stack.functions.find((f) => f.environment.FILES_BUCKET)!.environment.FILES_BUCKET!;
    const everything = await aws(stack.env, stack.urls.s3, 's3', 'ls', `s3://${bucket}/`, '--recursive');

    // Assess
    expect(disguised.response.status).toBe(204);
    expect(listed.refused).toMatchObject([{ id: disguised.uploadId, reason: 'type-not-allowed' }]);
    expect(listed.files.map((f) => f.id)).not.toContain(disguised.uploadId);
    expect(oversized.response.status).toBe(400);
    expect(everything.stdout).not.toContain(disguised.uploadId);
    expect(everything.stdout).not.toContain(oversized.uploadId);
  }, 60_000);

  it('the DM webhook: handshake, bad signature refused, a DM opens a case once even when delivered twice, and the answer goes back by DM', async () => {
    // Prepare
    const hook = `${stack.urls.api}/webhooks/social/instagram`;
    const body = JSON.stringify({
      object: 'instagram',
      entry: [{ id: 'page-1', time: stack.clock.now(), messaging: [{ sender: { id: 'IGSID-7' }, recipient: { id: 'page-1' }, timestamp: stack.clock.now(), message: { mid: 'mid.001', text: 'My payout is missing' } }] }],
    });
    const signed = { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, LOCAL_SOCIAL_WEBHOOK.appSecret) };

    // Act
    const handshake = await fetch(`${hook}?hub.mode=subscribe&hub.verify_token=${LOCAL_SOCIAL_WEBHOOK.verifyToken}&hub.challenge=12345`);
    const wrongToken = await fetch(`${hook}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=12345`);
    const forged = await fetch(hook, { method: 'POST', headers: { ...signed, 'x-hub-signature-256': signBody(body, 'not-the-app-secret') }, body });
    const first = (await (await fetch(hook, { method: 'POST', headers: signed, body })).json()) as { received: number; duplicates: number };
    const replay = (await (await fetch(hook, { method: 'POST', headers: signed, body })).json()) as { received: number; duplicates: number };

    // Assess
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe('12345');
    expect(wrongToken.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(first).toMatchObject({ received: 1, duplicates: 0 });
    expect(replay).toMatchObject({ received: 0, duplicates: 1 });
    const link = await eventually(async () => {
      const scan = await db().send(new ScanCommand({ TableName: stack.tables[0]!.tableName, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'SOCIAL#instagram#IGSID-7' } }));
      return scan.Items?.[0] as { caseId: string } | undefined;
    }, 'the sender linked to a case');
    const { token: staffToken } = (await (await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ sub: 'agent-1', groups: ['agent'] }) })).json()) as { token: string };
    const theCase = (await (await fetch(`${stack.urls.api}/staff/complaints/${link.caseId}`, { headers: { authorization: `Bearer ${staffToken}` } })).json()) as { channel: string; description: string };
    expect(theCase).toMatchObject({ channel: 'social', description: 'My payout is missing' });
    // What would have been mailed (the acknowledgment) went back as a direct message through the platform, no mail.
    const sent = await eventually(async () => {
      const { sent } = (await (await fetch(`${stack.urls.social}/sent`)).json()) as { sent: { recipient: { id: string }; messaging_type: string; message: { text: string } }[] };
      return sent.length > 0 ? sent : undefined;
    }, 'the acknowledgment as a DM');
    expect(sent[0]).toMatchObject({ recipient: { id: 'IGSID-7' }, messaging_type: 'RESPONSE', message: { text: expect.stringContaining('We received your complaint') } });
    const mail = (await (await fetch(stack.urls.sesStore)).json()) as { emails: { destination: { to: string[] } }[] };
    expect(mail.emails.some((e) => e.destination.to.some((to) => to.endsWith('@social.invalid')))).toBe(false);
  }, 60_000);
});
