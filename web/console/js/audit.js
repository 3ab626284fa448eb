// The audit log view of the staff console (supervisors and admins): who read or did what, by case or by person,
// newest first, from GET /staff/audit. Pure helpers here; app.js wires them to the page.

/** Roles that read the audit log; the API refuses everyone else (403), so the console offers it only to them. */
export const AUDIT_READERS = new Set(['supervisor', 'admin']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `#/audit?caseId=…` or `#/audit?actor=…` → `{ by, value }`; a bare `#/audit` is an empty case search. */
export function auditSubjectOf(hash) {
  const m = /^#\/audit(?:\?(caseId|actor)=(.*))?$/.exec(hash);
  if (!m) return null;
  return { by: m[1] === 'actor' ? 'actor' : 'caseId', value: m[2] ? decodeURIComponent(m[2]) : '' };
}

export const auditHash = (by, value) => `#/audit?${by === 'actor' ? 'actor' : 'caseId'}=${encodeURIComponent(value.trim())}`;

/** The API path of a page, or a sentence saying what is wrong with the search. */
export function auditPath({ by, value }, before) {
  const v = value.trim();
  if (!v) return { error: by === 'actor' ? 'Enter a staff id.' : 'Enter a case id.' };
  if (by === 'caseId' && !UUID.test(v)) return { error: 'A case id looks like 3f2b…-…: open the case and use “Audit log of this case”.' };
  const query = new URLSearchParams({ [by]: v, limit: '50', ...(before ? { before } : {}) });
  return { path: `/staff/audit?${query}` };
}

const ACTION_WORDS = {
  read_case: 'Read the case',
  list_queue: 'Listed the queue',
  read_audit: 'Read the audit log',
  list_attention: 'Listed cases needing attention',
  read_kpis: 'Read the KPIs',
  finance_queue: 'Read the finance queue',
  finance_totals: 'Read the finance totals',
  finance_export: 'Exported the finance CSV',
  propose_refund: 'Proposed a refund',
  decide_refund: 'Decided a refund',
  new_attachment: 'Asked to upload an attachment',
  list_attachments: 'Listed the attachments',
  export_customer_data: "Exported the customer's data",
  erase_customer: "Erased the customer's personal data",
  correct_contact: "Corrected the customer's contact details",
  place_legal_hold: 'Placed a legal hold',
  release_legal_hold: 'Released the legal hold',
  expire_personal_data: 'Personal data expired (retention)',
};

const PROOF_WORDS = { step_up: 'after a step-up', access_token: 'with the case link' };

/**
 * Who an entry's actor is, in words, and the id to list their entries by (`actor=`): a person on staff by their
 * id, a scheduled process as `system:<process>`, the customer (who is not one person, and is listed by case) none.
 */
export function actorOf(actor) {
  if (actor?.role === 'customer') return { label: `The customer (${PROOF_WORDS[actor.provedBy] ?? actor.provedBy})`, id: null };
  if (actor?.role === 'system') return { label: `Redress (${actor.process})`, id: `system:${actor.process}` };
  return { label: actor?.staffId ?? '', id: actor?.staffId ?? '' };
}

/** An audit action in words: `act:claim` → "Action: claim". */
export function actionWords(action) {
  if (ACTION_WORDS[action]) return ACTION_WORDS[action];
  const act = /^act:(.+)$/.exec(action);
  return act ? `Action: ${act[1].replace(/([A-Z])/g, ' $1').toLowerCase()}` : action;
}
