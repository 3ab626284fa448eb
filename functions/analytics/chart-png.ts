import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/**
 * The report chart as a PNG, for mail clients (most block SVG). Rendered by resvg (Rust, compiled to WebAssembly:
 * no native binary to match Lambda's arm64) from the same SVG the archive keeps, with a bundled sans-serif font
 * (Liberation Sans, SIL OFL; resvg in WebAssembly sees no system fonts, and Lambda has none). The two binary files
 * sit next to the bundle on Lambda (infra/handlers.ts `bundleFiles` copies them) and are read from the source tree
 * and node_modules elsewhere.
 */

/** The PNG's scale over the SVG's own size: sharp on high-density screens, still small (a 640-px chart ≈ 40–80 KB). */
export const CHART_PNG_SCALE = 2;

export const CHART_WASM_FILE = 'resvg.wasm';
export const CHART_FONT_FILE = 'fonts/LiberationSans-Regular.ttf';

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

function wasmBytes(): Buffer {
  const bundled = here(CHART_WASM_FILE);
  return readFileSync(existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'));
}

let ready: Promise<Uint8Array> | undefined;
/** Loads the WebAssembly module and the font once per container. */
const loaded = (): Promise<Uint8Array> =>
  (ready ??= (async () => {
    await initWasm(wasmBytes());
    return new Uint8Array(readFileSync(here(CHART_FONT_FILE)));
  })());

export async function chartPng(svg: string): Promise<Uint8Array> {
  const font = await loaded();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: CHART_PNG_SCALE },
    font: { fontBuffers: [font], defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
  });
  return resvg.render().asPng();
}
