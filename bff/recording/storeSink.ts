/** A recording's writes into the store: each one transaction, each safe to retry after an unknown outcome. */
import type { AuditLog } from '../domain/audit.js';
import type { Store } from '../store/index.js';
import type { RecordingSink } from './chunkWriter.js';

export interface StoreSinkOptions {
  store: Store;
  audit: AuditLog;
  recordingId: string;
  sessionId: string;
  instanceId: string;
  startedAt: number;
  cols: number;
  rows: number;
}

export function storeSink(o: StoreSinkOptions): RecordingSink {
  const { store, audit, recordingId, sessionId, startedAt } = o;
  return {
    async create() {
      const session = await store.sessions.byId(sessionId);
      if (!session) throw new Error(`no session ${sessionId} to record`);
      await store.recordings.create({
        recording_id: recordingId,
        session_id: sessionId,
        owner_user_id: session.owner_user_id,
        device_name: session.device_name,
        instance_id: o.instanceId,
        started_at: startedAt,
        ended_at: null,
        bytes: 0,
        stored_bytes: 0,
        duration_ms: 0,
        chunks: 0,
        cols: o.cols,
        rows: o.rows,
        truncated: 0,
      });
    },
    writeChunks: (chunks, progress) =>
      store.transaction((tx) =>
        tx.recordings.writeChunks(
          chunks.map((c) => ({ recording_id: recordingId, seq: c.seq, first_at: startedAt + c.firstMs, last_at: startedAt + c.lastMs, bytes: c.bytes, data: c.data, keyframe: c.keyframe })),
          progress,
        ),
      ),
    // Marked and audited together, once: a retry after an unknown outcome finds it marked.
    truncated: (bytes, maxBytes) =>
      store.transaction(async (tx) => {
        if (!(await tx.recordings.markTruncated(recordingId))) return;
        await audit.record({ type: 'recording.truncated', sessionId, details: { recording_id: recordingId, bytes, max_bytes: maxBytes } }, tx);
      }),
    end: (endedAt, durationMs) => store.recordings.end(recordingId, endedAt, durationMs),
  };
}
