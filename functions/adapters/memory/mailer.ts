import type { Mailer, OutboundEmail } from '../../core/ports';

/** A mailer that keeps what it was asked to send, with when (the simulator's and tests' outbox). */
export class RecordingMailer implements Mailer {
  readonly sent: (OutboundEmail & { at: string; messageId: string })[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async send(message: OutboundEmail): Promise<{ messageId: string }> {
    const messageId = `sim-${this.sent.length + 1}`;
    this.sent.push({ ...message, at: this.clock().toISOString(), messageId });
    return { messageId };
  }
}
