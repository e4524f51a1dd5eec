/**
 * Issue 14: one log format per destination, quiet at info. A Controller whose stdout is a pipe
 * (a log collector) writes JSON lines; on a terminal it writes readable lines; requests are
 * logged at debug only, and the start banner names the admin whether the password is generated
 * or given.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from './testing/harness.js';
import { until } from './testing/eventually.js';
import { freePort } from './testing/services.js';

const repoRoot = join(import.meta.dirname, '..');

/** Runs the Controller like `npm start` does (main.ts), through `script` when `tty` is set. */
async function run(env: Record<string, string>, tty: boolean, work: (url: string) => Promise<void>): Promise<string> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-logs-'));
  const command = [process.execPath, '--import', 'tsx', join(repoRoot, 'bff/main.ts')];
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', NS_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env };
  const child = tty ? spawn('script', ['-qfec', command.join(' '), '/dev/null'], { cwd: repoRoot, env: fullEnv }) : spawn(command[0]!, command.slice(1), { cwd: repoRoot, env: fullEnv });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    await until(() => /listening on/.test(output) || child.exitCode !== null, 'start', 30_000);
    await work(`http://127.0.0.1:${port}`);
    return output;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const traffic = async (url: string) => {
  for (let i = 0; i < 5; i += 1) await api(url, 'GET', '/api/v1/auth/me');
  await api(url, 'POST', '/api/v1/auth/login', null, { email: 'admin@example.com', password: 'Log-format-test-1' });
};

describe('issue 14 quiet, honest logs', () => {
  it('writes JSON lines to a pipe, with no line per request at info, and names the admin in the banner', async () => {
    const output = await run({ NS_ADMIN_PASSWORD: 'Log-format-test-1' }, false, traffic);
    const lines = output.split('\n').filter(Boolean);
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(json.length).toBeGreaterThan(0);
    expect(json.some((l) => l.msg === 'request')).toBe(false);
    expect(lines).toContain('Admin: admin@example.com (password from NS_ADMIN_PASSWORD)');
    for (const line of lines) if (!line.startsWith('{')) expect(line).toMatch(/^(Admin: |NetStacks Session Sharing listening on |SIGTERM received)/);
  }, 60_000);

  it('writes readable lines on a terminal, and prints a generated password once in the same banner form', async () => {
    const output = await run({}, true, async () => {});
    expect(output).toMatch(/INFO.*listening/);
    expect(output.split('\n').some((l) => l.trim().startsWith('{"level"'))).toBe(false);
    expect(output).toMatch(/Admin: admin@example.com \/ \S+ {2}\(generated once; set NS_ADMIN_PASSWORD to choose it\)/);
  }, 60_000);
});
