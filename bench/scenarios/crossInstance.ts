/**
 * Scenario 8 of issue 6 (cross-instance, HA): two instances of our server on one PostgreSQL and one
 * Valkey (throwaway servers from bff/testing/services.ts). The session is hosted by A; half the
 * viewers watch through A, half through B, where frames arrive over Valkey pub/sub. Both halves
 * are measured in the same window, so the difference is what the extra hop costs. The "baseline"
 * column holds the same-instance viewers here.
 */
import { type PostgresServer, startPostgres, startValkey, type ValkeyServer } from '../../bff/testing/services.js';
import { ViewerFleet } from '../fleet.js';
import { cpuSeconds } from '../procStats.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { measureStream, sleep } from '../streamRun.js';
import { type BenchDevice, type ServerProcess, shareDemoSession, spawnBff, startDevice, type Target, viewerUrl } from '../targets.js';

const perInstance = 25;

async function startServices(): Promise<{ valkey: ValkeyServer; postgres: PostgresServer } | string> {
  let valkey: ValkeyServer | undefined;
  try {
    valkey = await startValkey();
    return { valkey, postgres: await startPostgres() };
  } catch (err) {
    await valkey?.close();
    return (err as Error).message;
  }
}

export const crossInstance: Scenario = {
  name: 'crossinstance',
  title: '8. Cross-instance: viewers on B, session hosted on A (Valkey)',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const services = await startServices();
    if (typeof services === 'string') return { name: this.name, title: this.title, rows: [], notes: [], details: {}, skipped: services };
    const started: ServerProcess[] = [];
    const fleets: ViewerFleet[] = [];
    let device: BenchDevice | undefined;
    try {
      const env = (id: string) => ({ DATABASE_URL: services.postgres.url, VALKEY_URL: services.valkey.url, NS_INSTANCE_ID: id });
      device = await startDevice();
      // A first: it creates the admin in the shared store.
      const a = await spawnBff({ env: env('bench-a'), nodeArgs: ctx.oursNodeArgs });
      started.push(a);
      const b = await spawnBff({ env: env('bench-b'), nodeArgs: ctx.oursNodeArgs });
      started.push(b);
      const s = await shareDemoSession(a.base, device);
      const headers = { authorization: `Bearer ${s.viewerToken}` };
      const host: Target = { kind: 'ours', pid: a.pid, base: a.base, viewerUrl: viewerUrl(a.base, s.shareToken), viewerHeaders: headers, owner: s.owner, close: async () => s.owner.close() };
      fleets.push(new ViewerFleet({ url: host.viewerUrl, headers, full: perInstance, count: 0, workers: 1 }));
      fleets.push(new ViewerFleet({ url: viewerUrl(b.base, s.shareToken), headers, full: perInstance, count: 0, workers: 1 }));
      for (const fleet of fleets) await fleet.connect();
      await sleep(500);
      const cpuB = cpuSeconds(b.pid);
      const measured = await measureStream(host, fleets, { rate: 10_000, warmupMs: ctx.warmupMs, measureMs: ctx.measureMs });
      const bCpuPercent = ((cpuSeconds(b.pid) - cpuB) / (measured.server.seconds + 2)) * 100;
      await host.close();
      return result(this, measured.fleets[0]!, measured.fleets[1]!, measured.server.cpuPercent, bCpuPercent);
    } finally {
      for (const fleet of fleets) await fleet.close();
      for (const server of started.reverse()) await server.kill();
      await device?.kill();
      await services.valkey.close();
      await services.postgres.close();
    }
  },
};

type Totals = Awaited<ReturnType<typeof measureStream>>['fleets'][number];

function result(scenario: Scenario, same: Totals, cross: Totals, hostCpu: number, otherCpu: number): ScenarioResult {
  const extra = (key: 'p50' | 'p99') => (same.latency && cross.latency ? cross.latency[key] - same.latency[key] : null);
  const extraMedian = extra('p50');
  const rows: Row[] = [
    { metric: 'latency p50 (ours: via B; baseline: on A)', ours: cross.latency?.p50 ?? null, baseline: same.latency?.p50 ?? null, unit: 'ms' },
    { metric: 'latency p99', ours: cross.latency?.p99 ?? null, baseline: same.latency?.p99 ?? null, unit: 'ms' },
    { metric: 'latency max', ours: cross.latency?.max ?? null, baseline: same.latency?.max ?? null, unit: 'ms' },
    { metric: 'extra median through Valkey', ours: extraMedian, baseline: null, unit: 'ms', target: '≤ 2 ms', met: extraMedian !== null && extraMedian <= 2 },
    { metric: 'extra p99 through Valkey', ours: extra('p99'), baseline: null, unit: 'ms' },
    { metric: 'lost lines / lost frames / viewers cut off', ours: `${cross.lostLines} / ${cross.lostFrames} / ${cross.cutOff}`, baseline: `${same.lostLines} / ${same.lostFrames} / ${same.cutOff}`, unit: '' },
    { metric: 'CPU of A (host) / B', ours: otherCpu, baseline: hostCpu, unit: '%', noRatio: true },
  ];
  return {
    name: scenario.name,
    title: scenario.title,
    rows,
    notes: [`${perInstance} parsing viewers on each instance, 10 KB/s stamped stream, PostgreSQL + Valkey started by the bench; the CPU row shows B in the ours column and A in the baseline column.`],
    details: { sameInstance: same, crossInstance: cross, hostCpu, otherCpu },
  };
}
