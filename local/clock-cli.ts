// `npm run clock` / `npm run clock -- +48h`: the running stack's virtual clock (see USAGE).
import * as z from '../functions/domain/zod';
import { formatJumpReport } from './jump-report';

const USAGE = `usage: npm run clock -- [<duration>]

  (no argument)   print the running stack's virtual time
  <duration>      jump it forward: +48h, PT48H, 5d, 90m, 2d3h, 1500ms, or a number of seconds.
                  Due waits, timeouts, retries and schedules fire in order; then it prints what fired:
                  timeline events by type (breached, escalated_senior, reminder_sent, closed …) and the
                  mail sent, each with the case numbers involved.
  -h, --help      this text

Talks to the gateway of a running \`npm start\` on REDRESS_API_PORT (default 3000).`;

const Group = z.object({ count: z.number(), cases: z.array(z.string()) });
const ClockState = z.object({
  now: z.string(),
  offsetMs: z.number(),
  advancedMs: z.optional(z.number()),
  fired: z.optional(z.object({ events: z.record(z.string(), Group), emails: Group })),
});

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 1) {
    console.error(`clock: one duration at most\n\n${USAGE}`);
    return 2;
  }
  const url = `http://127.0.0.1:${process.env.REDRESS_API_PORT ?? '3000'}/_local/clock`;
  const arg = args[0];
  let res: Response;
  try {
    res = arg
      ? await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: arg }) })
      : await fetch(url);
  } catch {
    console.error(`No local stack answers on ${url}: start it with \`npm start\` (or set REDRESS_API_PORT).`);
    return 1;
  }
  const body: unknown = await res.json();
  if (!res.ok) {
    const detail = z.object({ errors: z.optional(z.array(z.object({ message: z.string() }))), detail: z.optional(z.string()) }).safeParse(body);
    console.error(`clock: ${res.status} ${detail.success ? (detail.data.errors?.[0]?.message ?? detail.data.detail ?? '') : JSON.stringify(body)}`);
    return 1;
  }
  const state = ClockState.parse(body);
  const ahead = (state.offsetMs / 3_600_000).toFixed(2);
  console.log(`virtual time ${state.now} (${ahead} h ahead of real time)${state.advancedMs !== undefined ? `, advanced ${state.advancedMs} ms` : ''}`);
  if (state.fired) console.log(['fired during the jump:', ...formatJumpReport(state.fired)].join('\n'));
  return 0;
}

process.exitCode = await main(process.argv.slice(2).filter((a) => a !== '--'));
