#!/usr/bin/env node
// Bundles bff/ and protocol/ into dist/bff.mjs (dependencies stay in node_modules). It lives in
// dist/ itself so the server's `../dist/web` (relative to bff/server.ts) still finds the SPA.
// A second entry, dist/demoRouterProcess.mjs, is the demo router's child process, which
// bff/ssh/demoRouter.ts forks from next to the bundle.
// Written to a temporary name and renamed, so a second `npm start` in the same checkout (the HA
// example on one host) never runs a half-written bundle.
// `node scripts/bundleServer.mjs --if-stale` bundles only when a bundle is missing or older than
// bff/, protocol/ or this file (the bench, which runs the bundle many times).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['bff.mjs', 'demoRouterProcess.mjs'];

/** The newest modification time of any file below `dir`. */
export function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsStale() {
  const files = outputs.map((name) => `${root}dist/${name}`);
  if (!files.every(existsSync)) return true;
  const sources = Math.max(newestMtime(`${root}bff`), newestMtime(`${root}protocol`), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  return Math.min(...files.map((file) => statSync(file).mtimeMs)) < sources;
}

export async function bundleServer() {
  const outfile = `${root}dist/bff.mjs`;
  const { outputFiles } = await build({
    entryPoints: { bff: `${root}bff/main.ts`, demoRouterProcess: `${root}bff/ssh/demoRouterProcess.ts` },
    outdir: `${root}dist`,
    outExtension: { '.js': '.mjs' },
    write: false,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  mkdirSync(`${root}dist`, { recursive: true });
  // The maps first: the bundle that names one must never arrive before it. dist/bff.mjs last: the
  // child entry it forks must be in place when it is.
  const rank = (file) => (file.path.endsWith('.map') ? 0 : basename(file.path) === 'bff.mjs' ? 2 : 1);
  for (const file of [...outputFiles].sort((a, b) => rank(a) - rank(b))) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  for (const name of outputs) {
    if (!outputFiles.some((file) => basename(file.path) === name)) throw new Error(`esbuild wrote no dist/${name}`);
  }
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && (!process.argv.includes('--if-stale') || bundleIsStale())) await bundleServer();
