/** What a scenario is and what it returns: rows for the table (ours vs baseline) and raw details for the JSON file. */
import type { LatencySummary } from './histogram.js';
import type { StreamResult } from './streamRun.js';
import { startDevice, startTarget, type Target, type TargetKind } from './targets.js';

export type Unit = 'ms' | 's' | 'MiB' | 'KiB' | '%' | '' | 'KB/s' | 'MB/s' | 'frames/s';

export interface Row {
  metric: string;
  ours: number | string | null;
  baseline: number | string | null;
  unit: Unit;
  /** The target for our figure, and whether it is met (null: not applicable). */
  target?: string;
  met?: boolean | null;
  /** Hide the ours / baseline column (the figures are already ratios, or not comparable). */
  noRatio?: boolean;
}

export interface ScenarioResult {
  name: string;
  title: string;
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
  /** Set when the scenario could not run here (missing binary, no dist/web…). */
  skipped?: string;
  /**
   * A self-comparison: our server against itself (another env, another share body). The table
   * names the two arms in the Ours and Baseline columns of the scenario's first line, and the
   * ratio column is then first arm / second arm.
   */
  arms?: { ours: string; baseline: string };
}

export interface ScenarioContext {
  quick: boolean;
  warmupMs: number;
  measureMs: number;
  /** Extra node flags for our server (e.g. --cpu-prof); never used for the baseline. */
  oursNodeArgs: string[];
}

export interface Scenario {
  name: string;
  title: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** Starts a bench device and a target on it, runs `fn`, and always stops both. */
export async function withTarget<T>(kind: TargetKind, ctx: ScenarioContext, fn: (target: Target) => Promise<T>): Promise<T> {
  const device = await startDevice();
  try {
    const target = await startTarget(kind, device, { nodeArgs: ctx.oursNodeArgs });
    try {
      return await fn(target);
    } finally {
      await target.close();
    }
  } finally {
    await device.kill();
  }
}

/** Runs `fn` against our server, then against the baseline (never both at once: two cores). */
export async function bothTargets<T>(ctx: ScenarioContext, fn: (target: Target) => Promise<T>): Promise<{ ours: T; baseline: T }> {
  const ours = await withTarget('ours', ctx, fn);
  const baseline = await withTarget('baseline', ctx, fn);
  return { ours, baseline };
}

const lat = (l: LatencySummary | null, key: keyof LatencySummary) => (l ? l[key] : null);

/** The standard latency, loss and resource rows of a stamped-stream run. */
export function streamRows(r: { ours: StreamResult; baseline: StreamResult }, p99Target?: { ms: number }): Row[] {
  const p99 = lat(r.ours.latency, 'p99');
  return [
    { metric: 'latency p50', ours: lat(r.ours.latency, 'p50'), baseline: lat(r.baseline.latency, 'p50'), unit: 'ms' },
    {
      metric: 'latency p99', ours: p99, baseline: lat(r.baseline.latency, 'p99'), unit: 'ms',
      ...(p99Target ? { target: `≤ ${p99Target.ms} ms`, met: p99 !== null && p99 <= p99Target.ms } : {}),
    },
    { metric: 'latency p99.9', ours: lat(r.ours.latency, 'p999'), baseline: lat(r.baseline.latency, 'p999'), unit: 'ms' },
    { metric: 'latency max', ours: lat(r.ours.latency, 'max'), baseline: lat(r.baseline.latency, 'max'), unit: 'ms' },
    {
      metric: 'lost lines / lost frames / viewers cut off', unit: '',
      ours: `${r.ours.lostLines} / ${r.ours.lostFrames} / ${r.ours.cutOff}`, baseline: `${r.baseline.lostLines} / ${r.baseline.lostFrames} / ${r.baseline.cutOff}`,
    },
    { metric: 'backlog: output after the stop', ours: r.ours.drainSeconds ?? null, baseline: r.baseline.drainSeconds ?? null, unit: 's' },
    { metric: 'frames/s to each viewer', ours: r.ours.framesPerSecond, baseline: r.baseline.framesPerSecond, unit: 'frames/s' },
    { metric: 'output to each viewer', ours: r.ours.bytesPerSecond / 1000, baseline: r.baseline.bytesPerSecond / 1000, unit: 'KB/s' },
    { metric: 'server CPU (100% = 1 core)', ours: r.ours.server.cpuPercent, baseline: r.baseline.server.cpuPercent, unit: '%' },
    { metric: 'server peak RSS', ours: r.ours.serverPeakRss / 2 ** 20, baseline: r.baseline.serverPeakRss / 2 ** 20, unit: 'MiB' },
    { metric: 'viewer workers CPU', ours: r.ours.workerCpuPercent, baseline: r.baseline.workerCpuPercent, unit: '%' },
  ];
}

export function closeSummary(codes: Record<string, number>): string {
  return Object.entries(codes).map(([code, n]) => `${code}×${n}`).join(' ');
}

/**
 * Sets the target of a self-comparison row whose figure should not grow by more than `max` times
 * with the feature on (first arm / second arm); judged, printed, never asserted.
 */
export function withinRatio(row: Row, max: number): Row {
  const ratio = typeof row.ours === 'number' && typeof row.baseline === 'number' && row.baseline > 0 ? row.ours / row.baseline : null;
  return { ...row, target: `≤ ${max}× (ratio)`, met: ratio === null ? null : ratio <= max };
}
