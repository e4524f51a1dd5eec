/**
 * Ours and the baseline measured in alternating rounds (ours, baseline, baseline, ours, …) instead
 * of one after the other: on a shared two-core machine the background load drifts over a minute,
 * and interleaving spreads that drift over both, so the ours / baseline ratio stays meaningful.
 * Both servers and both fleets are up for the whole scenario, but only one streams at a time;
 * the idle one costs nothing but memory.
 */
import type { ConnectResult, Fleet } from './fleet.js';
import { cpuSeconds, ProcSampler } from './procStats.js';
import type { ScenarioContext } from './scenario.js';
import { connectFleet, sleep, type StreamResult, summarise, type ViewerMix } from './streamRun.js';
import { type BenchDevice, startBaseline, startDevice, startOurs, type Target } from './targets.js';

export interface Arm {
  target: Target;
  fleet: Fleet;
  connect: ConnectResult;
  cpuSeconds: number;
  windowSeconds: number;
  /** Longest time from `undebug all` until the owner's output stopped: the backlog the relay built. */
  drainSeconds: number;
  undrained: boolean;
  peak: ProcSampler;
}

export interface InterleaveSpec extends RoundOptions {
  mix: ViewerMix;
  rate: number;
}

export type TargetFactory = (device: BenchDevice) => Promise<Target>;

export async function startArm(factory: TargetFactory, device: BenchDevice, mix: ViewerMix): Promise<Arm> {
  const target = await factory(device);
  try {
    const { fleet, connect } = await connectFleet(target, mix);
    return { target, fleet, connect, cpuSeconds: 0, windowSeconds: 0, drainSeconds: 0, undrained: false, peak: new ProcSampler(target.pid) };
  } catch (err) {
    await target.close();
    throw err;
  }
}

export async function closeArm(arm: Arm | undefined): Promise<void> {
  if (!arm) return;
  await arm.fleet.close();
  await arm.target.close();
}

/**
 * One round on one arm: stream, warm up, measure, stop, then wait until the owner and every viewer
 * stopped receiving. A relay that fell behind keeps delivering its backlog after the stop; waiting
 * for it keeps that load out of the other arm's next round. Past `drainCapMs` the arm is marked
 * undrained (its count viewers' shortfall is then not a loss) and the round ends anyway.
 */
export async function round(arm: Arm, rate: number, warmupMs: number, windowMs: number, drainCapMs = 180_000): Promise<void> {
  arm.target.owner.type(`debug ip packet rate ${rate}\r`);
  await sleep(warmupMs);
  await arm.fleet.measure(true);
  const cpu = cpuSeconds(arm.target.pid);
  const started = performance.now();
  await sleep(windowMs);
  await arm.fleet.measure(false);
  arm.cpuSeconds += cpuSeconds(arm.target.pid) - cpu;
  arm.windowSeconds += (performance.now() - started) / 1000;
  const stoppedAt = performance.now();
  arm.target.owner.type('undebug all\r');
  const drained = await arm.target.owner.quiet(300, drainCapMs).then(
    () => arm.fleet.waitQuiet(300, drainCapMs),
    () => false,
  );
  arm.drainSeconds = Math.max(arm.drainSeconds, (performance.now() - stoppedAt - 300) / 1000);
  if (!drained) arm.undrained = true;
}

export async function armResult(arm: Arm): Promise<StreamResult> {
  const report = await arm.fleet.report();
  const peakRss = arm.peak.stop().peakRss;
  return {
    connect: arm.connect,
    ...summarise(report, arm.windowSeconds, !arm.undrained),
    server: { cpuPercent: (arm.cpuSeconds / arm.windowSeconds) * 100, peakRss, lastRss: 0, seconds: arm.windowSeconds },
    serverPeakRss: peakRss,
    drainSeconds: arm.drainSeconds,
    drained: !arm.undrained,
  };
}

export interface Arms {
  ours: Arm;
  baseline: Arm;
}

/** Our server and the baseline, both on one bench device process, with their fleets connected; always torn down. */
export function withArms<T>(ctx: ScenarioContext, mix: ViewerMix, fn: (arms: Arms) => Promise<T>): Promise<T> {
  return withArmPair(mix, { ours: (d) => startOurs(d, { nodeArgs: ctx.oursNodeArgs }), baseline: startBaseline }, fn);
}

/**
 * Two targets made by `factories` on one bench device process, with their fleets connected;
 * always torn down. A self-comparison (our server against itself with another env or share)
 * passes two of ours: `ours` is then the first arm and `baseline` the second.
 */
export async function withArmPair<T>(mix: ViewerMix, factories: { ours: TargetFactory; baseline: TargetFactory }, fn: (arms: Arms) => Promise<T>): Promise<T> {
  const device = await startDevice();
  let ours: Arm | undefined;
  let baseline: Arm | undefined;
  try {
    ours = await startArm(factories.ours, device, mix);
    baseline = await startArm(factories.baseline, device, mix);
    await sleep(500);
    return await fn({ ours, baseline });
  } finally {
    await closeArm(baseline);
    await closeArm(ours);
    await device.kill();
  }
}

/** Zeroes both arms' counters and starts their RSS sampling. */
export async function startMeasuring(arms: Arms): Promise<void> {
  for (const arm of [arms.ours, arms.baseline]) {
    await arm.fleet.reset();
    arm.cpuSeconds = 0;
    arm.windowSeconds = 0;
    arm.drainSeconds = 0;
    arm.undrained = false;
    arm.peak.start();
  }
}

export interface RoundOptions {
  /** Rounds per arm (ABBA order); the measuring time is split between them. */
  rounds?: number;
  /** Measuring time per arm (default ctx.measureMs). */
  measureMs?: number;
  drainCapMs?: number;
}

/** ABBA rounds of the stamped stream at `rate` on both arms. */
export async function interleavedRounds(ctx: ScenarioContext, arms: Arms, rate: number, o: RoundOptions = {}): Promise<{ ours: StreamResult; baseline: StreamResult }> {
  const rounds = o.rounds ?? (ctx.quick ? 2 : 4);
  const windowMs = (o.measureMs ?? ctx.measureMs) / rounds;
  const warmupMs = ctx.quick ? 300 : 500;
  await startMeasuring(arms);
  for (let r = 0; r < rounds; r += 1) {
    // ABBA order: neither side always runs right after the other's load.
    const order = r % 2 === 0 ? [arms.ours, arms.baseline] : [arms.baseline, arms.ours];
    for (const arm of order) await round(arm, rate, warmupMs, windowMs, o.drainCapMs);
  }
  return { ours: await armResult(arms.ours), baseline: await armResult(arms.baseline) };
}

export async function interleavedStream(ctx: ScenarioContext, spec: InterleaveSpec): Promise<{ ours: StreamResult; baseline: StreamResult }> {
  return withArms(ctx, spec.mix, (arms) => interleavedRounds(ctx, arms, spec.rate, spec));
}
