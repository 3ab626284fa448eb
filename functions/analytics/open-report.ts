import * as z from '../domain/zod';
import { refused, type Outcome } from '../core/outcomes';
import { audited, type AuditTrail } from '../core/use-cases/audit-trail';
import { fieldErrors } from '../domain/field-errors';
import { GrainSchema } from '../domain/kpi';
import type { StaffActor } from '../domain/lifecycle/model';
import type { ReportArchive } from '../core/ports';

/** How long the link a report route answers with lives: long enough to follow the redirect, too short to forward. */
export const REPORT_REDIRECT_SECONDS = 300;

/**
 * A kept report's address, as the archive keys it: `reports/<grain>/<period>/<file>`, the period being the first
 * local day of the day, week or month, and the file one of those `sendKpiReport` keeps.
 */
export const ReportPathSchema = z.strictObject({
    grain: GrainSchema,
    period: z.iso.date(),
    file: z.string().check(z.regex(/^(index\.html|chart\.svg|kpis-(day|week|month)-\d{4}-\d{2}-\d{2}\.csv)$/, 'index.html, chart.svg or kpis-<grain>-<period>.csv')),
  });
export type ReportPath = z.infer<typeof ReportPathSchema>;

/** The link itself, for a caller that asks for JSON rather than the redirect. */
export const ReportLinkSchema = z.strictObject({ url: z.url(), expiresInSeconds: z.number().check(z.int(), z.positive()) });

/**
 * A lasting link to a scheduled report (the mail's presigned link dies with the role session that signed it):
 * supervisors, as for the KPI table, get a fresh short presigned GET of the kept file; audited like every staff read.
 */
export async function openReport(
  deps: { archive: Pick<ReportArchive, 'linkTo'>; audit?: AuditTrail },
  actor: StaffActor,
  params: Record<string, string | undefined>,
): Promise<Outcome<{ location: string }>> {
  return audited(deps.audit, actor, 'read_report', undefined, await linkOf(deps.archive, actor, params));
}

async function linkOf(archive: Pick<ReportArchive, 'linkTo'>, actor: StaffActor, params: Record<string, string | undefined>): Promise<Outcome<{ location: string }>> {
  if (actor.role !== 'supervisor') return refused('forbidden', 'Reports are shown to supervisors.');
  const parsed = ReportPathSchema.safeParse(params);
  if (!parsed.success) return refused('invalid', 'The report path is invalid; see errors.', fieldErrors(parsed.error.issues));
  const { grain, period, file } = parsed.data;
  const location = await archive.linkTo(`${grain}/${period}`, file, REPORT_REDIRECT_SECONDS);
  if (location === undefined) return refused('not_found', `No ${grain} report for ${period} holds ${file}.`);
  return { ok: true, location };
}
