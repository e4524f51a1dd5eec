/**
 * Starts the product once for the whole run, the way a user does (`node scripts/start.mjs`), on
 * port 0 with a throwaway data dir and a random admin password, and stops it afterwards.
 * Workers learn the URL and the admin login through environment variables.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifactsDir } from './paths.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** First start may build the SPA, so give it time. */
const STARTUP_TIMEOUT_MS = 180_000;
const listeningLine = /listening on (http:\/\/\S+)/;

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(artifactsDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-e2e-'));
  const adminPassword = randomBytes(12).toString('base64url');
  const log = createWriteStream(join(artifactsDir, 'server.log'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    NS_DATA_DIR: dataDir,
    NS_ADMIN_EMAIL: 'admin@example.com',
    NS_ADMIN_PASSWORD: adminPassword,
    // The specs' OpenSSH peers listen on loopback, which the SSH target policy refuses by default.
    NS_SSH_ALLOW: '127.0.0.1/32',
  };
  delete env.NS_PUBLIC_URL;
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${STARTUP_TIMEOUT_MS} ms (see e2e/artifacts/server.log)`)), STARTUP_TIMEOUT_MS);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = listeningLine.exec(buffered);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening (see e2e/artifacts/server.log)`));
    });
  });

  process.env.NS_E2E_BASE_URL = url;
  process.env.NS_E2E_ADMIN_EMAIL = 'admin@example.com';
  process.env.NS_E2E_ADMIN_PASSWORD = adminPassword;
  // Specs that seed what no browser can make quickly (a two-hour recording) write into the server's store.
  process.env.NS_E2E_DATA_DIR = dataDir;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
