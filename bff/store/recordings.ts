import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { Database, RecordingChunksTable, RecordingsTable } from './schema.js';

/** A recording with what its listing shows: owner, whether the session was ever shared, how the session stands. */
export type RecordingRow = RecordingsTable & {
  owner_email: string;
  owner_name: string;
  shared: boolean;
  session_state: string;
  session_closed_at: number | null;
};

export interface RecordingFilter {
  sessionId?: string | undefined;
  ownerUserId?: string | undefined;
  /** Part of the device name, any case. */
  device?: string | undefined;
  /** Recordings with activity in [from, to] (epoch ms). */
  from?: number | undefined;
  to?: number | undefined;
}

export interface RecordingCursor {
  startedAt: number;
  recordingId: string;
}

/** What one chunk write moves the recording to: totals after it, so a retried write sets the same values. */
export interface RecordingProgress {
  bytes: number;
  storedBytes: number;
  durationMs: number;
  chunks: number;
}

export type ChunkInfo = Pick<RecordingChunksTable, 'seq' | 'first_at' | 'last_at' | 'bytes'> & { has_keyframe: boolean };

type Executor = Kysely<Database> | Transaction<Database>;

/** `%`, `_` and the escape itself taken literally in a LIKE pattern (escape character `\`). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Recordings joined with what their listing shows; SQLite answers EXISTS with 0/1, PostgreSQL with a boolean. */
function withContext(db: Executor) {
  return db
    .selectFrom('recordings')
    .innerJoin('users', 'users.user_id', 'recordings.owner_user_id')
    .innerJoin('sessions', 'sessions.session_id', 'recordings.session_id')
    .selectAll('recordings')
    .select((eb) => [
      'users.email as owner_email',
      'users.name as owner_name',
      'sessions.state as session_state',
      'sessions.closed_at as session_closed_at',
      eb.exists(eb.selectFrom('shares').select('shares.share_id').whereRef('shares.session_id', '=', 'recordings.session_id')).as('shared'),
    ]);
}

const normalised = (row: Omit<RecordingRow, 'shared'> & { shared: unknown }): RecordingRow => ({ ...row, shared: Boolean(row.shared) });

/** Newest first, keyset-paginated on (started_at, recording_id). */
async function listRecordings(db: Executor, filter: RecordingFilter, page: { limit: number; after?: RecordingCursor | undefined }): Promise<RecordingRow[]> {
  let q = withContext(db);
  if (filter.sessionId) q = q.where('recordings.session_id', '=', filter.sessionId);
  if (filter.ownerUserId) q = q.where('recordings.owner_user_id', '=', filter.ownerUserId);
  if (filter.device) q = q.where(sql<boolean>`lower(${sql.ref('recordings.device_name')}) like ${`%${likeLiteral(filter.device.toLowerCase())}%`} escape '\\'`);
  if (filter.to !== undefined) q = q.where('recordings.started_at', '<=', filter.to);
  if (filter.from !== undefined) q = q.where(sql<boolean>`${sql.ref('recordings.started_at')} + ${sql.ref('recordings.duration_ms')} >= ${filter.from}`);
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('recordings.started_at', '<', after.startedAt), eb.and([eb('recordings.started_at', '=', after.startedAt), eb('recordings.recording_id', '<', after.recordingId)])]),
    );
  }
  const rows = await q.orderBy('recordings.started_at', 'desc').orderBy('recordings.recording_id', 'desc').limit(page.limit).execute();
  return rows.map(normalised);
}

/**
 * Recordings past retention: ended before `cutoff`, or never ended (their host died) with their
 * last event before it and their session no longer active.
 */
function dueForDeletion(db: Executor, cutoff: number, limit: number) {
  return db
    .selectFrom('recordings')
    .select(['recording_id', 'session_id'])
    .where((eb) =>
      eb.or([
        eb('ended_at', '<', cutoff),
        eb.and([
          eb('ended_at', 'is', null),
          eb(sql<number>`${sql.ref('started_at')} + ${sql.ref('duration_ms')}`, '<', cutoff),
          eb.not(eb.exists(eb.selectFrom('sessions').select('sessions.session_id').whereRef('sessions.session_id', '=', 'recordings.session_id').where('sessions.state', '=', 'active'))),
        ]),
      ]),
    )
    .orderBy('started_at')
    .limit(limit)
    .execute();
}

export function recordingsRepo(db: Executor) {
  return {
    /** Idempotent: a retried create after an unknown outcome leaves the first row. */
    create: async (row: Insertable<RecordingsTable>): Promise<void> => {
      await db.insertInto('recordings').values(row).onConflict((oc) => oc.column('recording_id').doNothing()).execute();
    },
    byId: async (recordingId: string): Promise<RecordingRow | undefined> => {
      const row = await withContext(db).where('recordings.recording_id', '=', recordingId).executeTakeFirst();
      return row && normalised(row);
    },
    list: (filter: RecordingFilter, page: { limit: number; after?: RecordingCursor | undefined }) => listRecordings(db, filter, page),
    /**
     * Chunks of one recording and its totals after them, in the caller's transaction. A chunk
     * already there is left as it is, so a write retried after an unknown outcome lands once.
     */
    writeChunks: async (chunks: RecordingChunksTable[], progress: RecordingProgress): Promise<void> => {
      for (const chunk of chunks) {
        await db.insertInto('recording_chunks').values(chunk).onConflict((oc) => oc.columns(['recording_id', 'seq']).doNothing()).execute();
      }
      await db
        .updateTable('recordings')
        .set({ bytes: progress.bytes, stored_bytes: progress.storedBytes, duration_ms: progress.durationMs, chunks: progress.chunks })
        .where('recording_id', '=', chunks[0]!.recording_id)
        .execute();
    },
    /** Marks the recording cut at the size cap; true for the one call that did. */
    markTruncated: async (recordingId: string): Promise<boolean> => {
      const result = await db.updateTable('recordings').set({ truncated: 1 }).where('recording_id', '=', recordingId).where('truncated', '=', 0).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    end: async (recordingId: string, endedAt: number, durationMs: number): Promise<void> => {
      await db.updateTable('recordings').set({ ended_at: endedAt, duration_ms: durationMs }).where('recording_id', '=', recordingId).execute();
    },
    chunkInfos: async (recordingId: string): Promise<ChunkInfo[]> => {
      const rows = await db
        .selectFrom('recording_chunks')
        .select((eb) => ['seq', 'first_at', 'last_at', 'bytes', eb('keyframe', 'is not', null).as('has_keyframe')])
        .where('recording_id', '=', recordingId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({ ...row, has_keyframe: Boolean(row.has_keyframe) }));
    },
    chunk: (recordingId: string, seq: number): Promise<RecordingChunksTable | undefined> =>
      db.selectFrom('recording_chunks').selectAll().where('recording_id', '=', recordingId).where('seq', '=', seq).executeTakeFirst(),
    /** Chunks in order after `afterSeq`, a page at a time (the cast file is streamed from these). */
    chunksAfter: (recordingId: string, afterSeq: number, limit: number): Promise<RecordingChunksTable[]> =>
      db.selectFrom('recording_chunks').selectAll().where('recording_id', '=', recordingId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute(),
    dueForDeletion: (cutoff: number, limit: number) => dueForDeletion(db, cutoff, limit),
    /**
     * Deletes one recording (its chunks go with it: ON DELETE CASCADE) if it is still there;
     * true for the one caller, on whichever instance, whose delete removed it.
     */
    delete: async (recordingId: string): Promise<boolean> => {
      const result = await db.deleteFrom('recordings').where('recording_id', '=', recordingId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
