/**
 * Session recordings (DESIGN.md §14): who may see which, what each look is audited as, the cast
 * export, retention. The session host gets a recorder per session from here; any instance serves
 * any recording, since all of it is in the store.
 */
import type { Logger } from 'pino';
import {
  Permission,
  type Recording,
  type RecordingChunk,
  type RecordingList,
  type RecordingQuery,
  type RecordingTimeline,
  formatDuration,
  recordingIdFor,
  roleCan,
  type User,
} from '../../protocol/index.js';
import { type Clock, iso } from '../clock.js';
import type { AuditInput, AuditLog, ClientMeta } from '../domain/audit.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { Store } from '../store/index.js';
import type { RecordingCursor, RecordingRow } from '../store/recordings.js';
import { castHeader, castLines, unpackEvents, unpackKeyframe } from './codec.js';
import type { RecordingCounters } from './chunkWriter.js';
import { type RecorderLimits, StoreRecorder } from './recorder.js';
import { storeSink } from './storeSink.js';
import type { SessionRecorder } from './types.js';

export interface RecordingServiceDeps {
  store: Store;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  /** NS_RECORDING. */
  mode: 'all' | 'off';
  retentionSeconds: number;
  maxBytes: number;
  /** Flush interval and the other recorder bounds (tests). */
  limits?: Partial<RecorderLimits>;
  /** Chunks written, failed writes and chunks dropped, summed over every recorder (/metrics). */
  counters?: RecordingCounters;
}

/** A chunk read by someone whose playback of the recording was audited within this window is not audited again. */
const playbackAuditWindowMs = 15 * 60_000;
const castPageSize = 8;
const sweepBatch = 50;

export class RecordingService {
  private readonly recorders = new Set<StoreRecorder>();
  private readonly playbackAudited = new Map<string, number>();

  constructor(private readonly d: RecordingServiceDeps) {}

  /** A recorder for a session this instance starts hosting; null when recording is off. */
  recorderFor(sessionId: string, size: { cols: number; rows: number }): SessionRecorder | null {
    if (this.d.mode === 'off') return null;
    const startedAt = this.d.clock.now();
    const recordingId = recordingIdFor(sessionId);
    const logger = this.d.logger.child({ sessionId, recordingId });
    const sink = storeSink({ store: this.d.store, audit: this.d.audit, recordingId, sessionId, instanceId: this.d.instanceId, startedAt, ...size });
    const recorder: StoreRecorder = new StoreRecorder({
      startedAt,
      ...size,
      sink,
      logger,
      limits: { ...this.d.limits, maxBytes: this.d.maxBytes },
      counters: this.d.counters,
      onSettled: () => this.recorders.delete(recorder),
    });
    this.recorders.add(recorder);
    return recorder;
  }

  /**
   * Waits until every recorder's writes so far have landed (before the store closes), for at
   * most `timeoutMs`: a store that is down must not hold up a shutdown for the retries.
   */
  async drain(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([...this.recorders].map((recorder) => recorder.settled())), timeout]);
    clearTimeout(timer);
  }

  async list(user: User, q: RecordingQuery, client: ClientMeta): Promise<RecordingList> {
    const all = roleCan(user.role, Permission.recordingsReadAll);
    if (!all && q.user_id !== undefined && q.user_id !== user.user_id) throw forbidden('You may list only the recordings of your own sessions');
    const rows = await this.d.store.recordings.list(
      { sessionId: q.session_id, ownerUserId: all ? q.user_id : user.user_id, device: q.device, from: q.from ? Date.parse(q.from) : undefined, to: q.to ? Date.parse(q.to) : undefined },
      { limit: q.limit, after: q.cursor === undefined ? undefined : decodeCursor(q.cursor) },
    );
    const { limit: _limit, cursor: _cursor, ...filters } = q;
    await this.record({ type: 'recording.viewed', actor: user, sessionId: q.session_id ?? null, ...client, details: { view: 'list', filters, count: rows.length } });
    const last = rows.at(-1);
    return { recordings: rows.map(toRecording), next_cursor: rows.length === q.limit && last ? encodeCursor({ startedAt: last.started_at, recordingId: last.recording_id }) : null };
  }

  async get(user: User, recordingId: string, client: ClientMeta): Promise<Recording> {
    const row = await this.readable(user, recordingId);
    await this.viewed(user, row, client, 'metadata');
    return toRecording(row);
  }

  /** What the web player loads first: the recording and where its chunks and keyframes are. Audited as a playback. */
  async timeline(user: User, recordingId: string, client: ClientMeta): Promise<RecordingTimeline> {
    const row = await this.readable(user, recordingId);
    await this.viewed(user, row, client, 'playback');
    this.playbackAudited.set(`${user.user_id}|${recordingId}`, this.d.clock.now());
    const chunks = await this.d.store.recordings.chunkInfos(recordingId);
    return {
      recording: toRecording(row),
      chunks: chunks.map((c) => ({ seq: c.seq, start_ms: c.first_at - row.started_at, end_ms: c.last_at - row.started_at, bytes: c.bytes, keyframe: c.has_keyframe })),
    };
  }

  /** One chunk's events (and its starting screen); part of a playback already audited, or audited now. */
  async chunk(user: User, recordingId: string, seq: number, client: ClientMeta): Promise<RecordingChunk> {
    const row = await this.readable(user, recordingId);
    const chunk = await this.d.store.recordings.chunk(recordingId, seq);
    if (!chunk) throw notFound(`No chunk ${seq} in recording ${recordingId}`);
    await this.playbackOnce(user, row, client);
    const [events, keyframe] = await Promise.all([unpackEvents(chunk.data), chunk.keyframe ? unpackKeyframe(chunk.keyframe) : null]);
    return { seq, start_ms: chunk.first_at - row.started_at, end_ms: chunk.last_at - row.started_at, bytes: chunk.bytes, keyframe, events };
  }

  /** The asciicast v2 file, audited (downloaded or viewed) before its first byte; its lines come chunk by chunk. */
  async cast(user: User, recordingId: string, download: boolean, client: ClientMeta): Promise<{ filename: string; lines: AsyncGenerator<string> }> {
    const row = await this.readable(user, recordingId);
    if (download) await this.record({ type: 'recording.downloaded', actor: user, sessionId: row.session_id, ...client, details: { recording_id: recordingId, format: 'asciicast' } });
    else await this.viewed(user, row, client, 'cast');
    const stamp = iso(row.started_at).replace(/[:.]/g, '-');
    const device = row.device_name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
    return { filename: `netstacks-${device}-${stamp}.cast`, lines: this.castFile(row) };
  }

  /**
   * Deletes recordings past retention. Safe on every instance at once: each delete is
   * conditional, and only the instance whose delete removed the row audits it.
   */
  async sweepExpired(): Promise<number> {
    const cutoff = this.d.clock.now() - this.d.retentionSeconds * 1000;
    let deleted = 0;
    for (;;) {
      const due = await this.d.store.recordings.dueForDeletion(cutoff, sweepBatch);
      for (const recording of due) {
        const removed = await this.d.store.transaction(async (tx) => {
          if (!(await tx.recordings.delete(recording.recording_id))) return false;
          const details = { recording_id: recording.recording_id, reason: 'retention', retention: formatDuration(this.d.retentionSeconds) };
          await this.d.audit.record({ type: 'recording.deleted', sessionId: recording.session_id, details }, tx);
          return true;
        });
        if (removed) deleted += 1;
      }
      if (due.length < sweepBatch) return deleted;
    }
  }

  private async *castFile(row: RecordingRow): AsyncGenerator<string> {
    const title = `${row.device_name} — ${row.owner_email}`;
    yield castHeader({ cols: row.cols, rows: row.rows, startedAt: row.started_at, durationMs: durationOf(row), title });
    for (let after = -1; ; ) {
      const page = await this.d.store.recordings.chunksAfter(row.recording_id, after, castPageSize);
      for (const chunk of page) yield castLines(await unpackEvents(chunk.data));
      if (page.length < castPageSize) return;
      after = page.at(-1)!.seq;
    }
  }

  /** The recording, if this user may see it: the session's owner, or a role that sees all (noc_lead, admin). */
  private async readable(user: User, recordingId: string): Promise<RecordingRow> {
    const row = await this.d.store.recordings.byId(recordingId);
    if (!row) throw notFound(`No recording ${recordingId}`);
    if (row.owner_user_id !== user.user_id && !roleCan(user.role, Permission.recordingsReadAll)) {
      throw forbidden('Only the session owner, a NOC lead or an admin may see this recording');
    }
    return row;
  }

  private viewed(user: User, row: RecordingRow, client: ClientMeta, view: 'metadata' | 'playback' | 'cast'): Promise<void> {
    return this.record({ type: 'recording.viewed', actor: user, sessionId: row.session_id, ...client, details: { recording_id: row.recording_id, view } });
  }

  /** A chunk read outside an audited playback (a script reading chunks directly) is audited as one. */
  private async playbackOnce(user: User, row: RecordingRow, client: ClientMeta): Promise<void> {
    const key = `${user.user_id}|${row.recording_id}`;
    const now = this.d.clock.now();
    if (now - (this.playbackAudited.get(key) ?? -Infinity) < playbackAuditWindowMs) return;
    await this.viewed(user, row, client, 'playback');
    if (this.playbackAudited.size > 10_000) this.playbackAudited.clear();
    this.playbackAudited.set(key, now);
  }

  private record(event: AuditInput): Promise<void> {
    return this.d.audit.record(event);
  }
}

/** Duration as far as recorded: to the end, or (live, or its host died) to the last event written. */
const durationOf = (row: RecordingRow) => row.duration_ms;

export function toRecording(row: RecordingRow): Recording {
  // A recording whose host died mid-session never got its end: it ends where its output does.
  const endedAt = row.ended_at ?? (row.session_state === 'active' ? null : row.started_at + row.duration_ms);
  return {
    recording_id: row.recording_id,
    session_id: row.session_id,
    device: { name: row.device_name },
    owner: { user_id: row.owner_user_id, email: row.owner_email, name: row.owner_name },
    started_at: iso(row.started_at),
    ended_at: endedAt === null ? null : iso(endedAt),
    bytes: row.bytes,
    duration_ms: durationOf(row),
    shared: row.shared,
    truncated: row.truncated === 1,
    cols: row.cols,
    rows: row.rows,
    stored_bytes: row.stored_bytes,
  };
}

const encodeCursor = (c: RecordingCursor) => Buffer.from(`${c.startedAt}.${c.recordingId}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): RecordingCursor {
  const match = /^(\d{1,16})\.(rec_[A-Za-z0-9_-]{1,100})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('cursor is not valid', 'invalid_cursor');
  return { startedAt: Number(match[1]), recordingId: match[2]! };
}
