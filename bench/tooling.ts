/**
 * Target 6 of issue 14 (standard tooling), read from the code every deployed function bundles: hand-built log lines,
 * handlers outside the shared wrapper, SDK clients outside the Tracer, and the Node versions. Figures are counts,
 * not timings; the baseline column says what each count is checked against.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resourcesOfType, synthTemplate } from '../infra/synth';
import { bundleSizes, deployedEntries } from './bundle-sizes';
import { type TargetRow, verdict } from './report';
import { consoleCalls, untracedClients, unwrappedHandlers } from './source-rules';

const root = resolve(import.meta.dirname, '..');

export async function benchTooling(preset = 'promptearn'): Promise<TargetRow[]> {
  const entries = deployedEntries();
  const sizes = await bundleSizes(entries, preset);
  // Our files that put bytes into some deployed bundle: the code that runs on Lambda.
  const ours = [...new Set(sizes.flatMap((s) => s.inputs).filter((f) => f.startsWith('functions/') || f.startsWith('policies/')))].filter((f) => f.endsWith('.ts'));
  const consoles = consoleCalls(ours);
  const untraced = untracedClients(ours);
  const unwrapped = unwrappedHandlers(Object.values(entries));
  const engines = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).engines?.node ?? 'none';
  // Our functions (they carry `redress:entry`); CDK's own helper functions are not ours to choose.
  const ourFunctions = resourcesOfType(synthTemplate({ stage: 'dev' }), 'AWS::Lambda::Function').filter(([, r]) => typeof r.Metadata?.['redress:entry'] === 'string');
  const runtimes = [...new Set(ourFunctions.map(([, r]) => String(r.Properties?.Runtime)))].sort();
  const count = (items: string[], what: string) => (items.length === 0 ? `0 ${what}` : `${items.length} ${what}: ${items.slice(0, 3).join(', ')}${items.length > 3 ? ', …' : ''}`);
  const files = `${ours.length} files of ours in ${sizes.length} bundles`;
  return [
    { target: '6 standard tooling', subject: 'log lines built by hand', figure: count(consoles, 'console.* calls'), baseline: files, limit: '0 (Powertools Logger)', verdict: verdict(consoles.length === 0), values: { calls: consoles, files: ours.length } },
    { target: '6 standard tooling', subject: 'handlers outside the shared wrapper', figure: count(unwrapped, 'handlers'), baseline: `${Object.keys(entries).length} deployed entries`, limit: '0 (httpHandler, jsonHandler, eventHandler)', verdict: verdict(unwrapped.length === 0), values: { unwrapped } },
    { target: '6 standard tooling', subject: 'AWS SDK clients outside the Tracer', figure: count(untraced, 'clients'), baseline: files, limit: '0 (traced())', verdict: verdict(untraced.length === 0), values: { untraced } },
    { target: '6 standard tooling', subject: 'Node versions', figure: `engines ${engines}; Lambda ${runtimes.join(', ')}`, baseline: `this machine ${process.version}`, limit: 'engines ≥ 22, Lambda nodejs24.x', verdict: verdict(/^>=\s*2[2-9]/.test(engines) && runtimes.length === 1 && runtimes[0] === 'nodejs24.x'), values: { engines, runtimes } },
  ];
}
