#!/usr/bin/env node
// npm run dev: the BFF (tsx watch, restarts on change) on :8081 and the Vite dev server on :5173
// with hot reload, proxying /api and WebSockets to the BFF. Open http://localhost:5173.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitePort = process.env.VITE_PORT ?? '5173';
const bffPort = process.env.BFF_PORT ?? '8081';
const devOrigin = `http://localhost:${vitePort}`;

const children = [
  spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', join(root, 'bff/main.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { NS_PUBLIC_URL: devOrigin, NS_ALLOWED_ORIGINS: `http://127.0.0.1:${vitePort}`, ...process.env, PORT: bffPort, HOST: '127.0.0.1' },
  }),
  spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), '--port', vitePort, '--strictPort'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NS_DEV_BFF_URL: `http://127.0.0.1:${bffPort}` },
  }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
