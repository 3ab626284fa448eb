import { detailsSchemaFor, type Policy } from '../../domain/policy';

/**
 * The category a message that arrived without a form (email, a direct message) opens its case under. Only categories
 * whose details are all optional qualify: nobody filled them in. Among those, the one whose label or slug words occur
 * most often in the message wins; with no hit, a catch-all ("general", "other", "inquiry", "question"), else the first
 * in policy order. Staff re-triage from the queue; the guess only sets the first clocks.
 */
const CATCH_ALL = /general|other|inquir|question|feedback/;
const STOP_WORDS = new Set(['and', 'the', 'for', 'with', 'issue', 'issues', 'request', 'your', 'our']);

export function intakeCategory(policy: Policy, text: string): string | undefined {
  const open = policy.categories.filter((c) => detailsSchemaFor(policy, c.slug).safeParse({}).success);
  if (open.length === 0) return undefined;
  const words = new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2));
  const score = (c: Policy['categories'][number]) =>
    [...new Set(`${c.slug.replace(/_/g, ' ')} ${c.label}`.toLowerCase().split(/[^\p{L}\p{N}]+/u))].filter((w) => w.length > 2 && !STOP_WORDS.has(w) && words.has(w)).length;
  const best = open.reduce((a, b) => (score(b) > score(a) ? b : a));
  if (score(best) > 0) return best.slug;
  return (open.find((c) => CATCH_ALL.test(c.slug)) ?? open[0]!).slug;
}
