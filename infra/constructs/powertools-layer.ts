import { readFileSync } from 'node:fs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { fromRepo } from '../paths';

/**
 * Powertools for AWS Lambda (Logger, Metrics, and the Tracer with the X-Ray SDK under it: ~155 KiB together) comes
 * from its official layer instead of each function's bundle, as Powertools recommends for esbuild builds: one shared,
 * cached copy instead of 59 (functions/adapters/tracer.ts says why the Tracer alone would not fit a bundle). The
 * layer's ARN is read at deploy time from the public SSM parameter Powertools publishes for each version in every
 * region, for exactly the version installed here (package.json pins it), so AWS runs the Powertools the tests ran.
 */
export const LAYER_MODULES = ['@aws-lambda-powertools/*'];
export const LAYER_PACKAGES = ['logger', 'metrics', 'tracer'] as const;

/** The version of each Powertools package installed here. */
export const installedVersions = (): Record<(typeof LAYER_PACKAGES)[number], string> =>
  Object.fromEntries(
    LAYER_PACKAGES.map((p) => [p, (JSON.parse(readFileSync(fromRepo(`node_modules/@aws-lambda-powertools/${p}/package.json`), 'utf8')) as { version: string }).version]),
  ) as Record<(typeof LAYER_PACKAGES)[number], string>;

/** The one version of the layer: every Powertools package installed here must be at it (the layer holds one). */
export function powertoolsVersion(): string {
  const versions = new Set(Object.values(installedVersions()));
  if (versions.size !== 1) throw new Error(`the Powertools packages must share one version (the layer holds one): ${JSON.stringify(installedVersions())}`);
  return [...versions][0]!;
}

export const powertoolsLayerParameter = (version: string = powertoolsVersion()) => `/aws/service/powertools/typescript/generic/all/${version}`;

/** The layer, once per stack; the functions construct adds it to every function. */
export function powertoolsLayer(scope: Construct): lambda.ILayerVersion {
  return lambda.LayerVersion.fromLayerVersionArn(scope, 'PowertoolsLayer', ssm.StringParameter.valueForStringParameter(scope, powertoolsLayerParameter()));
}
