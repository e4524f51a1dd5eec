/**
 * Issue 11: what the current screen on join (DESIGN.md §12) costs, our server against itself.
 * - A join storm to a share with `show_current_screen: true` next to the same storm to a plain
 *   share: every viewer must get its snapshot and then live output; the time until all have
 *   output (target ≤ 1.3×), and the server CPU per join, whose difference is the snapshot's.
 * - The audience (1,000 viewers × 10 KB/s) on a session whose host keeps the headless screen
 *   (a `show_current_screen` share exists; the viewers watch another, plain share, so only the
 *   screen differs) next to one that keeps none: p99 and server CPU (target ≤ 1.1× CPU).
 */
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { type ArmPair, armLabels, comparedStorms, comparedStream, comparedStreamRows, cpuPerJoinMs, stormRows, stormsNote } from './selfCompare.js';

const stormPair: ArmPair = {
  ours: { label: 'show_current_screen', options: { share: { show_current_screen: true } } },
  baseline: { label: 'plain share', options: {} },
};

const screenPair: ArmPair = {
  ours: { label: 'headless screen kept', options: { otherShares: [{ show_current_screen: true }] } },
  baseline: { label: 'no screen', options: {} },
};

export const snapshot: Scenario = {
  name: 'snapshot',
  title: 'Issue 11. Snapshot on join: storm and audience, with vs without the current screen',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const stormViewers = ctx.quick ? 250 : 1_000;
    const storms = await comparedStorms(ctx, stormPair, stormViewers);
    const mix = ctx.quick ? { full: 20, count: 180, workers: 1 } : { full: 20, count: 980, workers: 2 };
    const audience = await comparedStream(ctx, screenPair, mix, 10_000);
    const snapshots = (side: 'ours' | 'baseline') => {
      const s = storms[side];
      const got = s.reduce((n, x) => n + x.snapshots.beforeOutput, 0);
      const missing = s.reduce((n, x) => n + x.snapshots.missing, 0);
      return `${got} of ${s.length * stormViewers}${missing > 0 ? ` (${missing} told unavailable)` : ''}`;
    };
    const rows: Row[] = [
      ...stormRows(storms, 1.3).map((row) => ({ ...row, metric: `storm: ${row.metric}` })),
      { metric: 'storm: viewers with the snapshot before live output', ours: snapshots('ours'), baseline: snapshots('baseline'), unit: '', target: 'all (first arm)', met: storms.ours.every((x) => x.snapshots.beforeOutput === stormViewers) },
      { metric: "storm: the snapshot's server CPU per join (difference)", ours: cpuPerJoinMs(storms.ours) - cpuPerJoinMs(storms.baseline), baseline: null, unit: 'ms' },
      { metric: '*arms:*', ours: `**${screenPair.ours.label}**`, baseline: `**${screenPair.baseline.label}**`, unit: '' },
      ...comparedStreamRows(audience, { cpu: 1.1 }, `audience ${mix.full + mix.count} × 10 KB/s: `),
    ];
    return {
      name: 'snapshot',
      title: this.title,
      arms: armLabels(stormPair),
      rows,
      notes: [
        stormsNote(storms, armLabels(stormPair)),
        `storm CPU per join includes the fan-out of the 10 KB/s stream to the growing audience, the same in both arms: the difference is the snapshot's (its request through the broker, the serialised screen, the frame)`,
        `audience: ${mix.full} parsing and ${mix.count} counting viewers on a plain share in both arms; in the first arm the session also has a show_current_screen share nobody watches, so its host feeds every viewer chunk to a headless terminal; ABBA rounds`,
        ...(ctx.quick ? [`--quick: ${stormViewers}-viewer storms and a ${mix.full + mix.count}-viewer audience instead of 1,000`] : []),
      ],
      details: { storms, audience },
    };
  },
};
