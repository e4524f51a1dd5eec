/**
 * Issue 12: what masking secrets and the auto-pause cost (DESIGN.md §13), our server against
 * itself: `typical` and `burst` with both on (the default) next to NS_REDACT=0 NS_AUTO_PAUSE=0.
 * Targets: latency p99 within 1.1×, server CPU within 1.15×.
 */
import { typicalMix } from './stream.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import type { Target } from '../targets.js';
import { type ArmPair, armLabels, burstNote, comparedBurst, comparedBurstRows, comparedStream, comparedStreamRows } from './selfCompare.js';

const pair: ArmPair = {
  ours: { label: 'redaction + auto-pause on', options: {} },
  baseline: { label: 'NS_REDACT=0 NS_AUTO_PAUSE=0', options: { env: { NS_REDACT: '0', NS_AUTO_PAUSE: '0' } } },
};
const targets = { p99: 1.1, cpu: 1.15 };

/** Values masked for viewers so far, from the server's /metrics. */
async function maskedValues(target: Target): Promise<string> {
  const text = await (await fetch(`${target.base}/metrics`)).text();
  return /^ns_masked_values_total(?:\{[^}]*\})? ([\d.e+]+)/m.exec(text)?.[1] ?? '0';
}

export const redaction: Scenario = {
  name: 'redaction',
  title: 'Issue 12. Redaction: typical and burst, masking on vs off',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const typical = await comparedStream(ctx, pair, typicalMix, 5_000, maskedValues);
    const burst = await comparedBurst(ctx, pair, maskedValues);
    const masked = (p: { ours: string; baseline: string } | null): Row => ({ metric: 'values masked for viewers (/metrics)', ours: p?.ours ?? null, baseline: p?.baseline ?? null, unit: '' });
    return {
      name: 'redaction',
      title: this.title,
      arms: armLabels(pair),
      rows: [
        ...comparedStreamRows(typical, targets, 'typical 50 × 5 KB/s: '),
        { ...masked(typical.probed), metric: `typical 50 × 5 KB/s: ${masked(typical.probed).metric}` },
        ...[...comparedBurstRows(burst, targets), masked(burst.probed)].map((row) => ({ ...row, metric: `burst: ${row.metric}` })),
      ],
      notes: [
        `typical: ${typicalMix.full} parsing and ${typicalMix.count} counting viewers, ABBA rounds`,
        burstNote(ctx.quick),
        'neither the stamped debug lines nor tech-support (whose config shows secrets as `<removed>`, as IOS does) hold a value to mask: these figures are the cost of scanning every chunk for secrets and secret prompts, which is what every session pays',
      ],
      details: { typical, burst },
    };
  },
};
