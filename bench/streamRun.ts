/**
 * The measurement most scenarios share: viewers connected to a target, the bench device streaming
 * `debug ip packet rate <bytes/s>`, a warm-up, then a window in which the full viewers record the
 * latency of every stamped line while the server's CPU and RSS are sampled.
 */
import type { ConnectResult, FleetReport } from './fleet.js';
import { ViewerFleet } from './fleet.js';
import type { ViewerStats } from './fleetProtocol.js';
import type { LatencySummary } from './histogram.js';
import { type ProcWindow, ProcSampler } from './procStats.js';
import type { Target } from './targets.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ViewerMix {
  full: number;
  count: number;
  stalled?: number;
  workers?: number;
}

export interface StreamTotals {
  viewers: number;
  latency: LatencySummary | null;
  lines: number;
  lostLines: number;
  /** Frames missing: seq gaps on full viewers plus shortfall of the counting ones against the most any viewer got. */
  lostFrames: number;
  /** Viewers (other than a deliberately stalled one) whose socket closed or failed during the run. */
  cutOff: number;
  /** Output frames per second one viewer received in the window (median over full viewers). */
  framesPerSecond: number;
  /** Output bytes per second one viewer received in the window (median over full viewers). */
  bytesPerSecond: number;
  closeCodes: Record<string, number>;
  /** CPU of all viewer workers together in the window (100 = one core). */
  workerCpuPercent: number;
}

export interface StreamResult extends StreamTotals {
  connect: ConnectResult;
  server: ProcWindow;
  /** Server process over the whole run (stream start to drained): peak RSS. */
  serverPeakRss: number;
  /** Seconds output kept coming after the stream was stopped (a backlog means the relay fell behind). */
  drainSeconds?: number;
  /** False when the backlog had not drained when counting (count viewers' shortfall is then not a loss). */
  drained?: boolean;
}

export interface StreamOptions {
  mix: ViewerMix;
  rate: number;
  warmupMs: number;
  measureMs: number;
}

export async function connectFleet(target: Target, mix: ViewerMix, spreadMs = 0): Promise<{ fleet: ViewerFleet; connect: ConnectResult }> {
  const fleet = new ViewerFleet({ url: target.viewerUrl, headers: target.viewerHeaders, ...mix, spreadMs });
  const connect = await fleet.connect();
  if (connect.failed + connect.notReady > 0) {
    console.warn(`  ! ${target.kind}: ${connect.failed} viewer(s) failed, ${connect.notReady} not ready: ${connect.failures.join('; ')}`);
  }
  return { fleet, connect };
}

export interface MeasuredStream {
  /** One entry per fleet, in the order given. */
  fleets: StreamTotals[];
  server: ProcWindow;
  /** Server process over the whole run (stream start to drained): peak RSS. */
  serverPeakRss: number;
}

/** Runs the stamped stream over already connected fleets and returns their totals. */
export async function measureStream(target: Target, fleets: ViewerFleet[], o: Omit<StreamOptions, 'mix'>): Promise<MeasuredStream> {
  await Promise.all(fleets.map((f) => f.reset()));
  const whole = new ProcSampler(target.pid).start();
  target.owner.type(`debug ip packet rate ${o.rate}\r`);
  await sleep(o.warmupMs);
  await Promise.all(fleets.map((f) => f.measure(true)));
  const window = new ProcSampler(target.pid).start();
  await sleep(o.measureMs);
  await Promise.all(fleets.map((f) => f.measure(false)));
  const server = window.stop();
  target.owner.type('undebug all\r');
  await target.owner.quiet(500, 120_000);
  await Promise.all(fleets.map((f) => f.waitQuiet(500, 120_000)));
  const reports = await Promise.all(fleets.map((f) => f.report()));
  const peak = whole.stop().peakRss;
  return { fleets: reports.map((r) => summarise(r, o.measureMs / 1000)), server, serverPeakRss: peak };
}

const median = (values: number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export function summarise(report: FleetReport, windowSeconds: number, drained = true): StreamTotals {
  const open = report.viewers.filter((v) => v.kind !== 'stalled' && v.openedAt !== null);
  const full = open.filter((v) => v.kind === 'full');
  const mostFrames = Math.max(0, ...open.filter((v) => v.closeCode === null).map((v) => v.outputFrames));
  const shortfall = (v: ViewerStats) => (drained && v.closeCode === null ? mostFrames - v.outputFrames : 0);
  const lostFrames = open.reduce((sum, v) => sum + (v.kind === 'full' ? v.lostFrames : shortfall(v)), 0);
  return {
    viewers: report.viewers.length,
    latency: report.latency.summary(),
    lines: full.reduce((s, v) => s + v.lines, 0),
    lostLines: full.reduce((s, v) => s + v.lostLines, 0),
    lostFrames,
    cutOff: report.viewers.filter((v) => v.kind !== 'stalled' && (v.closeCode !== null || v.failure !== null)).length,
    framesPerSecond: median(full.map((v) => v.windowFrames)) / windowSeconds,
    bytesPerSecond: median(full.map((v) => v.windowBytes)) / windowSeconds,
    closeCodes: closeCodes(report.viewers),
    workerCpuPercent: (report.workerWindowCpuSeconds / windowSeconds) * 100,
  };
}

export function closeCodes(viewers: ViewerStats[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const v of viewers) {
    const key = v.failure !== null && v.openedAt === null ? `refused (${v.failure})` : v.closeCode === null ? 'open' : String(v.closeCode);
    codes[key] = (codes[key] ?? 0) + 1;
  }
  return codes;
}
