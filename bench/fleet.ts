/**
 * The runner's side of the viewer workers: forks them (separate processes, so the server's cores
 * are not spent on its own load), splits the viewers between them, and merges their reports.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConnectCommand, ViewerStats, WorkerCommand, WorkerEvent, WorkerReport } from './fleetProtocol.js';
import { until } from '../bff/testing/eventually.js';
import { Histogram } from './histogram.js';

const workerPath = fileURLToPath(new URL('./viewerWorker.ts', import.meta.url));
let workerNodeArgs: string[] = [];

/** Extra node flags for the workers forked from now on (--cpu-prof of the load generator). */
export function setWorkerNodeArgs(args: string[]): void {
  workerNodeArgs = args;
}

export interface FleetSpec {
  url: string;
  headers: Record<string, string>;
  full: number;
  count: number;
  stalled?: number;
  /** Worker processes for the counting viewers (the parsing ones always get one of their own). */
  workers?: number;
  spreadMs?: number;
  /** See viewers.ts setBatchReads; default 20 ms. */
  batchReadMs?: number;
  readyTimeoutMs?: number;
}

export interface FleetReport {
  viewers: ViewerStats[];
  latency: Histogram;
  workerCpuSeconds: number;
  workerWindowCpuSeconds: number;
}

export interface ConnectResult {
  opened: number;
  failed: number;
  notReady: number;
  failures: string[];
}

class WorkerHandle {
  readonly child: ChildProcess;
  /** Resolves when the worker has loaded (forking with tsx takes a second or so). */
  readonly loaded: Promise<void>;
  private readonly waiters: Array<(event: WorkerEvent) => boolean> = [];

  constructor() {
    this.child = fork(workerPath, [], { execArgv: ['--import', 'tsx', ...workerNodeArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (event: WorkerEvent) => {
      const index = this.waiters.findIndex((w) => w(event));
      if (index !== -1) this.waiters.splice(index, 1);
    });
    this.loaded = new Promise((resolve, reject) => {
      this.waiters.push((event) => (event.evt === 'ready' ? (resolve(), true) : false));
      this.child.once('exit', (code) => reject(new Error(`viewer worker exited (${code}) before it was ready`)));
    });
    this.loaded.catch(() => {});
  }

  request<E extends WorkerEvent['evt']>(command: WorkerCommand, answer: E, timeoutMs = 120_000): Promise<Extract<WorkerEvent, { evt: E }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`viewer worker did not answer ${command.cmd}`)), timeoutMs);
      this.waiters.push((event) => {
        if (event.evt !== answer) return false;
        clearTimeout(timer);
        resolve(event as Extract<WorkerEvent, { evt: E }>);
        return true;
      });
      this.child.send(command);
    });
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ cmd: 'exit' } satisfies WorkerCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Splits n into `parts` near-equal integers. */
function split(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

interface Share {
  full: number;
  count: number;
  stalled: number;
}

/**
 * Viewers in worker processes: the parsing (and stalled) viewers get a worker of their own, so
 * their receipt times never wait behind the counting viewers' reads; the counting viewers are
 * split over `spec.workers` more (default 1, or 2 above 300).
 */
export class ViewerFleet {
  private readonly workers: WorkerHandle[];
  private readonly shares: Share[] = [];
  /** Epoch ms the last connect() began opening sockets. */
  startedAt = 0;

  constructor(private readonly spec: FleetSpec) {
    const stalled = spec.stalled ?? 0;
    if (spec.full + stalled > 0) this.shares.push({ full: spec.full, count: 0, stalled });
    if (spec.count > 0) {
      const counting = spec.workers ?? (spec.count > 300 ? 2 : 1);
      for (const count of split(spec.count, counting)) this.shares.push({ full: 0, count, stalled: 0 });
    }
    this.workers = this.shares.map(() => new WorkerHandle());
  }

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid!).filter(Boolean);
  }

  async connect(): Promise<ConnectResult> {
    // Every worker must be listening before the shared schedule starts, or a spread storm
    // would arrive all at once.
    await Promise.all(this.workers.map((w) => w.loaded));
    const startAt = Date.now() + 200;
    this.startedAt = startAt;
    const results = await Promise.all(
      this.workers.map((w, i) => {
        const command: ConnectCommand = {
          cmd: 'connect', url: this.spec.url, headers: this.spec.headers,
          ...this.shares[i]!,
          spreadMs: this.spec.spreadMs ?? 0, startAt, batchReadMs: this.spec.batchReadMs ?? 20, readyTimeoutMs: this.spec.readyTimeoutMs ?? 30_000,
        };
        return w.request(command, 'connected', (this.spec.readyTimeoutMs ?? 30_000) + (this.spec.spreadMs ?? 0) + 10_000);
      }),
    );
    return {
      opened: results.reduce((s, r) => s + r.opened, 0),
      failed: results.reduce((s, r) => s + r.failed, 0),
      notReady: results.reduce((s, r) => s + r.notReady, 0),
      failures: [...new Set(results.flatMap((r) => r.failures))],
    };
  }

  async measure(on: boolean): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ cmd: 'measure', on }, 'measuring')));
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.request({ cmd: 'reset' }, 'reset')));
  }

  /** Waits until no viewer received output for `quietMs`; false if that took longer than `timeoutMs`. */
  async waitQuiet(quietMs = 500, timeoutMs = 60_000): Promise<boolean> {
    const quiet = async () => {
      const answers = await Promise.all(this.workers.map((w) => w.request({ cmd: 'lastOutput' }, 'lastOutput')));
      return Date.now() - Math.max(...answers.map((a) => a.at)) >= quietMs;
    };
    return until(quiet, 'the viewers to go quiet', timeoutMs, 100).then(
      () => true,
      () => false,
    );
  }

  async report(): Promise<FleetReport> {
    const reports: WorkerReport[] = await Promise.all(this.workers.map((w) => w.request({ cmd: 'report' }, 'report')));
    const latency = new Histogram();
    for (const r of reports) latency.merge(r.latency);
    return { viewers: reports.flatMap((r) => r.viewers), latency, workerCpuSeconds: reports.reduce((s, r) => s + r.cpuSeconds, 0), workerWindowCpuSeconds: reports.reduce((s, r) => s + r.windowCpuSeconds, 0) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.exit()));
  }
}

/** What the measuring code needs of a fleet: one ViewerFleet or a group of them. */
export interface Fleet {
  reset(): Promise<void>;
  measure(on: boolean): Promise<void>;
  waitQuiet(quietMs?: number, timeoutMs?: number): Promise<boolean>;
  report(): Promise<FleetReport>;
  close(): Promise<void>;
}

/** Several fleets on one target measured as one (viewers added step by step: the curve). */
export class FleetGroup implements Fleet {
  readonly fleets: ViewerFleet[] = [];

  add(fleet: ViewerFleet): void {
    this.fleets.push(fleet);
  }

  async reset(): Promise<void> {
    await Promise.all(this.fleets.map((f) => f.reset()));
  }

  async measure(on: boolean): Promise<void> {
    await Promise.all(this.fleets.map((f) => f.measure(on)));
  }

  async waitQuiet(quietMs = 500, timeoutMs = 60_000): Promise<boolean> {
    const results = await Promise.all(this.fleets.map((f) => f.waitQuiet(quietMs, timeoutMs)));
    return results.every(Boolean);
  }

  async report(): Promise<FleetReport> {
    const reports = await Promise.all(this.fleets.map((f) => f.report()));
    const latency = new Histogram();
    for (const r of reports) latency.merge(r.latency.toJSON());
    return {
      viewers: reports.flatMap((r) => r.viewers),
      latency,
      workerCpuSeconds: reports.reduce((s, r) => s + r.workerCpuSeconds, 0),
      workerWindowCpuSeconds: reports.reduce((s, r) => s + r.workerWindowCpuSeconds, 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.fleets.map((f) => f.close()));
  }
}
