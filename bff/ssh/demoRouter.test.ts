import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openShell } from './client.js';
import { type DemoRouterLogger, startDemoRouter, type SupervisedDemoRouter } from './demoRouter.js';
import { openDemoTerminal } from './demoTestClient.js';

const routers: SupervisedDemoRouter[] = [];
afterEach(async () => {
  for (const router of routers.splice(0)) await router.close();
});

function recordingLogger() {
  const lines: { level: 'info' | 'error'; message: string; details: object }[] = [];
  const logger: DemoRouterLogger = {
    info: (details, message) => lines.push({ level: 'info', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
  return { logger, lines };
}

async function until<T>(check: () => T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('§4 demo router in a process of its own', () => {
  it('serves SSH from a child process with the host key it announces, and gives that child no secrets from our environment', async () => {
    const router = await startDemoRouter();
    routers.push(router);
    expect(router.pid).not.toBeNull();
    expect(router.pid).not.toBe(process.pid);
    const shell = await openShell({ ...router, expectedHostKey: router.hostKey }, { cols: 80, rows: 24 });
    shell.close();
    const environment = readFileSync(`/proc/${router.pid}/environ`, 'utf8').split('\0').filter(Boolean);
    // NODE_CHANNEL_* is Node's own IPC plumbing for fork.
    expect(environment.map((entry) => entry.split('=')[0]).filter((name) => !name!.startsWith('NODE_CHANNEL_'))).toEqual(['PATH']);
  });

  it('restarts a router process that died, with the same host key, login and port; only its sessions end', async () => {
    const { logger, lines } = recordingLogger();
    const router = await startDemoRouter({ logger });
    routers.push(router);
    const { port, hostKey, password } = router;
    const before = await openDemoTerminal(router);
    const firstPid = router.pid!;
    process.kill(firstPid, 'SIGKILL');
    await until(() => before.closed);
    await until(() => router.restarts === 1 && router.pid !== null);
    expect(router.pid).not.toBe(firstPid);
    expect([router.port, router.hostKey, router.password]).toEqual([port, hostKey, password]);
    expect(lines.find((line) => line.level === 'error')).toMatchObject({ message: expect.stringContaining('died'), details: { signal: 'SIGKILL' } });
    const after = await openDemoTerminal(router);
    expect(await after.run('show version')).toContain('Configuration register is 0x0');
    after.close();
  });

  it('ends its process on close and does not restart it', async () => {
    const { logger, lines } = recordingLogger();
    const router = await startDemoRouter({ logger });
    const pid = router.pid!;
    const terminal = await openDemoTerminal(router);
    await router.close();
    expect(alive(pid)).toBe(false);
    await until(() => terminal.closed);
    expect(router.pid).toBeNull();
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('keeps answering after the input that used to crash it: debug ip packet rate 100000000000000000000', async () => {
    const router = await startDemoRouter();
    routers.push(router);
    const terminal = await openDemoTerminal(router);
    const reply = await terminal.run('debug ip packet rate 100000000000000000000', (since) => since.includes(' seq=10 '));
    expect(reply).toContain('% Rate capped at 10000000 bytes/s (demo router limit)\r\nIP packet debugging is on\r\n');
    await terminal.run('undebug all', (since) => since.endsWith('All possible debugging has been turned off\r\nlab-rtr-01#'));
    expect(await terminal.run('show clock')).toMatch(/UTC/);
    expect(router.restarts).toBe(0);
    terminal.close();
  });
});
