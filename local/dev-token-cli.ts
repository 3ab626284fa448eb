/**
 * LOCAL ONLY: `npm run dev-token -- --groups agent[,senior] [--sub agent-1] [--name "Ada"] [--email a@x] [--ttl 3600]`
 * prints a staff JWT minted by the running `npm start` (its dev identity holds the key; nothing is minted offline).
 * The API is found at REDRESS_API_URL, else http://127.0.0.1:${REDRESS_API_PORT ?? 3000}.
 *
 *   curl -H "Authorization: Bearer $(npm run -s dev-token -- --groups agent)" http://127.0.0.1:3000/staff/queue
 */
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run -s dev-token -- [--groups agent[,senior]] [--sub <id>] [--name <name>] [--email <address>]
                                [--ttl <seconds: 60-43200>] [--api <url>]

LOCAL ONLY: prints a staff JWT minted by the running \`npm start\` (its dev identity holds the key), valid for
--ttl seconds of virtual time (default 3600). Groups: agent, senior, dispute_team, supervisor, finance, admin.
The API is found at --api, else REDRESS_API_URL, else http://127.0.0.1:\${REDRESS_API_PORT:-3000}.`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h', default: false },
    groups: { type: 'string', default: 'agent' },
    sub: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    ttl: { type: 'string' },
    api: { type: 'string' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const api = values.api ?? process.env.REDRESS_API_URL ?? `http://127.0.0.1:${process.env.REDRESS_API_PORT ?? 3000}`;
const body = {
  groups: values.groups.split(/[\s,]+/).filter(Boolean),
  sub: values.sub ?? `dev-${values.groups.split(/[\s,]+/)[0]}`,
  ...(values.name ? { name: values.name } : {}),
  ...(values.email ? { email: values.email } : {}),
  ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
};
try {
  const res = await fetch(`${api}/_local/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) {
    console.error(`dev-token: ${res.status} ${text}`);
    process.exit(1);
  }
  console.log((JSON.parse(text) as { token: string }).token);
} catch (e) {
  console.error(`dev-token: no local stack at ${api} (${(e as Error).message}); start it with npm start`);
  process.exit(1);
}
