import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../local/stack';
import { aws, eventually } from '../../integration/local-helpers';
import { rawMail } from '../email/mail-fixtures';

/**
 * Inbound email on `npm start` (in memory, random ports): a real SMTP client talks to the local SMTP server, which
 * stores the raw message in the local S3 bucket and invokes the template's inbound-email function, which reads it
 * back through the S3 API and hands it to the core.
 */
interface CaughtEmail {
  subject: string;
  destination: { to: string[] };
  replyTo: string[];
}

describe('email channel on the local stack', () => {
  let stack: LocalStack;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({ ports: 0, inMemory: true, policy: 'promptearn', log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    if (process.env.DEBUG_CHANNELS) console.log(lines.join('\n'), JSON.stringify(await (await fetch(stack.urls.sesStore)).json()).slice(0, 3000));
    await stack?.stop();
  });

  const send = async (mail: Parameters<ReturnType<typeof createTransport>['sendMail']>[0]) => {
    const client = createTransport({ host: '127.0.0.1', port: Number(new URL(stack.urls.smtp).port), secure: false, ignoreTLS: true });
    try {
      return await client.sendMail(mail);
    } finally {
      client.close();
    }
  };
  const mailTo = async (address: string) => ((await (await fetch(stack.urls.sesStore)).json()) as { emails: CaughtEmail[] }).emails.filter((e) => e.destination.to.includes(address));
  const customerView = async (id: string, token: string) => (await (await fetch(`${stack.urls.api}/complaints/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { timeline: { type: string; summary: string; message?: string }[] };
  const staffView = async (id: string) => {
    const { token } = (await (await fetch(stack.urls.devToken, { method: 'POST', body: JSON.stringify({ sub: 'agent-1', groups: ['agent'] }) })).json()) as { token: string };
    return (await (await fetch(`${stack.urls.api}/staff/complaints/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { timeline: { type: string; summary: string; visibility?: string }[] };
  };

  it('a reply to the acknowledgment, sent to its Reply-To, shows on the case timeline; the same mail from someone else is held for staff', async () => {
    // Prepare: a complaint through the API, and its acknowledgment with a threading Reply-To
    const created = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Ada Obi', email: 'ada.obi@example.com' }, category: 'technical_issue', subject: 'Dashboard broken', description: 'The dashboard shows an error.' }),
    });
    const { id, accessToken } = (await created.json()) as { id: string; accessToken: string };
    const ack = await eventually(async () => (await mailTo('ada.obi@example.com')).find((e) => e.replyTo.some((r) => r.startsWith('case+'))), 'the acknowledgment with a Reply-To');
    const replyTo = ack.replyTo[0]!;
    expect(replyTo).toMatch(new RegExp(`^case\\+${id}\\.[0-9a-f]{20}@reply\\.example\\.com$`));

    // Act
    await send({ from: 'Ada Obi <ada.obi@example.com>', to: replyTo, subject: `Re: ${ack.subject}`, text: 'It happens every morning at 9.\n\nOn Monday, Support wrote:\n> We received your complaint' });
    await send({ from: 'mallory@example.net', to: replyTo, subject: `Re: ${ack.subject}`, text: 'Please send the refund to my account instead.' });

    // Assess
    const customer = await eventually(async () => {
      const view = await customerView(id, accessToken);
      return view.timeline.some((e) => e.type === 'customer_replied') ? view : undefined;
    }, 'the reply on the timeline');
    expect(customer.timeline.filter((e) => e.type === 'customer_replied')).toHaveLength(1);
    const staff = await eventually(async () => {
      const view = await staffView(id);
      return view.timeline.some((e) => e.type === 'note') ? view : undefined;
    }, 'the held message as a note');
    const note = staff.timeline.find((e) => e.type === 'note')!;
    expect(note.summary).toContain('sender-not-customer');
    expect(note.summary).toContain('mallory@example.net');
    expect(customer.timeline.some((e) => e.summary.includes('mallory'))).toBe(false);
  }, 60_000);

  it("an Outlook reply's attachments become case files (listed by the AWS CLI); a program named invoice.pdf is refused and noted", async () => {
    // Prepare: a case, the Reply-To of its acknowledgment, and the fixture addressed to it
    const created = await fetch(`${stack.urls.api}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Ada Obi', email: 'ada.files@example.com' }, category: 'technical_issue', subject: 'Refund missing', description: 'The refund never came.' }),
    });
    const { id, accessToken } = (await created.json()) as { id: string; accessToken: string };
    const ack = await eventually(async () => (await mailTo('ada.files@example.com')).find((e) => e.replyTo.some((r) => r.startsWith('case+'))), 'the acknowledgment with a Reply-To');
    const replyTo = ack.replyTo[0]!;
    const raw = rawMail('outlook-reply-attachments.eml').toString('latin1').replace('{{REPLY_TO}}', replyTo).replace('{{MESSAGE_ID}}', `files-${id}@example.com`).replace('ada.obi@example.com', 'ada.files@example.com').replace('ada.obi@example.com', 'ada.files@example.com');
    const client = createTransport({ host: '127.0.0.1', port: Number(new URL(stack.urls.smtp).port), secure: false, ignoreTLS: true });

    // Act
    try {
      await client.sendMail({ envelope: { from: 'ada.files@example.com', to: [replyTo] }, raw });
    } finally {
      client.close();
    }
    const reply = await eventually(async () => (await customerView(id, accessToken)).timeline.find((e) => e.type === 'customer_replied'), 'the reply on the timeline');
    // The files are stored once the message is on the case, so the listing may see them a moment later.
    const listed = await eventually(async () => {
      const body = (await (await fetch(`${stack.urls.api}/complaints/${id}/attachments`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { files: { id: string; type: string; url: string }[] };
      return body.files.length >= 2 ? body : undefined;
    }, 'the attachments listed on the case');
    const bucket = stack.functions.find((f) => f.environment.FILES_BUCKET)!.environment.FILES_BUCKET!;
    const cli = await aws(stack.env, stack.urls.s3, 's3', 'ls', `s3://${bucket}/cases/${id}/files/`);
    const everything = await aws(stack.env, stack.urls.s3, 's3', 'ls', `s3://${bucket}/`, '--recursive');

    // Assess: the PDF and the PNG are case files (sniffed types), the disguised program is named and stored nowhere
    expect(listed.files.map((f) => f.type).sort()).toEqual(['application/pdf', 'image/png']);
    expect(new TextDecoder().decode(await (await fetch(listed.files.find((f) => f.type === 'application/pdf')!.url)).arrayBuffer())).toContain('%PDF-1.4');
    expect(cli.code, cli.stderr).toBe(0);
    for (const file of listed.files) expect(cli.stdout).toContain(file.id);
    expect(cli.stdout.trim().split('\n')).toHaveLength(2);
    expect(everything.stdout.split('\n').filter((l) => l.includes(id))).toHaveLength(2);
    expect(reply.message).toContain('Kept as case files: receipt-2026-11.pdf, error-screenshot.png');
    expect(reply.message).toMatch(/Not kept: invoice\.pdf \((type-not-allowed|disguised)/);
  }, 60_000);

  it('a new mail to the intake address opens a case on the email channel; an auto-reply opens none', async () => {
    // Act
    await send({ from: 'Chidi Eze <chidi@example.org>', to: 'complaints@example.com', subject: 'Payout missing', text: 'My payout for November never arrived.' });
    await send({ from: 'ooo@example.org', to: 'complaints@example.com', subject: 'Automatic reply: Payout missing', text: 'I am out of the office.', headers: { 'Auto-Submitted': 'auto-replied' } });

    // Assess
    const ack = await eventually(async () => (await mailTo('chidi@example.org'))[0], 'the acknowledgment of the mailed complaint');
    expect(ack.replyTo[0]).toMatch(/^case\+[0-9a-f-]{36}\.[0-9a-f]{20}@reply\.example\.com$/);
    await eventually(() => (lines.some((l) => l.includes('inbound mail') && l.includes('ignored (auto-reply)')) ? true : undefined), 'the auto-reply ignored');
    expect(await mailTo('ooo@example.org')).toEqual([]);
  }, 60_000);
});
