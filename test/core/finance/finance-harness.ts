import { InMemoryCaseStore } from '../../../functions/adapters/memory/case-store';
import { InMemoryFinanceStore } from '../../../functions/adapters/memory/finance-store';
import { RecordingMailer } from '../../../functions/adapters/memory/mailer';
import { PolicyNotifier } from '../../../functions/adapters/notifier';
import { policyBook } from '../../../functions/core/policy-book';
import type { FinanceDeps } from '../../../functions/core/use-cases/finance/finance-deps';
import type { PaymentProvider, PaymentRefundRequest, PaymentRefundResult } from '../../../functions/domain/finance/payment-provider';
import type { StaffActor } from '../../../functions/domain/lifecycle/model';
import { openedCase } from '../../api/fixtures';
import { InMemoryFiles } from '../../api/identity-world';

export const STAFF_MAILBOX = 'staff@promptearn.example';

/** A payment provider that answers as told and keeps every request (the HTTP adapter has its own tests). */
export class ScriptedProvider implements PaymentProvider {
  readonly requests: PaymentRefundRequest[] = [];
  answer: (request: PaymentRefundRequest) => PaymentRefundResult = (r) => ({ kind: 'accepted', providerRefundId: `re_${r.refundId}`, status: 'pending' });
  async requestRefund(request: PaymentRefundRequest): Promise<PaymentRefundResult> {
    this.requests.push(request);
    return this.answer(request);
  }
}

/** The finance use cases' dependencies in memory, on a clock the test moves. */
export async function financeHarness(start = new Date('2026-11-27T14:00:00Z')) {
  let now = start;
  const clock = () => now;
  const opened = openedCase(crypto.randomUUID(), new Date(start.getTime() - 3_600_000));
  const cases = new InMemoryCaseStore(clock);
  await cases.create(opened.theCase, opened.firstEvent);
  const mailer = new RecordingMailer(clock);
  const provider = new ScriptedProvider();
  // The case's files (evidence packs) in memory; the S3 adapter is tested on the local S3 (evidence-pack.test.ts).
  const files = new InMemoryFiles();
  const deps: FinanceDeps & { newId: () => string; files: InMemoryFiles } = {
    finance: new InMemoryFinanceStore(clock, cases),
    cases,
    policies: policyBook(opened.policy),
    notifier: new PolicyNotifier(mailer, 'https://complaints.example', STAFF_MAILBOX),
    provider,
    now: clock,
    newId: () => crypto.randomUUID(),
    files,
  };
  return {
    deps,
    theCase: opened.theCase,
    policy: opened.policy,
    mailer,
    provider,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    at: (instant: string | Date) => {
      now = new Date(instant);
    },
    customerMail: () => mailer.sent.filter((m) => m.to === opened.theCase.customer.email),
    staffMail: () => mailer.sent.filter((m) => m.to === STAFF_MAILBOX),
  };
}

export const actors = {
  agent: { role: 'agent', staffId: 'agent-1', name: 'Ada' },
  agent2: { role: 'agent', staffId: 'agent-2', name: 'Bola' },
  senior: { role: 'senior', staffId: 'senior-1' },
  finance: { role: 'finance', staffId: 'fin-1', name: 'Funmi' },
  finance2: { role: 'finance', staffId: 'fin-2', name: 'Femi' },
  supervisor: { role: 'supervisor', staffId: 'sup-1' },
} satisfies Record<string, StaffActor>;

export const refundRequest = (amountMinor: number, currency = 'NGN') => ({
  amount: { amountMinor, currency },
  reason: 'Course never delivered',
  reference: { kind: 'order' as const, value: 'ORD-77' },
});
