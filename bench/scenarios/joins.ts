/**
 * Scenarios 6 and 7 of issue 6: a join storm (1,000 viewers connecting within one second while
 * output flows) and the memory an idle connected viewer costs the server.
 */
import { ViewerFleet } from '../fleet.js';
import { Histogram } from '../histogram.js';
import { countAudit } from '../http.js';
import { cpuSeconds, listenOverflows, ProcSampler } from '../procStats.js';
import { bothTargets, closeSummary, type Row, type Scenario, type ScenarioContext, type ScenarioResult } from '../scenario.js';
import { closeCodes, sleep } from '../streamRun.js';
import type { Target } from '../targets.js';

const stormViewers = 1_000;

export interface Storm {
  opened: number;
  refused: number;
  /** Seconds from the storm's start until the last viewer got its first output frame. */
  allHaveOutputAfter: number | null;
  withoutOutput: number;
  /** Per viewer: its connect → its first output frame (ms). */
  joinToOutput: ReturnType<Histogram['summary']>;
  closeCodes: Record<string, number>;
  serverCpuPercent: number;
  /** Server CPU seconds from the first connect until 1 s after the last viewer opened. */
  serverCpuSeconds: number;
  peakRss: number;
  /** Viewers that got a snapshot frame (DESIGN.md §12), got it before any live output, were told it was unavailable. */
  snapshots: { received: number; beforeOutput: number; missing: number };
  /** Connections dropped on a full accept queue during the storm (system-wide counter). */
  listenOverflows: number;
  audited: { joined: number; denied: number } | null;
}

export async function storm(target: Target, total = stormViewers): Promise<Storm> {
  target.owner.type('debug ip packet rate 10000\r');
  await sleep(500);
  const fleet = new ViewerFleet({
    url: target.viewerUrl, headers: target.viewerHeaders, full: 20, count: total - 20, workers: 2,
    spreadMs: 1_000, readyTimeoutMs: 60_000,
  });
  try {
    const sampler = new ProcSampler(target.pid).start();
    const overflowsBefore = listenOverflows();
    await fleet.connect();
    const overflows = listenOverflows() - overflowsBefore;
    // Everyone opened (or was refused); give the last ones a moment to see output.
    await sleep(1_000);
    const server = sampler.stop();
    const { viewers } = await fleet.report();
    const joinToOutput = new Histogram();
    for (const v of viewers) if (v.firstOutputAt !== null) joinToOutput.record(v.firstOutputAt - v.startedAt);
    const withOutput = viewers.filter((v) => v.firstOutputAt !== null);
    const last = Math.max(...withOutput.map((v) => v.firstOutputAt!));
    const audited = target.share
      ? {
          joined: (await countAudit(target.base, target.share.adminToken, 'viewer.joined', target.share.shareId)).count,
          denied: (await countAudit(target.base, target.share.adminToken, 'viewer.denied', target.share.shareId)).count,
        }
      : null;
    return {
      opened: viewers.filter((v) => v.openedAt !== null).length,
      refused: viewers.filter((v) => v.failure !== null || (v.closeCode !== null && v.firstOutputAt === null)).length,
      allHaveOutputAfter: withOutput.length === viewers.length ? (last - fleet.startedAt) / 1000 : null,
      withoutOutput: viewers.length - withOutput.length,
      joinToOutput: joinToOutput.summary(),
      closeCodes: closeCodes(viewers),
      serverCpuPercent: server.cpuPercent,
      serverCpuSeconds: (server.cpuPercent / 100) * server.seconds,
      peakRss: server.peakRss,
      snapshots: {
        received: viewers.filter((v) => v.snapshotAt !== null).length,
        beforeOutput: viewers.filter((v) => v.snapshotAt !== null && (v.firstOutputAt === null || v.snapshotAt <= v.firstOutputAt)).length,
        missing: viewers.filter((v) => v.snapshotMissing).length,
      },
      listenOverflows: overflows,
      audited,
    };
  } finally {
    target.owner.type('undebug all\r');
    await fleet.close();
  }
}

export const joinStorm: Scenario = {
  name: 'joinstorm',
  title: '6. Join storm: 1,000 viewers connect within 1 s',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const r = await bothTargets(ctx, storm);
    const audited = r.ours.audited;
    const rows: Row[] = [
      {
        metric: 'time until all 1,000 have output', ours: r.ours.allHaveOutputAfter, baseline: r.baseline.allHaveOutputAfter, unit: 's',
        target: 'all get output', met: r.ours.allHaveOutputAfter !== null,
      },
      { metric: 'connect → first output p50', ours: r.ours.joinToOutput?.p50 ?? null, baseline: r.baseline.joinToOutput?.p50 ?? null, unit: 'ms' },
      { metric: 'connect → first output p99', ours: r.ours.joinToOutput?.p99 ?? null, baseline: r.baseline.joinToOutput?.p99 ?? null, unit: 'ms' },
      { metric: 'connect → first output max', ours: r.ours.joinToOutput?.max ?? null, baseline: r.baseline.joinToOutput?.max ?? null, unit: 'ms' },
      { metric: 'refused', ours: r.ours.refused, baseline: r.baseline.refused, unit: '', noRatio: true, target: 'none', met: r.ours.refused === 0 },
      {
        metric: 'viewer.joined audit events', ours: audited ? `${audited.joined} (denied ${audited.denied})` : '–', baseline: 'n/a (no audit)', unit: '',
        target: '1,000', met: audited !== null && audited.joined === stormViewers,
      },
      { metric: 'SYNs dropped on a full accept queue', ours: r.ours.listenOverflows, baseline: r.baseline.listenOverflows, unit: '', noRatio: true },
      { metric: 'server CPU during the storm', ours: r.ours.serverCpuPercent, baseline: r.baseline.serverCpuPercent, unit: '%' },
      { metric: 'server peak RSS', ours: r.ours.peakRss / 2 ** 20, baseline: r.baseline.peakRss / 2 ** 20, unit: 'MiB' },
    ];
    return {
      name: 'joinstorm',
      title: this.title,
      rows,
      notes: [
        `connects spread evenly over 1 s from 3 worker processes (20 parsing viewers in one, 980 counting in two) while the device streams 10 KB/s (counting viewers read every 20 ms, so their first-output times are up to 20 ms late); close codes ours ${closeSummary(r.ours.closeCodes)}, baseline ${closeSummary(r.baseline.closeCodes)}`,
      ],
      details: r,
    };
  },
};

interface Footprint {
  before: number;
  after: number;
  perViewer: number;
  heapBefore: number | null;
  heapAfter: number | null;
  /** Server CPU per join with no output flowing (ms). */
  cpuPerJoinMs: number;
}

async function heapUsed(target: Target): Promise<number | null> {
  if (target.kind !== 'ours') return null;
  const text = await (await fetch(`${target.base}/metrics`)).text();
  const value = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)/m.exec(text)?.[1];
  return value === undefined ? null : Number(value);
}

async function footprint(target: Target, viewers: number): Promise<Footprint> {
  await sleep(1_000);
  const before = await ProcSampler.steadyRss(target.pid);
  const heapBefore = await heapUsed(target);
  const fleet = new ViewerFleet({ url: target.viewerUrl, headers: target.viewerHeaders, full: 0, count: viewers, workers: 2 });
  try {
    const cpu = cpuSeconds(target.pid);
    await fleet.connect();
    await sleep(2_000);
    const cpuPerJoinMs = ((cpuSeconds(target.pid) - cpu) / viewers) * 1000;
    const after = await ProcSampler.steadyRss(target.pid);
    return { before, after, perViewer: (after - before) / viewers, heapBefore, heapAfter: await heapUsed(target), cpuPerJoinMs };
  } finally {
    await fleet.close();
  }
}

export const memory: Scenario = {
  name: 'memory',
  title: '7. Memory: RSS per idle connected viewer',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const n = 1_000;
    const r = await bothTargets(ctx, (target) => footprint(target, n));
    const perViewerKiB = r.ours.perViewer / 1024;
    const heapPerViewer = r.ours.heapAfter !== null && r.ours.heapBefore !== null ? (r.ours.heapAfter - r.ours.heapBefore) / n / 1024 : null;
    const rows: Row[] = [
      { metric: `RSS per idle viewer (${n} viewers)`, ours: perViewerKiB, baseline: r.baseline.perViewer / 1024, unit: 'KiB', target: '≤ 64 KiB', met: perViewerKiB <= 64 },
      { metric: 'of which JS heap (ours, /metrics)', ours: heapPerViewer, baseline: null, unit: 'KiB' },
      { metric: 'server CPU per join (no output flowing)', ours: r.ours.cpuPerJoinMs, baseline: r.baseline.cpuPerJoinMs, unit: 'ms' },
      { metric: 'RSS before → after', ours: `${(r.ours.before / 2 ** 20).toFixed(1)} → ${(r.ours.after / 2 ** 20).toFixed(1)} MiB`, baseline: `${(r.baseline.before / 2 ** 20).toFixed(1)} → ${(r.baseline.after / 2 ** 20).toFixed(1)} MiB`, unit: '' },
    ];
    return {
      name: 'memory',
      title: this.title,
      rows,
      notes: ['RSS is the median of 1 s of samples, 1 s after start and 2 s after the last viewer joined; the difference includes garbage not yet collected.'],
      details: r,
    };
  },
};
