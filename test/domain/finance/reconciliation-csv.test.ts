import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Chargeback } from '../../../functions/domain/finance/chargeback/model';
import { chargebackRow, reconciliationCsv, refundRow, RECONCILIATION_COLUMNS } from '../../../functions/domain/finance/export/reconciliation-csv';
import { decimalAmount, totalsByCurrency } from '../../../functions/domain/finance/money-format';
import type { Refund } from '../../../functions/domain/finance/refund/model';

const refund = (id: string, amountMinor: number, currency: string, extra: Partial<Refund> = {}): Refund => ({
  refundId: id,
  caseId: `case-${id}`,
  amount: { amountMinor, currency },
  reason: 'Course never delivered',
  reference: { kind: 'order', value: `ORD-${id}` },
  status: 'succeeded',
  route: 'finance',
  routeExplanation: 'above the limit',
  proposedBy: { staffId: 'agent-1', role: 'agent' },
  proposedAt: '2026-11-27T14:00:00Z',
  decision: { outcome: 'approved', by: { staffId: 'fin-1', role: 'finance' }, at: '2026-11-27T15:30:00Z', reason: 'Verified, "undelivered", see note\nsecond line' },
  provider: { refundId: `re_${id}` },
  settledAt: '2026-11-28T09:00:00Z',
  version: 3,
  ...extra,
});

const chargeback: Chargeback = {
  chargebackId: 'cb-1',
  caseId: 'case-9',
  providerDisputeId: 'dp_1',
  transactionReference: 'ch_9',
  amount: { amountMinor: 1_234, currency: 'KWD' },
  reason: 'fraudulent',
  status: 'won',
  evidenceDueAt: '2026-12-04T16:00:00Z',
  evidenceDueSource: 'provider',
  evidenceDueExplanation: 'the network deadline',
  reminders: [],
  openedBy: { role: 'provider' },
  openedAt: '2026-11-26T10:00:00Z',
  submission: { by: { staffId: 'fin-2', role: 'finance' }, at: '2026-12-01T10:00:00Z', reason: 'Delivery proof', evidencePack: { key: 'k', sha256: 'a'.repeat(64) } },
  outcome: { result: 'won', at: '2026-12-20T10:00:00Z', source: 'provider' },
  provider: {},
  version: 4,
};

describe('reconciliation CSV', () => {
  it('parses back to the same rows, in a stable column order, with decimal money and ISO dates', () => {
    // Prepare
    const rows = [
      refundRow(refund('2', 1_500_000, 'NGN'), 'PE-2026-000002'),
      refundRow(refund('1', 5, 'JPY', { proposedAt: '2026-11-27T13:00:00.000+01:00', status: 'failed', failureReason: 'lost_or_stolen_card', settledAt: undefined }), 'PE-2026-000001'),
      chargebackRow(chargeback, 'PE-2026-000009'),
    ];

    // Act
    const csv = reconciliationCsv(rows);
    const header = parse(csv, { bom: true, to_line: 1 })[0];
    const parsed = parse(csv, { bom: true, columns: true }) as Record<string, string>[];

    // Assess
    expect(header).toEqual([...RECONCILIATION_COLUMNS]);
    expect(csv.startsWith('\uFEFFtype,id,')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(parsed.map((r) => [r.type, r.id, r.amount, r.currency, r.opened_at])).toEqual([
      ['chargeback', 'cb-1', '1.234', 'KWD', '2026-11-26T10:00:00.000Z'],
      ['refund', '1', '5', 'JPY', '2026-11-27T12:00:00.000Z'],
      ['refund', '2', '15000.00', 'NGN', '2026-11-27T14:00:00.000Z'],
    ]);
    expect(parsed[2]).toEqual({
      type: 'refund',
      id: '2',
      case_id: 'case-2',
      case_number: 'PE-2026-000002',
      reference: 'order:ORD-2',
      status: 'succeeded',
      amount: '15000.00',
      currency: 'NGN',
      opened_at: '2026-11-27T14:00:00.000Z',
      decided_at: '2026-11-27T15:30:00.000Z',
      decided_by: 'fin-1',
      decision_reason: 'Verified, "undelivered", see note\nsecond line',
      provider_reference: 're_2',
      settled_at: '2026-11-28T09:00:00.000Z',
      outcome: 'refunded',
    });
    expect(parsed[1]).toMatchObject({ status: 'failed', outcome: 'failed: lost_or_stolen_card', settled_at: '' });
    expect(parsed[0]).toMatchObject({ decided_by: 'fin-2', outcome: 'won', settled_at: '2026-12-20T10:00:00.000Z', reference: 'transaction:ch_9' });
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const hostile = refund('3', 100, 'USD', { reference: { kind: 'order', value: '=HYPERLINK("http://evil")' }, decision: { outcome: 'approved', by: { staffId: 'fin-1', role: 'finance' }, at: '2026-11-27T15:30:00Z', reason: '+cmd|calc' } });

    const [row] = parse(reconciliationCsv([refundRow(hostile)]), { bom: true, columns: true }) as Record<string, string>[];

    expect(row!.reference).toBe('order:=HYPERLINK("http://evil")');
    expect(row!.decision_reason).toBe("'+cmd|calc");
  });

  it('money keeps each currency’s ISO digits and totals are per currency, never summed across', () => {
    expect(decimalAmount({ amountMinor: 1, currency: 'NGN' })).toBe('0.01');
    expect(decimalAmount({ amountMinor: 100, currency: 'USD' })).toBe('1.00');
    expect(decimalAmount({ amountMinor: 1, currency: 'KWD' })).toBe('0.001');
    expect(decimalAmount({ amountMinor: 12, currency: 'VND' })).toBe('12');
    expect(
      Object.fromEntries(
        totalsByCurrency([
          { amountMinor: 100, currency: 'USD' },
          { amountMinor: 5, currency: 'NGN' },
          { amountMinor: 250, currency: 'USD' },
        ]),
      ),
    ).toEqual({ USD: 350, NGN: 5 });
  });
});
