import * as z from '../zod';
import { AuditEntrySchema } from '../access/audit-entry';
import { CustomerTimelineViewEntrySchema } from '../case-view';
import { CustomerSchema } from '../case';

/**
 * What a customer's data export holds (their right of access): every case filed with their email, each with the
 * details they gave, the timeline as they see it, their attachments by name and size, and the audit entries about
 * the case (ids and actions only). Served as a JSON download.
 */
export const CaseExportSchema = z.strictObject({
    id: z.uuid(),
    caseNumber: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    status: z.string(),
    category: z.string(),
    channel: z.string(),
    customer: CustomerSchema,
    subject: z.string(),
    description: z.string(),
    details: z.record(z.string(), z.unknown()),
    timeline: z.array(CustomerTimelineViewEntrySchema),
    attachments: z.array(z.strictObject({ name: z.string(), size: z.number().check(z.int(), z.nonnegative()) })),
    audit: z.array(AuditEntrySchema),
  }).register(z.globalRegistry, { id: 'CaseExport' });
export type CaseExport = z.infer<typeof CaseExportSchema>;

export const CustomerDataExportSchema = z.strictObject({
    exportedAt: z.iso.datetime({ offset: true }),
    /** The contact details on the newest case. */
    customer: CustomerSchema,
    cases: z.array(CaseExportSchema),
  }).register(z.globalRegistry, { id: 'CustomerDataExport' });
export type CustomerDataExport = z.infer<typeof CustomerDataExportSchema>;
