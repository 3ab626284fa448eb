// Which staff actions the console offers a role on a case, and which it offers at all in the case's status.
// Hiding is a courtesy: the API enforces the same rules (and `test/e2e` calls every hidden action to get its 403).

export const STAFF_ACTIONS = ['claim', 'assign', 'reply', 'requestInfo', 'resolve', 'escalate', 'recommendMediation', 'close', 'note'];

/** Which role owns the case's current rung, from its status: the front line, the senior review, the dispute review. */
export function rungOwner(view) {
  if (view?.status === 'dispute_review') return 'dispute_team';
  if (view?.status === 'escalated_senior') return 'senior';
  const level = Number(view?.lifecycle?.level ?? view?.level ?? 0);
  if (level === 0) return 'front_line';
  return null; // a closed or mediated case above the front line: only a supervisor acts
}

/**
 * The actions a role may take on the case's rung. Mirrors the lifecycle's rules: a supervisor anything; the rung's
 * owner works it (seniors may also take front-line cases; finance the front-line cases it decides — the API refuses
 * the others with its own words); only supervisors, seniors and the Dispute Resolution Team assign; mediation is
 * recommended by the Dispute Resolution Team (on its rung) or a supervisor.
 */
export function roleActions(role, view) {
  if (role === 'supervisor') return [...STAFF_ACTIONS];
  const owner = rungOwner(view);
  const works = owner === 'front_line' ? role === 'agent' || role === 'senior' || role === 'finance' : owner === role;
  if (!works) return [];
  return STAFF_ACTIONS.filter((a) => {
    if (a === 'assign') return role === 'senior' || role === 'dispute_team';
    if (a === 'recommendMediation') return role === 'dispute_team';
    return true;
  });
}

const OPEN_WORK = new Set(['acknowledged', 'in_progress', 'escalated_senior', 'dispute_review']);
const FINAL = new Set(['closed', 'mediation_recommended']);

/** Whether an action makes sense in the case's status (the API has the last word, with a 409 saying why). */
export function fitsStatus(action, view, me) {
  const status = view?.status;
  if (status === 'received' || FINAL.has(status)) return false;
  const assignee = view?.lifecycle?.assignee ?? view?.assignee;
  switch (action) {
    case 'claim':
      return assignee !== me;
    case 'reply':
      return OPEN_WORK.has(status) || status === 'awaiting_customer' || status === 'resolved';
    case 'requestInfo':
    case 'resolve':
      return OPEN_WORK.has(status);
    case 'escalate':
      return OPEN_WORK.has(status);
    case 'recommendMediation':
      return status === 'dispute_review' || status === 'escalated_senior';
    case 'close':
      return true; // a resolved case by its owner; any open case by a supervisor (roleActions decides who)
    default:
      return true;
  }
}

/**
 * What the console shows for this signed-in member of staff on this case. None on a case the reader only reads
 * (`works: false` in the staff read: finance on a case outside the money categories that carries a refund).
 */
export function offeredActions(staff, view) {
  if (view?.works === false) return [];
  return roleActions(staff.role, view).filter((a) => fitsStatus(a, view, staff.staffId) && (a !== 'close' || view?.status === 'resolved' || staff.role === 'supervisor'));
}

/** The actions hidden from a role on a case because of the role (not the status): the API must answer 403. */
export function hiddenByRole(role, view) {
  const allowed = new Set(roleActions(role, view));
  return STAFF_ACTIONS.filter((a) => !allowed.has(a));
}

/** The API body of each console action form. */
export function staffActionBody(action, fields) {
  const t = (k) => String(fields[k] ?? '').trim();
  switch (action) {
    case 'claim':
      return { type: 'claim' };
    case 'assign':
      return { type: 'assign', to: t('to') };
    case 'reply':
      return { type: 'reply', message: t('message') };
    case 'note':
      return { type: 'note', text: t('text') };
    case 'requestInfo':
      return { type: 'requestInfo', questions: t('questions') };
    case 'resolve':
      return { type: 'resolve', summary: t('summary'), ...(t('actionsTaken') ? { actionsTaken: t('actionsTaken') } : {}), ...(t('nextSteps') ? { nextSteps: t('nextSteps') } : {}) };
    case 'escalate':
    case 'recommendMediation':
    case 'close':
      return { type: action, reason: t('reason') };
  }
  throw new Error(`unknown action ${action}`);
}
