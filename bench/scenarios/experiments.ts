/**
 * Experiments (not scenarios of the issue): what a server change would buy, measured without
 * touching the server's code by preloading a module into our server (`node --import`). In both,
 * the "ours" column is our server with the preload and the "baseline" column is our server as
 * shipped, in interleaved rounds.
 * - nodelay: bench/noDelay.ts sets TCP_NODELAY on every socket of the process (the built-in
 *   dev_demo router's SSH server side and the SSH client side); both arms use dev_demo.
 * - flush64k: bench/flush64k.ts makes the coalescer flush at 64 KiB; judged on the viewer page.
 * - heavywindow: bench/heavyWindow.ts widens the coalescer's "heavy output" window with the fan-out.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { interleavedRounds, withArms } from '../interleave.js';
import { type Row, type Scenario, type ScenarioContext, type ScenarioResult, streamRows } from '../scenario.js';
import { type BenchDevice, startOurs } from '../targets.js';
import { type BrowserRun, browserRun, browserUnavailable } from './browser.js';

const preload = (file: string) => pathToFileURL(fileURLToPath(new URL(`../${file}`, import.meta.url))).href;

const pick = (rows: Row[], label: string) =>
  rows.filter((r) => /^latency p(50|99)$|^server CPU/.test(r.metric)).map((r) => ({ ...r, metric: `${label}: ${r.metric}` }));

export const nodelay: Scenario = {
  name: 'nodelay',
  experiment: true,
  title: 'Experiment: dev_demo with TCP_NODELAY (ours column) vs as shipped (baseline column)',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const factories = {
      ours: () => startOurs(undefined, { nodeArgs: [...ctx.oursNodeArgs, '--import', preload('noDelay.ts')] }),
      baseline: () => startOurs(undefined, { nodeArgs: ctx.oursNodeArgs }),
    };
    return withArms(
      ctx,
      { full: 10, count: 40 },
      async (arms) => {
        const typical = await interleavedRounds(ctx, arms, 5_000);
        const heavy = await interleavedRounds(ctx, arms, 2_000_000);
        return {
          name: this.name,
          title: this.title,
          rows: [...pick(streamRows(typical), '5 KB/s'), ...pick(streamRows(heavy), '2 MB/s')],
          notes: ['50 viewers (10 parse); the only difference between the columns is the bench/noDelay.ts preload in the server process.'],
          details: { typical, heavy },
        };
      },
      factories,
    );
  },
};

export const flush64k: Scenario = {
  name: 'flush64k',
  experiment: true,
  title: 'Experiment: coalescer flushes at 64 KiB (ours column) vs 256 KiB as shipped (baseline column), viewer page in Chromium',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const unavailable = browserUnavailable();
    if (unavailable) return { name: this.name, title: this.title, rows: [], notes: [], details: {}, skipped: unavailable };
    const withPreload = [...ctx.oursNodeArgs, '--import', preload('flush64k.ts')];
    const runs: { ours: BrowserRun[]; baseline: BrowserRun[] } = { ours: [], baseline: [] };
    for (let i = 0; i < (ctx.quick ? 1 : 2); i += 1) {
      // ABBA: neither side always runs first.
      if (i % 2 === 0) runs.ours.push(await browserRun(withPreload));
      runs.baseline.push(await browserRun(ctx.oursNodeArgs));
      if (i % 2 === 1) runs.ours.push(await browserRun(withPreload));
    }
    const figure = (pick: (r: BrowserRun) => number) => ({ ours: mean(runs.ours.map(pick)), baseline: mean(runs.baseline.map(pick)) });
    const rows: Row[] = [
      { metric: 'frames the page received', ...figure((r) => r.probe.frames), unit: '' },
      { metric: 'long tasks (≥ 50 ms) per run', ...figure((r) => r.probe.longTasks.length), unit: '' },
      { metric: 'long tasks: total per run', ...figure((r) => r.probe.longTasks.reduce((s, t) => s + t.duration, 0)), unit: 'ms' },
      { metric: 'longest long task', ...figure((r) => Math.max(0, ...r.probe.longTasks.map((t) => t.duration))), unit: 'ms' },
      { metric: 'longest gap between animation frames', ...figure((r) => r.probe.maxFrameGap), unit: 'ms' },
      { metric: 'page shows the end after the owner', ...figure((r) => (r.renderedAt ?? Date.now()) - r.ownerMarkerAt), unit: 'ms' },
    ];
    return {
      name: this.name,
      title: this.title,
      rows,
      notes: [`means over ${runs.ours.length} run(s) each of the browser scenario; the only difference is the bench/flush64k.ts preload.`],
      details: runs,
    };
  },
};

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

export const heavyWindow: Scenario = {
  name: 'heavywindow',
  experiment: true,
  title: 'Experiment: coalescer heavy-output window = fan-out delay + 5 ms (ours column) vs 5 ms as shipped (baseline column)',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const factories = {
      ours: (device: BenchDevice) => startOurs(device, { nodeArgs: [...ctx.oursNodeArgs, '--import', preload('heavyWindow.ts')] }),
      baseline: (device: BenchDevice) => startOurs(device, { nodeArgs: ctx.oursNodeArgs }),
    };
    const audience = await withArms(ctx, { full: 20, count: 980, workers: 2 }, (arms) => interleavedRounds(ctx, arms, 10_000), factories);
    const typical = await withArms(ctx, { full: 10, count: 40 }, (arms) => interleavedRounds(ctx, arms, 5_000), factories);
    const keep = (rows: Row[], label: string) =>
      rows.filter((r) => /^latency p(50|99)$|^server CPU|^frames\/s/.test(r.metric)).map((r) => ({ ...r, metric: `${label}: ${r.metric}` }));
    return {
      name: this.name,
      title: this.title,
      rows: [...keep(streamRows(audience), '1,000 viewers × 10 KB/s'), ...keep(streamRows(typical), '50 viewers × 5 KB/s')],
      notes: ['both arms are our server on the bench device; the only difference is the bench/heavyWindow.ts preload.'],
      details: { audience, typical },
    };
  },
};
