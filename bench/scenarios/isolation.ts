/**
 * Scenario 5 of issue 6 (isolation): the burst's 2 MB/s stream to 100 viewers, without and with one
 * more viewer that never reads. Phases alternate between the arms, A (without), B (with), A again,
 * so drift in the machine's background load falls on both sides of the comparison. During B our
 * server should shed the stalled viewer (4408 once its buffer passes 4 MiB); the baseline has no
 * such policy and buffers for it without bound.
 */
import { ViewerFleet } from '../fleet.js';
import type { ViewerStats } from '../fleetProtocol.js';
import { Histogram } from '../histogram.js';
import { countAudit } from '../http.js';
import { type Arm, type Arms, withArms } from '../interleave.js';
import { cpuSeconds, ProcSampler } from '../procStats.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { sleep } from '../streamRun.js';
import type { Target } from '../targets.js';
import { burstMix, burstRate } from './burst.js';

interface Phase {
  latency: Histogram;
  cpuPercent: number;
  peakRss: number;
  seconds: number;
}

/** Viewers our server closed as too slow (4408), read from its /metrics. */
async function slowClosedCount(target: Target): Promise<number> {
  const text = await (await fetch(`${target.base}/metrics`)).text();
  return Number(/^ns_viewers_too_slow_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Streams for at least `minMs` (and, when `until` is given, until it holds, at most `maxMs`),
 * recording the arm's latency inside the window.
 */
async function phase(arm: Arm, warmupMs: number, minMs: number, until?: () => Promise<boolean>, maxMs = minMs): Promise<Phase> {
  await arm.fleet.reset();
  const peak = new ProcSampler(arm.target.pid).start();
  arm.target.owner.type(`debug ip packet rate ${burstRate}\r`);
  await sleep(warmupMs);
  await arm.fleet.measure(true);
  const cpu = cpuSeconds(arm.target.pid);
  const started = performance.now();
  await sleep(minMs);
  while (until && performance.now() - started < maxMs && !(await until())) await sleep(200);
  const seconds = (performance.now() - started) / 1000;
  await arm.fleet.measure(false);
  const cpuPercent = ((cpuSeconds(arm.target.pid) - cpu) / seconds) * 100;
  arm.target.owner.type('undebug all\r');
  await arm.target.owner.quiet(300, 60_000);
  await arm.fleet.waitQuiet(300, 60_000);
  const report = await arm.fleet.report();
  return { latency: report.latency, cpuPercent, peakRss: peak.stop().peakRss, seconds };
}

interface StalledOutcome {
  phase: Phase;
  stalled: ViewerStats | null;
  /** Seconds from the stalled viewer's connect to the server shedding it (ours). */
  closedAfter: number | null;
  auditReason: string | null;
}

async function withStalledViewer(arm: Arm, warmupMs: number, windowMs: number, fixedMs: number | null): Promise<StalledOutcome> {
  const stalledFleet = new ViewerFleet({ url: arm.target.viewerUrl, headers: arm.target.viewerHeaders, full: 0, count: 0, stalled: 1, workers: 1 });
  try {
    await stalledFleet.connect();
    const connectedAt = performance.now();
    let closedAfter: number | null = null;
    const shed = async () => {
      if (arm.target.kind !== 'ours' || (await slowClosedCount(arm.target)) === 0) return false;
      closedAfter ??= (performance.now() - connectedAt) / 1000;
      // One more second after shedding, so the window shows the others after it too.
      return performance.now() - connectedAt > closedAfter * 1000 + 1_000;
    };
    const measured = fixedMs === null ? await phase(arm, warmupMs, windowMs, shed, 20_000) : await phase(arm, warmupMs, fixedMs);
    const stalled = (await stalledFleet.report()).viewers[0] ?? null;
    return { phase: measured, stalled, closedAfter, auditReason: await stalledAuditReason(arm.target) };
  } finally {
    await stalledFleet.close();
  }
}

/** The reasons our audit log gives for the stalled viewers' leaving. */
async function stalledAuditReason(target: Target): Promise<string | null> {
  if (!target.share) return null;
  await sleep(300);
  const { events } = await countAudit(target.base, target.share.adminToken, 'viewer.left', target.share.shareId);
  const reasons = events.filter((e) => e.user_agent === 'netstacks-bench-stalled').map((e) => String(e.details?.reason ?? '?'));
  return reasons.length > 0 ? [...new Set(reasons)].join(', ') : 'no viewer.left event';
}

function merged(...phases: Phase[]): Histogram {
  const h = new Histogram();
  for (const p of phases) h.merge(p.latency.toJSON());
  return h;
}

type Side = 'ours' | 'baseline';

/** A, then `cycles` × (B, A): "without" merges every A, "with" every B, per arm. */
async function runPhases(arms: Arms, cycles: number, warmupMs: number, windowMs: number) {
  const without: Record<Side, Phase[]> = { ours: [], baseline: [] };
  const withIt: Record<Side, StalledOutcome[]> = { ours: [], baseline: [] };
  const phaseA = async () => {
    without.ours.push(await phase(arms.ours, warmupMs, windowMs));
    without.baseline.push(await phase(arms.baseline, warmupMs, windowMs));
  };
  await phaseA();
  for (let c = 0; c < cycles; c += 1) {
    const ours = await withStalledViewer(arms.ours, warmupMs, windowMs, null);
    withIt.ours.push(ours);
    withIt.baseline.push(await withStalledViewer(arms.baseline, warmupMs, windowMs, ours.phase.seconds * 1000));
    await phaseA();
  }
  return { without, withIt };
}

function isolationRows(without: Record<Side, Phase[]>, withIt: Record<Side, StalledOutcome[]>): Row[] {
  const p99 = (phases: Phase[]) => merged(...phases).summary()?.p99 ?? null;
  const before = { ours: p99(without.ours), baseline: p99(without.baseline) };
  const after = { ours: p99(withIt.ours.map((o) => o.phase)), baseline: p99(withIt.baseline.map((o) => o.phase)) };
  const factor = (k: Side) => (before[k] !== null && after[k] !== null ? after[k] / before[k] : null);
  const oursFactor = factor('ours');
  const shed = withIt.ours.map((o) => o.closedAfter);
  const peak = (phases: Phase[]) => Math.max(...phases.map((p) => p.peakRss)) / 2 ** 20;
  const codes = (k: Side) => withIt[k].map((o) => String(o.stalled?.closeCode ?? 'none')).join(', ');
  return [
    { metric: 'others p99 without the stalled viewer', ...before, unit: 'ms' },
    { metric: 'others p99 with it', ...after, unit: 'ms' },
    { metric: 'with / without (p99)', ours: oursFactor, baseline: factor('baseline'), unit: '', noRatio: true, target: '≤ 1.2', met: oursFactor !== null && oursFactor <= 1.2 },
    {
      metric: 'stalled viewer shed by the server',
      ours: shed.map((t) => (t === null ? 'not closed' : `after ${t.toFixed(1)} s`)).join(', ') + ` (audit: ${withIt.ours.at(-1)?.auditReason ?? '?'})`,
      baseline: 'never (no policy)', unit: '', target: 'closed with 4408', met: shed.every((t) => t !== null),
    },
    { metric: 'close code the stalled client read', ours: codes('ours'), baseline: codes('baseline'), unit: '' },
    { metric: 'server peak RSS with it', ours: peak(withIt.ours.map((o) => o.phase)), baseline: peak(withIt.baseline.map((o) => o.phase)), unit: 'MiB' },
    { metric: 'server peak RSS without it', ours: peak(without.ours), baseline: peak(without.baseline), unit: 'MiB' },
    { metric: 'server CPU with it', ours: mean(withIt.ours.map((o) => o.phase.cpuPercent)), baseline: mean(withIt.baseline.map((o) => o.phase.cpuPercent)), unit: '%' },
    { metric: 'server CPU without it', ours: mean(without.ours.map((p) => p.cpuPercent)), baseline: mean(without.baseline.map((p) => p.cpuPercent)), unit: '%' },
  ];
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

export const isolation: Scenario = {
  name: 'isolation',
  title: '5. Isolation: burst (2 MB/s, 100 viewers) + 1 viewer that never reads',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const windowMs = ctx.quick ? 2_000 : 4_000;
    const warmupMs = ctx.quick ? 300 : 500;
    const cycles = ctx.quick ? 1 : 2;
    return withArms(ctx, burstMix, async (arms: Arms) => {
      const { without, withIt } = await runPhases(arms, cycles, warmupMs, windowMs);
      return {
        name: 'isolation',
        title: this.title,
        rows: isolationRows(without, withIt),
        notes: [
          `phases A (without) and B (with a new stalled viewer) alternate A${' B A'.repeat(cycles)}, each on both arms; ` +
            'B lasts until our server sheds the stalled viewer + 1 s (the baseline streams as long); "without" merges every A, "with" every B. ' +
            'The stalled viewer is a raw socket paused right after the handshake and drained only at the end.',
        ],
        details: { without, withIt },
      };
    });
  },
};
