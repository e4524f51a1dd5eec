/**
 * Throwaway external servers for integration tests, each on an ephemeral port in a temp dir:
 * PostgreSQL (initdb), Valkey or Redis, BFF processes, sshd and nginx. Each is stopped when the
 * test (or file) that started it is done, passed or failed (bff/testing/teardown.ts); a test may
 * stop one earlier. `DATABASE_URL` / `VALKEY_URL` in the environment are honoured instead of
 * starting our own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { until } from './eventually.js';
import { closeWhenDone, once } from './teardown.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const waitFor = (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) => until(check, what, timeoutMs, 100);

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function which(...names: string[]): string | null {
  for (const name of names) {
    for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/local/bin'])) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

// ---- Valkey / Redis ----

export interface ValkeyServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startValkey(): Promise<ValkeyServer> {
  if (process.env.VALKEY_URL) {
    const url = process.env.VALKEY_URL;
    const fail = () => Promise.reject(new Error('cannot stop an external VALKEY_URL'));
    return { url, stop: fail, start: fail, close: async () => {} };
  }
  const binary = which('valkey-server', 'redis-server');
  if (!binary) throw new Error('neither valkey-server nor redis-server is installed (apt-get install redis-server)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ns-valkey-'));
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    await waitFor(() => portOpen(port), `${binary} on ${port}`);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  const close = once(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  closeWhenDone(close);
  return { url: `redis://127.0.0.1:${port}`, start, stop, close };
}

// ---- PostgreSQL ----

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const fail = () => Promise.reject(new Error('cannot stop an external DATABASE_URL'));
    return { url, stop: fail, start: fail, close: async () => {} };
  }
  if (!existsSync(join(pgBin, 'initdb'))) throw new Error(`PostgreSQL server binaries not found in ${pgBin} (apt-get install postgresql)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ns-pg-'));
  const data = join(dir, 'data');
  // initdb refuses to run as root: hand the directory to the postgres user and run as it.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(pgBin, cmd), asRoot ? ['-u', 'postgres', '--', join(pgBin, cmd), ...args] : args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = async () => {
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
    await waitFor(() => portOpen(port), `postgres on ${port}`);
  };
  const stop = async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* already stopped */
    }
  };
  await start();
  const close = once(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  closeWhenDone(close);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, start, stop, close };
}

let databaseCounter = 0;

/**
 * A database of its own on a PostgreSQL server (a throwaway cluster or DATABASE_URL), so that
 * one test's rows never meet another's; `drop()` removes it.
 */
export async function createDatabase(serverUrl: string, prefix = 'ns_test'): Promise<{ url: string; drop(): Promise<void> }> {
  databaseCounter += 1;
  const name = `${prefix}_${process.pid}_${databaseCounter}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

// ---- BFF as a separate OS process ----

export interface BffProcess {
  url: string;
  wsUrl: string;
  instanceId: string;
  child: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startBffProcess(env: Record<string, string>): Promise<BffProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-bffproc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bff/main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', NS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  closeWhenDone(() => kill());
  await waitFor(() => child.exitCode !== null || /listening on/.test(output), 'bff start', 30_000);
  if (!/listening on/.test(output)) throw new Error(`bff exited: ${output}`);
  const url = `http://127.0.0.1:${port}`;
  return { url, wsUrl: url.replace('http', 'ws'), instanceId: env.NS_INSTANCE_ID ?? '', child, output: () => output, kill };
}

// ---- OpenSSH server (a real peer for ad-hoc host sessions) ----

export type SshHostKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshdServer {
  port: number;
  username: string;
  privateKey: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`). */
  hostKeyFingerprint(): string;
  /** Restarts sshd on the same port with a newly generated host key (a re-keyed or spoofed device). */
  replaceHostKey(): Promise<void>;
  /** Restarts sshd on the same port with one more host key, of another type. */
  addHostKey(type: SshHostKeyType): Promise<void>;
  close(): Promise<void>;
}

/** sshd on an ephemeral port accepting one generated key for the current user. */
export async function startSshd(options: { hostKeyType?: SshHostKeyType } = {}): Promise<SshdServer> {
  const sshd = which('sshd');
  if (!sshd) throw new Error('sshd is not installed (apt-get install openssh-server)');
  const dir = mkdtempSync(join(tmpdir(), 'ns-sshd-'));
  const port = await freePort();
  // The host's keys, the first one listed first; `hostKeyFingerprint` reads the first.
  const hostKeyTypes: SshHostKeyType[] = [options.hostKeyType ?? 'ed25519'];
  const keyFile = (type: SshHostKeyType) => join(dir, `host_key_${type}`);
  const newHostKey = (type: SshHostKeyType) => {
    rmSync(keyFile(type), { force: true });
    rmSync(`${keyFile(type)}.pub`, { force: true });
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', keyFile(type)]);
  };
  newHostKey(hostKeyTypes[0]!);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  execFileSync('cp', [join(dir, 'client_key.pub'), join(dir, 'authorized_keys')]);
  const username = execFileSync('id', ['-un']).toString().trim();
  const writeConfig = () => {
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      ...hostKeyTypes.map((type) => `HostKey ${keyFile(type)}`),
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
    ].join('\n');
    writeFileSync(join(dir, 'sshd_config'), `${config}\n`);
  };
  writeConfig();
  if (process.getuid?.() === 0) execFileSync('mkdir', ['-p', '/run/sshd']);
  const run = async () => {
    const child = spawn(sshd, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' });
    await waitFor(() => portOpen(port), `sshd on ${port}`);
    return child;
  };
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  const restart = async (change: () => void) => {
    await stop(child);
    change();
    writeConfig();
    child = await run();
  };
  let child = await run();
  const close = once(async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  });
  closeWhenDone(close);
  const privateKey = execFileSync('cat', [join(dir, 'client_key')]).toString();
  return {
    port,
    username,
    privateKey,
    hostKeyFingerprint: () => execFileSync('ssh-keygen', ['-lf', `${keyFile(hostKeyTypes[0]!)}.pub`]).toString().split(' ')[1]!,
    replaceHostKey: () => restart(() => newHostKey(hostKeyTypes[0]!)),
    addHostKey: (type) =>
      restart(() => {
        newHostKey(type);
        hostKeyTypes.push(type);
      }),
    close,
  };
}

// ---- nginx in front of BFF instances, with the README's config ----

export interface NginxServer {
  url: string;
  close(): Promise<void>;
}

/** Runs deploy/nginx.conf with its upstreams, port and certificate filled in. */
export async function startNginx(upstreams: string[], fixedPort?: number): Promise<NginxServer> {
  const nginx = which('nginx');
  if (!nginx) throw new Error('nginx is not installed (apt-get install nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'ns-nginx-'));
  const port = fixedPort ?? (await freePort());
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const site = readFileSync(join(repoRoot, 'deploy/nginx.conf'), 'utf8')
    .replace(/(upstream netstacks \{)[^}]*\}/, `$1\n${upstreams.map((u) => `    server ${u};`).join('\n')}\n}`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`)
    .replace('/etc/ssl/ns.example.com.pem', join(dir, 'cert.pem'))
    .replace('/etc/ssl/ns.example.com.key', join(dir, 'key.pem'));
  const conf = `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n${site}\n}\n`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  const close = once(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  closeWhenDone(close);
  await waitFor(() => portOpen(port), `nginx on ${port}`);
  return { url: `https://127.0.0.1:${port}`, close };
}
