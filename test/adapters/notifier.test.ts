import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolicyNotifier as Notifier } from '../../functions/adapters/notifier';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import type { OutboxContent } from '../../functions/core/outbox';
import type { Notification } from '../../functions/domain/lifecycle/notifications';
import { openedCase } from '../api/fixtures';

const ses = mockClient(SESv2Client);
const mailer = new SesMailer(new SESv2Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), 'help@promptearn.example', 'redress');
const { policy, theCase } = openedCase();
const n = (to: Notification['to'], template: Notification['template'], vars: Record<string, string>): OutboxContent => ({ kind: 'notification', notification: { to, template, caseId: theCase.id, vars } });

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
});
afterEach(() => vi.restoreAllMocks());

describe('Notifier', () => {
  it("renders customer messages with the policy's closing and a token-free status link; blank optional vars drop their section", async () => {
    const out = await new Notifier(mailer, 'https://redress.example').deliver(policy, theCase, n('customer', 'info_request', { questions: 'Which bank?', closesAt: '' }), 'key-1');
    expect(out).toEqual({ messageId: 'm' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content!.Simple!.Headers).toEqual([{ Name: 'X-Redress-Idempotency-Key', Value: 'key-1' }]);
    expect(input.Destination?.ToAddresses).toEqual([theCase.customer.email]);
    const text = input.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain('Which bank?');
    expect(text).toContain(`https://redress.example/case.html?id=${theCase.id}`);
    expect(text).not.toContain('#token=');
    expect(text).not.toContain('will be closed on');
    expect(text.trimEnd().endsWith('The Promptearn support team')).toBe(true);
  });

  it("sends staff notifications to the staff mailbox by case number, without the customer's words or contact", async () => {
    await new Notifier(mailer, 'https://redress.example', 'supervisors@promptearn.example').deliver(policy, theCase, n('assignee', 'customer_message', { message: 'my secret account details' }), 'key-2');
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual(['supervisors@promptearn.example']);
    const all = JSON.stringify(input.Content);
    expect(all).toContain(theCase.caseNumber);
    expect(all).not.toContain('my secret account details');
    expect(all).not.toContain(theCase.customer.email);
  });

  it('without a staff mailbox, a staff notification is answered without a message id and logged by ids only, never sent', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const out = await new Notifier(mailer, 'https://redress.example').deliver(policy, theCase, n('supervisor', 'breach', { clock: 'firstResponse' }), 'key-3');
    expect(out).toEqual({});
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(warn.mock.calls.flat().join(' ')).not.toContain(theCase.customer.email);
  });

  it('renders the acknowledgment with the status link that opens the case (its access token) for the customer', async () => {
    await new Notifier(mailer, 'https://redress.example').deliver(policy, theCase, { kind: 'acknowledgment', accessToken: 'tok-123' }, 'key-4');
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual([theCase.customer.email]);
    const text = input.Content!.Simple!.Body!.Text!.Data!;
    expect(text).toContain(theCase.caseNumber);
    expect(text).toContain(`https://redress.example/case.html?id=${theCase.id}#token=tok-123`);
  });
});
