/**
 * `npm start` as an operator runs it, in a process group of its own, and the processes it leaves
 * in that group (Linux /proc): what each one is and the memory it holds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../bff/testing/services.js';
import { memory } from './procStats.js';
import { sleep } from './streamRun.js';
import { adminEmail, adminPassword } from './targets.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface GroupProcess {
  pid: number;
  /** What it is: npm, shell, server, demo router, esbuild service, or its command. */
  role: string;
  command: string;
  rss: number;
}

function role(command: string, all: string[]): string {
  if (/\bnpm(-cli\.js)?\b/.test(command) && !command.includes('scripts/')) return 'npm';
  if (/^(\/bin\/|\/usr\/bin\/)?(sh|bash|dash)\b/.test(command)) return 'shell';
  if (command.includes('demoRouterProcess')) return 'demo router';
  if (command.includes('dist/bff.mjs')) return 'server';
  // scripts/start.mjs is the server itself when it runs the bundle in-process, else a wrapper.
  if (command.includes('scripts/start.mjs')) return all.some((c) => c.includes('dist/bff.mjs')) ? 'start.mjs wrapper' : 'server';
  if (command.includes('esbuild')) return 'esbuild service';
  return command.split(' ')[0]!.split('/').at(-1)!;
}

function readProc(pid: number): { pgrp: number; command: string; isNode: boolean } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // The binary, not the title: npm renames its process ("npm start") but is node all the same.
    const exe = readlinkSync(`/proc/${pid}/exe`);
    return { pgrp, command: argv.join(' ').replaceAll(repoRoot, ''), isNode: exe.split('/').at(-1) === 'node' };
  } catch {
    return null; // gone meanwhile
  }
}

/** Every live process of process group `pgid`, with its role and RSS. */
export function groupProcesses(pgid: number): Array<GroupProcess & { isNode: boolean }> {
  const found = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => ({ pid: Number(name), info: readProc(Number(name)) }))
    .filter((p) => p.info !== null && p.info.pgrp === pgid);
  const commands = found.map((p) => p.info!.command);
  return found.flatMap(({ pid, info }) => {
    try {
      return [{ pid, role: role(info!.command, commands), command: info!.command, rss: memory(pid).rss, isNode: info!.isNode }];
    } catch {
      return [];
    }
  });
}

/** The group's total RSS sampled over `ms`: the median, for a steady figure despite GC. */
export async function steadyGroupRss(pgid: number, ms = 1_000): Promise<number> {
  const samples: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    samples.push(groupProcesses(pgid).reduce((sum, p) => sum + p.rss, 0));
    await sleep(50);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

export interface NpmStart {
  base: string;
  /** The process group (npm's pid). */
  pgid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start` in a new process group (so every process it leaves can be found and stopped by
 * the group's id), with the bench's server settings; resolves once it is listening.
 */
export async function startNpm(): Promise<NpmStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-bench-npm-'));
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', npm_config_update_notifier: 'false',
      PORT: String(await freePort()), HOST: '127.0.0.1', NS_DATA_DIR: dataDir, NS_ADMIN_EMAIL: adminEmail, NS_ADMIN_PASSWORD: adminPassword,
      LOG_LEVEL: 'warn', NS_SSH_ALLOW: '127.0.0.1/32',
    },
  });
  const pgid = child.pid!;
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = async () => {
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pgid, s);
      } catch {
        // the group is gone already
      }
    };
    signal('SIGTERM');
    for (let i = 0; i < 100 && groupProcesses(pgid).length > 0; i += 1) await sleep(100);
    signal('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The first start after a change to web/ builds the SPA first: minutes on two shared cores.
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not listen in 5 min:\n${output}`)), 300_000);
      child.stdout!.on('data', () => {
        const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
        if (match) resolve((clearTimeout(timer), match[1]!));
      });
      child.once('exit', (code) => reject((clearTimeout(timer), new Error(`npm start exited (${code}):\n${output}`))));
    });
    return { base, pgid, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
