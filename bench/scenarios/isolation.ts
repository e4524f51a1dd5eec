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

async function stalledAuditReason(target: Target): Promise<string | null> {
  if (!target.share) return null;
  await sleep(300);
  const { events } = await countAudit(target.base, target.share.adminToken, 'viewer.left', target.share.shareId);
  const left = events.find((e) => e.user_agent === 'netstacks-bench-stalled');
  return left ? String(left.details?.reason ?? '?') : 'no viewer.left event';
}

function merged(...phases: Phase[]): Histogram {
  const h = new Histogram();
  for (const p of phases) h.merge(p.latency.toJSON());
  return h;
}

export const isolation: Scenario = {
  name: 'isolation',
  title: '5. Isolation: burst (2 MB/s, 100 viewers) + 1 viewer that never reads',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const windowMs = ctx.quick ? 2_000 : 4_000;
    const warmupMs = ctx.quick ? 300 : 500;
    return withArms(ctx, burstMix, async (arms: Arms) => {
      const a1 = { ours: await phase(arms.ours, warmupMs, windowMs), baseline: await phase(arms.baseline, warmupMs, windowMs) };
      const ours = await withStalledViewer(arms.ours, warmupMs, windowMs, null);
      const baseline = await withStalledViewer(arms.baseline, warmupMs, windowMs, ours.phase.seconds * 1000);
      const a2 = { ours: await phase(arms.ours, warmupMs, windowMs), baseline: await phase(arms.baseline, warmupMs, windowMs) };
      const without = { ours: merged(a1.ours, a2.ours).summary(), baseline: merged(a1.baseline, a2.baseline).summary() };
      const withStalled = { ours: ours.phase.latency.summary(), baseline: baseline.phase.latency.summary() };
      const factor = (k: 'ours' | 'baseline') => (withStalled[k] && without[k] ? withStalled[k].p99 / without[k].p99 : null);
      const oursFactor = factor('ours');
      const rows: Row[] = [
        { metric: 'others p99 without the stalled viewer', ours: without.ours?.p99 ?? null, baseline: without.baseline?.p99 ?? null, unit: 'ms' },
        { metric: 'others p99 with it', ours: withStalled.ours?.p99 ?? null, baseline: withStalled.baseline?.p99 ?? null, unit: 'ms' },
        { metric: 'with / without (p99)', ours: oursFactor, baseline: factor('baseline'), unit: '', noRatio: true, target: '≤ 1.2', met: oursFactor !== null && oursFactor <= 1.2 },
        {
          metric: 'stalled viewer shed by the server', ours: ours.closedAfter === null ? 'not closed' : `after ${ours.closedAfter.toFixed(1)} s (audit: ${ours.auditReason})`,
          baseline: 'never (no policy)', unit: '', target: 'closed with 4408', met: ours.closedAfter !== null,
        },
        { metric: 'close code the stalled client read', ours: String(ours.stalled?.closeCode ?? 'none'), baseline: String(baseline.stalled?.closeCode ?? 'none'), unit: '' },
        { metric: 'server peak RSS with it', ours: ours.phase.peakRss / 2 ** 20, baseline: baseline.phase.peakRss / 2 ** 20, unit: 'MiB' },
        { metric: 'server peak RSS without it', ours: Math.max(a1.ours.peakRss, a2.ours.peakRss) / 2 ** 20, baseline: Math.max(a1.baseline.peakRss, a2.baseline.peakRss) / 2 ** 20, unit: 'MiB' },
        { metric: 'server CPU with it', ours: ours.phase.cpuPercent, baseline: baseline.phase.cpuPercent, unit: '%' },
      ];
      return {
        name: 'isolation',
        title: this.title,
        rows,
        notes: [
          'phases: A without (both arms), B with the stalled viewer (ours until shed + 1 s, the baseline as long), A again; "without" merges both A phases. ' +
            'The stalled viewer is a raw socket paused right after the handshake and drained only at the end.',
        ],
        details: { a1, a2, ours, baseline, without, withStalled },
      };
    });
  },
};
