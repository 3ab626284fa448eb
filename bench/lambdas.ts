import { bundle, coldInitMs } from './bundles';
import { median, ratio, table } from './stats';

export interface LambdaEntry {
  logicalId: string;
  entry: string;
  environment: Record<string, string>;
}

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
}

/** Tokens (Ref, GetAtt) cannot resolve outside AWS; module init only needs well-formed values. */
function placeholder(name: string): string {
  if (name.endsWith('_ARN')) return `arn:aws:states:us-east-1:000000000000:stateMachine:bench-${name.toLowerCase()}`;
  if (name.endsWith('_URL')) return 'https://bench.example.com';
  if (name.endsWith('_ADDRESS')) return 'bench@example.com';
  return `bench-${name.toLowerCase().replace(/_/g, '-')}`;
}

/** The functions the stack deploys, read from the synthesized template (the same list the local runtime uses). */
export function lambdaEntries(template: { Resources: Record<string, TemplateResource> }): LambdaEntry[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && typeof r.Metadata?.['redress:entry'] === 'string')
    .map(([logicalId, r]) => ({
      logicalId,
      entry: r.Metadata!['redress:entry'] as string,
      environment: Object.fromEntries(
        Object.entries(r.Properties?.Environment?.Variables ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : placeholder(k)]),
      ),
    }));
}

/** Bundle size and cold module-init time of every function, next to a hello-world handler bundled the same way. */
export async function benchLambdas(entries: LambdaEntry[], runs = 7): Promise<string> {
  const measure = async (name: string, entry: string, env: Record<string, string>) => {
    const { file, bytes } = await bundle(name, entry);
    const samples = Array.from({ length: runs }, () => coldInitMs(file, env));
    return { name, bytes, initMs: median(samples) };
  };
  const baseline = await measure('hello-world', 'bench/hello-world.ts', {});
  const rows = [baseline];
  for (const e of entries) rows.push(await measure(e.entry.replace(/^functions\/|\.ts$/g, ''), e.entry, e.environment));
  return table(
    rows.map((r) => ({
      function: r.name,
      'bundle KiB': (r.bytes / 1024).toFixed(1),
      'size ratio': ratio(r.bytes, baseline.bytes),
      'cold init ms (median)': r.initMs.toFixed(1),
      'init ratio': ratio(r.initMs, baseline.initMs),
    })),
  );
}
