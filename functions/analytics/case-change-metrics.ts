import * as z from '../domain/zod';
import { operationalMetricsOf, workflowFailureMetric, type OperationalMetric } from '../domain/kpi/operational-metrics';
import { CaseImageSchema, type ItemChange } from './record-kpi-facts';

/**
 * The operational metrics of a batch of case writes from the table's change stream: what each committed write
 * changed (functions/domain/kpi/operational-metrics.ts), plus a workflow failure when the write set the case's
 * attention flag anew (`needsAttention`, written by the `Case needs attention` state's use case, which appends no
 * timeline event). Counted here rather than on the request path: the stream sees every committed write of a case,
 * whoever made it (intake, staff, customer, workflow, sweeps, incidents), exactly once per record, and a write whose
 * transaction was cancelled never reaches it. Other items (events, outbox, counters) count nothing.
 */

const FlagSchema = z.looseObject({ needsAttention: z.optional(z.looseObject({ at: z.string() })) });
const flaggedAt = (image: Record<string, unknown> | undefined) => FlagSchema.safeParse(image ?? {}).data?.needsAttention?.at;

export function caseChangeMetricsOf(changes: readonly ItemChange[]): OperationalMetric[] {
  const out: OperationalMetric[] = [];
  for (const change of changes) {
    const after = CaseImageSchema.safeParse(change.newImage);
    if (!after.success) continue;
    const before = change.oldImage ? CaseImageSchema.safeParse(change.oldImage) : undefined;
    // An old image that is no case we can read says nothing about what changed: count nothing rather than an intake.
    if (before && !before.success) continue;
    out.push(...operationalMetricsOf(before?.data.lifecycle, after.data.lifecycle));
    const flag = flaggedAt(change.newImage);
    if (flag !== undefined && flag !== flaggedAt(change.oldImage)) out.push(workflowFailureMetric());
  }
  return out;
}
