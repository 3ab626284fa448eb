// The holiday library behind one local ESM re-export, so that holidays.ts can require() it lazily and esbuild still
// bundles the library's ESM build (tree-shaken; its CommonJS build carries all of astronomia, ~100 KB more).
export { default } from 'date-holidays';
