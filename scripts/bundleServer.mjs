#!/usr/bin/env node
// Bundles bff/ and protocol/ into dist/bff.mjs (dependencies stay in node_modules). It lives in
// dist/ itself so the server's `../dist/web` (relative to bff/server.ts) still finds the SPA.
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
    entryPoints: [`${root}bff/main.ts`],
    outfile,
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
  // The map first: the bundle that names it must never arrive before it.
  const isMap = (file) => file.path.endsWith('.map');
  for (const file of [...outputFiles.filter(isMap), ...outputFiles.filter((file) => !isMap(file))]) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  if (!outputFiles.some((file) => basename(file.path) === 'bff.mjs')) throw new Error('esbuild wrote no dist/bff.mjs');
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
