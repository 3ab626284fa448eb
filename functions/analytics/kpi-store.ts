import type { KpiStore } from '../core/ports';

/**
 * The local runtime's store, loaded on first use. The module path is a variable on purpose: DuckDB is a native,
 * development-only package, and a literal import would make esbuild pull it into the deployed bundle (which
 * queries Athena and never takes this path).
 */
export function localKpiStore(factsDir: string): KpiStore {
  let opened: Promise<KpiStore> | undefined;
  const modulePath = './duckdb-kpi-store';
  return {
    async kpiRows(periods) {
      opened ??= import(/* @vite-ignore */ modulePath).then((m: typeof import('./duckdb-kpi-store')) => m.DuckDbKpiStore.open(factsDir));
      return (await opened).kpiRows(periods);
    },
  };
}
