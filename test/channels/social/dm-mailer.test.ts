import { describe, expect, it } from 'vitest';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { directMessageMailer } from '../../../functions/channels/social/dm-mailer';
import { recordingSender } from '../../../functions/channels/social/outbound-message';

const message = (to: string) => ({ to, subject: 'We received your complaint PE-2026-000003', text: 'Hello,', html: '<p>Hello,</p>', caseId: '7c0c2f4e-9a51-4c1e-8d7e-2b1f6a3c9d10' });

describe('directMessageMailer', () => {
  it('mail to a social customer goes out as a DM to their platform id; other mail is mailed', async () => {
    // Prepare
    const mail = new RecordingMailer();
    const dms = recordingSender();
    const mailer = directMessageMailer(mail, dms);

    // Act
    await mailer.send(message('instagram.IGSID-42@social.invalid'));
    await mailer.send(message('ada@example.com'));

    // Assess
    expect(dms.sent).toEqual([{ platform: 'instagram', recipientId: 'IGSID-42', text: 'We received your complaint PE-2026-000003\n\nHello,', messagingType: 'RESPONSE' }]);
    expect(mail.sent.map((m) => m.to)).toEqual(['ada@example.com']);
  });

  it('with no platform sender, nothing is mailed to a .invalid address', async () => {
    // Prepare
    const mail = new RecordingMailer();
    const lines: string[] = [];

    // Act
    await directMessageMailer(mail, undefined, { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) }).send(message('messenger.123@social.invalid'));

    // Assess
    expect(mail.sent).toEqual([]);
    expect(lines).toHaveLength(1);
  });
});
