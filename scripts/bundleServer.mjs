#!/usr/bin/env node
// Bundles bff/ and protocol/ into dist/bff.mjs (dependencies stay in node_modules). It lives in
// dist/ itself so the server's `../dist/web` (relative to bff/server.ts) still finds the SPA.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundleServer() {
  const outfile = `${root}dist/bff.mjs`;
  await build({
    entryPoints: [`${root}bff/main.ts`],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
