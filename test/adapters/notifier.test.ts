import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SecretAccessLinks } from '../../functions/adapters/access-links';
import { LINK_LIFETIME_DAYS, PolicyNotifier as Notifier } from '../../functions/adapters/notifier';
import { verifyAccessLink } from '../../functions/domain/access-link';
import { NotificationTemplateSchema } from '../../functions/domain/lifecycle';
import { SesMailer } from '../../functions/adapters/ses-mailer';
import type { OutboxContent } from '../../functions/core/outbox';
import type { Notification } from '../../functions/domain/lifecycle/notifications';
import { openedCase } from '../api/fixtures';
import { logger } from '../../functions/core/logger';

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
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const out = await new Notifier(mailer, 'https://redress.example').deliver(policy, theCase, n('supervisor', 'breach', { clock: 'firstResponse' }), 'key-3');
    expect(out).toEqual({});
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(warn).toHaveBeenCalledOnce();
    expect(JSON.stringify(warn.mock.calls)).not.toContain(theCase.customer.email);
  });

  describe('with access links', () => {
    const secrets = ['notifier-test-secret-of-at-least-32-characters'] as [string];
    const links = new SecretAccessLinks(async () => secrets);
    const sentAt = new Date('2026-11-24T09:00:00Z');
    const customerTemplates = ['staff_reply', 'info_request', 'info_reminder', 'progress_update', 'resolution', 'satisfaction_survey', 'closed'] as const;

    it.each(customerTemplates)('%s: the link in both parts opens this case to act, for LINK_LIFETIME_DAYS days from sending', async (template) => {
      // Prepare
      expect(NotificationTemplateSchema.options).toContain(template);
      const notifier = new Notifier(mailer, 'https://redress.example', undefined, { links, now: () => sentAt });
      const vars = { message: 'Paid today', questions: 'Which bank?', resolution: 'Refunded', notice: 'See the decision', rung: 'a senior representative', dueAt: '2026-11-30T10:00:00Z', resolutionDue: '2026-11-30T10:00:00Z' };
      // Act
      await notifier.deliver(policy, theCase, n('customer', template, vars), 'key-link');
      // Assess
      const body = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Simple!.Body!;
      const inText = new RegExp(`https://redress\\.example/case\\.html\\?id=${theCase.id}#access=(\\S+)`).exec(body.Text!.Data!);
      expect(inText).not.toBeNull();
      const access = inText![1]!;
      expect(body.Html!.Data).toContain(`href="https://redress.example/case.html?id=${theCase.id}#access=${access}"`);
      expect(verifyAccessLink({ secrets }, theCase.id, access, sentAt)).toBe('act');
      const lastValid = new Date(sentAt.getTime() + LINK_LIFETIME_DAYS * 86_400_000 - 1000);
      expect(verifyAccessLink({ secrets }, theCase.id, access, lastValid)).toBe('act');
      expect(verifyAccessLink({ secrets }, theCase.id, access, new Date(lastValid.getTime() + 1000))).toBeUndefined();
    });

    it('puts no access link in staff mail', async () => {
      const notifier = new Notifier(mailer, 'https://redress.example', 'supervisors@promptearn.example', { links, now: () => sentAt });
      await notifier.deliver(policy, theCase, n('supervisor', 'breach', { clock: 'firstResponse' }), 'key-staff');
      expect(JSON.stringify(ses.commandCalls(SendEmailCommand)[0]!.args[0].input)).not.toContain('#access=');
    });
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
