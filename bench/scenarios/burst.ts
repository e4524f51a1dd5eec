/**
 * Scenario 3 of issue 6 (burst): 100 viewers while the router pours out output.
 * - Delivery: `show tech-support` (4 MB, produced as fast as SSH allows, not at a set rate):
 *   did every viewer get every byte, and at what throughput.
 * - Latency: tech-support lines carry no stamps, so latency is measured on `debug ip packet rate
 *   2000000` (2 MB/s of stamped lines) over the same viewers, in interleaved rounds.
 */
import { techSupport } from '../../bff/ssh/demoOutput.js';
import { type Arm, interleavedRounds, startMeasuring, withArms } from '../interleave.js';
import { cpuSeconds } from '../procStats.js';
import { closeSummary, type Row, type Scenario, type ScenarioContext, type ScenarioResult, streamRows } from '../scenario.js';
import type { ViewerMix } from '../streamRun.js';

export const burstMix: ViewerMix = { full: 10, count: 90 };
export const burstRate = 2_000_000;
export const techSupportChars = [...techSupport()].reduce((sum, chunk) => sum + chunk.length, 0);

export interface Delivery {
  viewers: number;
  /** Viewers that received exactly what the owner's terminal received. */
  complete: number;
  ownerChars: number;
  /** Seconds from the command to the last byte, median and slowest viewer. */
  medianSeconds: number;
  slowestSeconds: number;
  /** Tech-support characters per second at the median viewer. */
  medianMBps: number;
  framesPerViewer: number;
  serverCpuPercent: number;
  peakRss: number;
}

export async function techSupportDelivery(arm: Arm): Promise<Delivery> {
  await startMeasuring({ ours: arm, baseline: arm });
  const ownerBefore = arm.target.owner.outputChars;
  const cpuBefore = cpuSeconds(arm.target.pid);
  const started = Date.now();
  await arm.target.owner.run('show tech-support');
  const cpu = cpuSeconds(arm.target.pid) - cpuBefore;
  const ownerSeconds = (Date.now() - started) / 1000;
  await arm.fleet.waitQuiet(500, 60_000);
  const report = await arm.fleet.report();
  const peakRss = arm.peak.stop().peakRss;
  const ownerChars = arm.target.owner.outputChars - ownerBefore;
  const open = report.viewers.filter((v) => v.openedAt !== null);
  const mostBytes = Math.max(...open.map((v) => v.outputBytes));
  const complete = open.filter((v) => v.outputBytes === mostBytes && (v.kind !== 'full' || v.outputChars === ownerChars)).length;
  const seconds = open.map((v) => ((v.lastOutputAt ?? started) - started) / 1000).sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
  return {
    viewers: report.viewers.length,
    complete,
    ownerChars,
    medianSeconds: median,
    slowestSeconds: seconds.at(-1) ?? 0,
    medianMBps: techSupportChars / 1e6 / median,
    framesPerViewer: open.find((v) => v.kind === 'full')?.outputFrames ?? 0,
    serverCpuPercent: (cpu / ownerSeconds) * 100,
    peakRss,
  };
}

function deliveryRows(d: { ours: Delivery; baseline: Delivery }): Row[] {
  return [
    {
      metric: 'tech-support: viewers with every byte', ours: `${d.ours.complete} / ${d.ours.viewers}`, baseline: `${d.baseline.complete} / ${d.baseline.viewers}`, unit: '',
      target: 'every byte', met: d.ours.complete === d.ours.viewers && d.ours.ownerChars >= techSupportChars,
    },
    { metric: 'tech-support: time to last byte (median viewer)', ours: d.ours.medianSeconds, baseline: d.baseline.medianSeconds, unit: 's' },
    { metric: 'tech-support: time to last byte (slowest viewer)', ours: d.ours.slowestSeconds, baseline: d.baseline.slowestSeconds, unit: 's' },
    { metric: 'tech-support: throughput per viewer', ours: d.ours.medianMBps, baseline: d.baseline.medianMBps, unit: 'MB/s' },
    { metric: 'tech-support: frames per viewer', ours: d.ours.framesPerViewer, baseline: d.baseline.framesPerViewer, unit: '' },
    { metric: 'tech-support: server CPU', ours: d.ours.serverCpuPercent, baseline: d.baseline.serverCpuPercent, unit: '%' },
    { metric: 'tech-support: server peak RSS', ours: d.ours.peakRss / 2 ** 20, baseline: d.baseline.peakRss / 2 ** 20, unit: 'MiB' },
  ];
}

export const burst: Scenario = {
  name: 'burst',
  title: '3. Burst: 100 viewers, show tech-support / 2 MB/s',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    return withArms(ctx, burstMix, async (arms) => {
      const delivery = { ours: await techSupportDelivery(arms.ours), baseline: await techSupportDelivery(arms.baseline) };
      const latency = await interleavedRounds(ctx, arms, burstRate);
      const rows = [...deliveryRows(delivery), ...streamRows(latency, { ms: 15 }).map((row) => ({ ...row, metric: `2 MB/s stream: ${row.metric}` }))];
      return {
        name: 'burst',
        title: this.title,
        rows,
        notes: [
          `tech-support is ${(techSupportChars / 1e6).toFixed(2)} MB produced as fast as SSH allows; ` +
            'latency comes from a stamped `debug ip packet rate 2000000` stream to the same 100 viewers (10 parse, 90 count).',
          `close codes in the 2 MB/s rounds: ours ${closeSummary(latency.ours.closeCodes)}, baseline ${closeSummary(latency.baseline.closeCodes)}`,
        ],
        details: { delivery, latency },
      };
    });
  },
};
