// `npm run clock`            prints the running stack's virtual time
// `npm run clock -- +48h`    jumps it forward (also PT48H, 5d, 90m, 2d3h); due waits and timeouts fire in order
// Talks to the gateway of a running `npm start` (REDRESS_API_PORT, default 3000).
import * as z from 'zod';

const ClockState = z.object({ now: z.string(), offsetMs: z.number(), advancedMs: z.number().optional() });
const port = process.env.REDRESS_API_PORT ?? '3000';
const url = `http://127.0.0.1:${port}/_local/clock`;
const arg = process.argv.slice(2).find((a) => a !== '--');

async function main(): Promise<void> {
  let res: Response;
  try {
    res = arg
      ? await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: arg }) })
      : await fetch(url);
  } catch {
    console.error(`No local stack answers on ${url}: start it with \`npm start\` (or set REDRESS_API_PORT).`);
    process.exit(1);
  }
  const body: unknown = await res.json();
  if (!res.ok) {
    console.error(`clock: ${res.status} ${JSON.stringify(body)}`);
    process.exit(1);
  }
  const state = ClockState.parse(body);
  const ahead = (state.offsetMs / 3_600_000).toFixed(2);
  console.log(`virtual time ${state.now} (${ahead} h ahead of real time)${state.advancedMs !== undefined ? `, advanced ${state.advancedMs} ms` : ''}`);
}

await main();
