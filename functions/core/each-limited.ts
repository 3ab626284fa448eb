/**
 * Runs `work` over the items with at most `limit` at a time, in order of start; rejects with the first error once
 * the running ones settle. For fan-outs over cases (an incident's linked cases), where one at a time outlasts the
 * request and all at once would burst the table and the mail service.
 */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
