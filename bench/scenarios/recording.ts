/**
 * Issue 13: what session recordings cost (DESIGN.md §14), our server against itself: the audience
 * (1,000 viewers × 10 KB/s) and the burst with recording on (the default) next to
 * NS_RECORDING=off (targets: p99 within 1.1×, server CPU within 1.15×); and the store a recorded
 * 10 KB/s session takes per hour.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { apiOk } from '../../bff/testing/rest.js';
import { waitIdle } from '../procStats.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { sleep } from '../streamRun.js';
import { startDevice, startOurs, type Target } from '../targets.js';
import { type ArmPair, armLabels, burstNote, comparedBurst, comparedBurstRows, comparedStream, comparedStreamRows } from './selfCompare.js';
import { audienceMix } from './stream.js';

const pair: ArmPair = {
  ours: { label: 'recording on', options: {} },
  baseline: { label: 'NS_RECORDING=off', options: { env: { NS_RECORDING: 'off' } } },
};
const targets = { p99: 1.1, cpu: 1.15 };
const storeRate = 10_000;

interface RecordingFigures {
  bytes: number;
  stored_bytes: number;
}

async function sessionRecording(target: Target): Promise<RecordingFigures> {
  const { recordings } = await apiOk<{ recordings: RecordingFigures[] }>(target.base, 'GET', `/api/v1/recordings?session_id=${target.share!.sessionId}`, target.share!.adminToken);
  if (recordings.length !== 1) throw new Error(`expected one recording of the session, got ${recordings.length}`);
  return recordings[0]!;
}

/**
 * The pages the database uses, as a second (read-only) connection sees them: committed data,
 * whether still in the write-ahead log or already checkpointed. The file sizes say little over a
 * short run: the WAL holds a copy of every page each transaction touched until a checkpoint.
 */
function storeBytes(dataDir: string): number {
  const db = new SQLite(join(dataDir, 'netstacks.db'), { readonly: true, fileMustExist: true });
  try {
    const pragma = (name: string) => Number(db.pragma(name, { simple: true }));
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  } finally {
    db.close();
  }
}

/** Polls until the recording stops growing: the recorder writes a chunk every 2 s after output. */
async function settledRecording(target: Target): Promise<RecordingFigures> {
  await sleep(2_500);
  let last = await sessionRecording(target);
  for (let i = 0; i < 20; i += 1) {
    await sleep(700);
    const now = await sessionRecording(target);
    if (now.bytes === last.bytes && now.stored_bytes === last.stored_bytes) return now;
    last = now;
  }
  return last;
}

interface StoreGrowth {
  seconds: number;
  outputBytes: number;
  storedBytes: number;
  databaseBytes: number;
}

/** A recorded session streams 10 KB/s for a while, no viewers: what the recording and the file grew by. */
async function storeGrowth(ctx: ScenarioContext): Promise<StoreGrowth> {
  const device = await startDevice();
  try {
    const target = await startOurs(device, { nodeArgs: ctx.oursNodeArgs });
    try {
      await waitIdle(target.pid);
      const before = { recording: await settledRecording(target), database: storeBytes(target.dataDir!) };
      target.owner.type(`debug ip packet rate ${storeRate}\r`);
      const started = performance.now();
      await sleep(ctx.quick ? 5_000 : 20_000);
      const seconds = (performance.now() - started) / 1000;
      target.owner.type('undebug all\r');
      await target.owner.quiet(300, 30_000);
      const after = await settledRecording(target);
      return {
        seconds,
        outputBytes: after.bytes - before.recording.bytes,
        storedBytes: after.stored_bytes - before.recording.stored_bytes,
        databaseBytes: storeBytes(target.dataDir!) - before.database,
      };
    } finally {
      await target.close();
    }
  } finally {
    await device.kill();
  }
}

function storeRows(g: StoreGrowth): Row[] {
  const perHourMiB = (bytes: number) => (bytes / g.seconds) * 3600 / 2 ** 20;
  const row = (metric: string, value: number, unit: Row['unit']): Row => ({ metric, ours: value, baseline: null, unit });
  return [
    row(`store: output recorded (${g.seconds.toFixed(0)} s at 10 KB/s)`, g.outputBytes / g.seconds / 1000, 'KB/s'),
    row('store: recording chunks + keyframes per hour (stored_bytes)', perHourMiB(g.storedBytes), 'MiB'),
    row('store: SQLite pages in use, growth per hour', perHourMiB(g.databaseBytes), 'MiB'),
    { metric: 'store: compressed / uncompressed', ours: g.outputBytes > 0 ? `${((g.storedBytes / g.outputBytes) * 100).toFixed(1)} %` : '–', baseline: null, unit: '' },
  ];
}

export const recording: Scenario = {
  name: 'recording',
  title: 'Issue 13. Recording: audience and burst, recording on vs off; store per hour',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const mix = ctx.quick ? { full: 20, count: 180, workers: 1 } : audienceMix;
    const audience = await comparedStream(ctx, pair, mix, 10_000);
    const burst = await comparedBurst(ctx, pair);
    const growth = await storeGrowth(ctx);
    return {
      name: 'recording',
      title: this.title,
      arms: armLabels(pair),
      rows: [
        ...comparedStreamRows(audience, targets, `audience ${mix.full + mix.count} × 10 KB/s: `),
        ...comparedBurstRows(burst, targets).map((row) => ({ ...row, metric: `burst: ${row.metric}` })),
        ...storeRows(growth),
      ],
      notes: [
        `audience: ${mix.full} parsing and ${mix.count} counting viewers, ABBA rounds${ctx.quick ? ' (--quick: 200 viewers instead of 1,000)' : ''}`,
        burstNote(ctx.quick),
        `store: one recorded session, no viewers, the device streaming 10 KB/s for ${growth.seconds.toFixed(0)} s; recording figures from GET /api/v1/recordings (bytes, stored_bytes) before and after, once the recorder's 2 s flushes settled; SQLite pages in use (page_count − freelist_count, through a read-only connection, WAL included) also hold the chunk index and the audit rows of those listings; per hour = growth ÷ seconds × 3,600`,
      ],
      details: { audience, burst, growth },
    };
  },
};
