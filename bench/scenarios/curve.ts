/**
 * Where the curve bends (issue 6, "for scale context"): p99 of a 10 KB/s stream as viewers are
 * added step by step to both relays, with interleaved rounds at each step. A relay whose p99 passes
 * one second (or whose backlog does not drain) is retired, so it stops loading the machine.
 */
import { FleetGroup, ViewerFleet } from '../fleet.js';
import { type Arm, armResult, round } from '../interleave.js';
import { ProcSampler } from '../procStats.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { sleep, type StreamResult } from '../streamRun.js';
import { type BenchDevice, startBaseline, startDevice, startOurs, type TargetKind } from '../targets.js';

const sampleViewers = 20;
const retireAboveMs = 1_000;

interface CurveArm extends Arm {
  group: FleetGroup;
  viewers: number;
}

async function startCurveArm(kind: TargetKind, device: BenchDevice, ctx: ScenarioContext): Promise<CurveArm> {
  const target = kind === 'ours' ? await startOurs(device, { nodeArgs: ctx.oursNodeArgs }) : await startBaseline(device);
  const group = new FleetGroup();
  return { target, fleet: group, group, viewers: 0, connect: { opened: 0, failed: 0, notReady: 0, failures: [] }, cpuSeconds: 0, windowSeconds: 0, drainSeconds: 0, undrained: false, peak: new ProcSampler(target.pid) };
}

async function growTo(arm: CurveArm, viewers: number): Promise<void> {
  const added = viewers - arm.viewers;
  const full = arm.viewers === 0 ? sampleViewers : 0;
  const fleet = new ViewerFleet({ url: arm.target.viewerUrl, headers: arm.target.viewerHeaders, full, count: added - full, workers: added > 300 ? 2 : 1, readyTimeoutMs: 60_000 });
  arm.group.add(fleet);
  const result = await fleet.connect();
  arm.connect.opened += result.opened;
  arm.connect.failed += result.failed;
  arm.viewers = viewers;
}

async function retire(arm: CurveArm): Promise<void> {
  await arm.group.close();
  await arm.target.close();
}

export const curve: Scenario = {
  name: 'curve',
  title: 'Curve: p99 at 10 KB/s as viewers grow',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const steps = ctx.quick ? [250, 1_000, 2_000] : [250, 500, 1_000, 2_000, 3_000];
    const windowMs = ctx.quick ? 1_500 : 2_500;
    const device = await startDevice();
    const live: CurveArm[] = [];
    const points: Array<{ viewers: number; ours: StreamResult | null; baseline: StreamResult | null }> = [];
    try {
      live.push(await startCurveArm('ours', device, ctx), await startCurveArm('baseline', device, ctx));
      for (const viewers of steps) {
        for (const arm of live) await growTo(arm, viewers);
        await sleep(500);
        for (const arm of live) {
          await arm.fleet.reset();
          Object.assign(arm, { cpuSeconds: 0, windowSeconds: 0, drainSeconds: 0, undrained: false });
          arm.peak.start();
        }
        for (const order of [live, [...live].reverse()]) for (const arm of order) await round(arm, 10_000, 300, windowMs, 15_000);
        const point: (typeof points)[number] = { viewers, ours: null, baseline: null };
        for (const arm of live) point[arm.target.kind] = await armResult(arm);
        points.push(point);
        for (const arm of [...live]) {
          const result = point[arm.target.kind]!;
          if (result.drained === false || (result.latency?.p99 ?? Infinity) > retireAboveMs) {
            live.splice(live.indexOf(arm), 1);
            await retire(arm);
          }
        }
        if (live.length === 0) break;
      }
    } finally {
      for (const arm of live) await retire(arm);
      await device.kill();
    }
    return { name: this.name, title: this.title, rows: curveRows(points), notes: curveNotes(), details: { points } };
  },
};

function curveRows(points: Array<{ viewers: number; ours: StreamResult | null; baseline: StreamResult | null }>): Row[] {
  const p99 = (r: StreamResult | null) => r?.latency?.p99 ?? null;
  const passes = (kind: 'ours' | 'baseline', ms: number) => {
    const first = points.find((p) => (p99(p[kind]) ?? Infinity) > ms);
    const last = points.at(-1)?.viewers ?? 0;
    return first ? `${first.viewers.toLocaleString('en-US')} viewers` : `not below ${last.toLocaleString('en-US')}`;
  };
  return [
    ...points.map((p) => ({ metric: `p99 with ${p.viewers.toLocaleString('en-US')} viewers`, ours: p99(p.ours), baseline: p99(p.baseline) ?? 'retired', unit: 'ms' as const })),
    { metric: 'p99 passes 50 ms at', ours: passes('ours', 50), baseline: passes('baseline', 50), unit: '' },
    { metric: 'p99 passes 100 ms at', ours: passes('ours', 100), baseline: passes('baseline', 100), unit: '' },
  ];
}

function curveNotes(): string[] {
  return [
    `${sampleViewers} parsing viewers, the rest count bytes; at each step both relays get two interleaved rounds; ` +
      `a relay whose p99 passes ${retireAboveMs} ms or whose backlog does not drain in 15 s is retired ("retired").`,
  ];
}
