#!/usr/bin/env node
// Bundles bff/ and protocol/ into dist/bff.mjs (dependencies stay in node_modules). It lives in
// dist/ itself so the server's `../dist/web` (relative to bff/server.ts) still finds the SPA.
// A second entry, dist/demoRouterProcess.mjs, is the demo router's child process, which
// bff/ssh/demoRouter.ts forks from next to the bundle.
// Written to a temporary name and renamed, so a second `npm start` in the same checkout (the HA
// example on one host) never runs a half-written bundle.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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
  for (const name of ['bff.mjs', 'demoRouterProcess.mjs']) {
    if (!outputFiles.some((file) => basename(file.path) === name)) throw new Error(`esbuild wrote no dist/${name}`);
  }
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
