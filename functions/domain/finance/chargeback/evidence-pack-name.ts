/**
 * How evidence packs are named among a case's files. A module of its own so that the chargeback decision, which only
 * checks a submitted pack's name, does not import the PDF renderer (pdf-lib has top-level side effects, so esbuild
 * keeps all ~420 KiB of it in any bundle that reaches its module).
 */
const safeId = (chargebackId: string) => chargebackId.replace(/[^A-Za-z0-9_-]/g, '_');

/** Generated packs are named for their chargeback and instant, so each build is kept and none overwrites another. */
export const packName = (chargebackId: string, at: Date) => `evidence-${safeId(chargebackId)}-${at.toISOString().replace(/[-:]|\.\d{3}/g, '')}.pdf`;

export const isPack = (name: string) => name.startsWith('evidence-');

/** Whether a case file's name is one of this chargeback's packs (a pack built for another chargeback is not its evidence). */
export const isPackOf = (chargebackId: string, name: string): boolean => new RegExp(`^evidence-${safeId(chargebackId)}-\\d{8}T\\d{6}Z\\.pdf$`).test(name);
