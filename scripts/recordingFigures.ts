/**
 * The recording figures of README "Recordings" (DESIGN.md §14): store size and CPU per hour of a
 * session producing 10 KB/s of router output, through the real recorder into a throwaway SQLite
 * store (or DATABASE_URL). `npx tsx scripts/recordingFigures.ts [hours] [bytesPerSecond]`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../bff/store/index.js';
import { seedRecording } from '../bff/testing/recordingFixture.js';

const hours = Number(process.argv[2] ?? 1);
const bytesPerSecond = Number(process.argv[3] ?? 10 * 1024);
const dataDir = mkdtempSync(join(tmpdir(), 'ns-rec-figures-'));
const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
const figures: Record<string, unknown> = {};
try {
  await store.users.insert({ user_id: 'usr_figures', email: 'figures@example.com', name: 'Figures', role: 'engineer', password_hash: 'x', created_at: Date.now() });
  const fixture = await seedRecording({ store, ownerUserId: 'usr_figures', durationMs: hours * 3_600_000, bytesPerSecond });
  const row = await store.recordings.byId(fixture.recordingId);
  const chunks = await store.recordings.chunkInfos(fixture.recordingId);
  let keyframeBytes = 0;
  for (let after = -1; ; ) {
    const page = await store.recordings.chunksAfter(fixture.recordingId, after, 200);
    for (const chunk of page) keyframeBytes += chunk.keyframe?.length ?? 0;
    if (page.length < 200) break;
    after = page.at(-1)!.seq;
  }
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
  const perHour = (n: number) => n / hours;
  Object.assign(figures, {
    store: store.dialect,
    hours,
    bytesPerSecond,
    outputPerHour: mib(perHour(row!.bytes)),
    storedPerHour: mib(perHour(row!.stored_bytes)),
    ratio: Number((row!.bytes / row!.stored_bytes).toFixed(1)),
    chunksPerHour: Math.round(perHour(chunks.length)),
    keyframesPerHour: Math.round(perHour(chunks.filter((c) => c.has_keyframe).length)),
    keyframesStoredPerHour: mib(perHour(keyframeBytes)),
    recorderCpuMsPerHour: Math.round(perHour(fixture.cpuMs)),
    recorderCpuPercentOfOneCore: Number(((fixture.cpuMs / (hours * 3_600_000)) * 100).toFixed(3)),
  });
} finally {
  await store.close();
  // Closed, SQLite has folded its write-ahead log into the file: this is the size on disk.
  if (store.dialect === 'sqlite') figures.databaseFilePerHour = `${(statSync(join(dataDir, 'netstacks.db')).size / hours / 1024 / 1024).toFixed(2)} MiB`;
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(figures, null, 2));
