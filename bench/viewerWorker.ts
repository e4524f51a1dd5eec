/**
 * A viewer worker process (forked by the runner with `node --import tsx`): opens its share of the
 * viewers, records latency while the runner says so, and reports its stats over IPC.
 */
import { recalibrate } from './clock.js';
import type { ConnectCommand, WorkerCommand, WorkerEvent } from './fleetProtocol.js';
import { Histogram } from './histogram.js';
import { type BenchViewer, fullViewer, type MeasureState, rawViewer, setBatchReads } from './viewers.js';

const state: MeasureState = { measuring: false, latency: new Histogram() };
const viewers: BenchViewer[] = [];
let cpuAtConnect = process.cpuUsage();
let cpuAtWindowStart = process.cpuUsage();
let windowCpuSeconds = 0;

function send(event: WorkerEvent): void {
  process.send?.(event);
}

async function connect(c: ConnectCommand): Promise<void> {
  recalibrate();
  setBatchReads(c.batchReadMs);
  cpuAtConnect = process.cpuUsage();
  const total = c.full + c.count + c.stalled;
  const kinds = [...Array<'full'>(c.full).fill('full'), ...Array<'count'>(c.count).fill('count'), ...Array<'stalled'>(c.stalled).fill('stalled')];
  const opening: Promise<void>[] = [];
  for (const [i, kind] of kinds.entries()) {
    const at = c.startAt + (total > 1 ? (c.spreadMs * i) / total : 0);
    const wait = at - Date.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const headers = kind === 'stalled' ? { ...c.headers, 'User-Agent': 'netstacks-bench-stalled' } : c.headers;
    const viewer = kind === 'full' ? fullViewer(c.url, headers, state) : rawViewer(c.url, headers, state, kind === 'stalled');
    viewers.push(viewer);
    opening.push(viewer.ready);
  }
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), c.readyTimeoutMs));
  await Promise.race([Promise.all(opening), timeout]);
  const failures = viewers.map((v) => v.stats.failure).filter((f): f is string => f !== null);
  send({
    evt: 'connected',
    opened: viewers.filter((v) => v.stats.openedAt !== null).length,
    failed: failures.length,
    notReady: viewers.filter((v) => v.stats.openedAt === null && v.stats.failure === null).length,
    failures: [...new Set(failures)].slice(0, 5),
  });
}

async function report(): Promise<void> {
  await Promise.all(viewers.map((v) => v.drain(3_000)));
  send({ evt: 'report', viewers: viewers.map((v) => v.stats), latency: state.latency.toJSON(), cpuSeconds: cpuSecondsSince(cpuAtConnect), windowCpuSeconds });
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1e6;
}

process.on('message', (message: WorkerCommand) => {
  switch (message.cmd) {
    case 'connect':
      return void connect(message);
    case 'measure':
      state.measuring = message.on;
      if (message.on) cpuAtWindowStart = process.cpuUsage();
      else windowCpuSeconds = cpuSecondsSince(cpuAtWindowStart);
      return send({ evt: 'measuring', on: message.on });
    case 'reset':
      for (const v of viewers) v.reset();
      state.latency.reset();
      return send({ evt: 'reset' });
    case 'report':
      return void report();
    case 'lastOutput':
      return send({ evt: 'lastOutput', at: Math.max(0, ...viewers.map((v) => v.stats.lastOutputAt ?? 0)) });
    case 'exit':
      for (const v of viewers) v.close();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
send({ evt: 'ready' });
