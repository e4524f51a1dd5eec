/**
 * Issue 13: what the hash-chained audit log (DESIGN.md §15) costs a join storm, our server
 * against itself: the store's audit append as it is (the chain-head row read and moved in every
 * transaction, a SHA-256 per event) next to a plain INSERT (bench/preloads/auditChain.mjs with
 * BENCH_AUDIT_CHAIN=off). Target: the time until all have output within 1.2×.
 */
import { fileURLToPath } from 'node:url';
import { apiOk } from '../../bff/testing/rest.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { type ArmPair, armLabels, comparedStorms, cpuPerJoinMs, stormRows, stormsNote } from './selfCompare.js';

const preload = ['--import', fileURLToPath(new URL('../preloads/auditChain.mjs', import.meta.url))];
const pair: ArmPair = {
  ours: { label: 'hash chain', options: { nodeArgs: preload } },
  baseline: { label: 'plain insert (preload)', options: { nodeArgs: preload, env: { BENCH_AUDIT_CHAIN: 'off' } } },
};

export const auditChain: Scenario = {
  name: 'auditchain',
  title: 'Issue 13. Audit hash chain: join storm with vs without the chain',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const viewers = ctx.quick ? 250 : 1_000;
    // The chain is checked after the storms, before the servers stop.
    const storms = await comparedStorms(ctx, pair, viewers, async (target) => {
      const verdict = await apiOk<{ ok: boolean; events?: number; events_checked?: number; reason?: string }>(target.base, 'GET', '/api/v1/audit/verify', target.share!.adminToken);
      return verdict.ok ? `${verdict.events} events chained, verifies` : `broken after ${verdict.events_checked} events: ${verdict.reason}`;
    });
    const rows: Row[] = [
      ...stormRows(storms, 1.2),
      { metric: "the chain's server CPU per join (difference)", ours: cpuPerJoinMs(storms.ours) - cpuPerJoinMs(storms.baseline), baseline: null, unit: 'ms' },
      { metric: 'GET /api/v1/audit/verify after the storms', ours: storms.checked.ours, baseline: storms.checked.baseline, unit: '' },
    ];
    return {
      name: 'auditchain',
      title: this.title,
      arms: armLabels(pair),
      rows,
      notes: [
        stormsNote(storms, armLabels(pair)),
        'both arms run the bundle with the same preload (a module load hook); in the second it rewrites appendLink in dist/bff.mjs into a plain INSERT as the bundle loads, so that arm\'s audit log is complete (viewer.joined above) but its chain head never moves: verify finds 0 chained events there, which shows the patch took',
        ...(ctx.quick ? [`--quick: ${viewers}-viewer storms instead of 1,000`] : []),
      ],
      details: { storms },
    };
  },
};
