/**
 * The relay on this instance: which local sockets watch which session, and the fan-out of the
 * session's frames (already serialised by the host) to them. One broker subscription per session
 * with local sockets; every send checks the socket's buffer so one stalled viewer costs nobody else.
 */
import type { Logger } from 'pino';
import { CloseCode, seqGap } from '../../protocol/index.js';
import type { Broker, Disposer, InstanceMessage, SessionMessage } from '../broker/types.js';
import type { StatusBody } from '../domain/admission.js';
import { encodeViewerFrame, statusFrame } from './frames.js';
import type { Clock } from '../clock.js';
import type { RelayMetrics } from './metrics.js';

/** What the hub needs of a socket: ws.WebSocket satisfies it. */
export interface RelaySocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | Buffer, options: { binary: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface Member {
  readonly id: string;
  readonly kind: 'owner' | 'viewer';
  readonly socket: RelaySocket;
  readonly sessionId: string;
  readonly shareId: string | null;
  /** Called once when the hub closes the member (share ended, too slow…). */
  onClosedByHub?: (reason: string) => void;
}

interface SessionRoom {
  members: Set<Member>;
  unsubscribe: Disposer;
  lastSeq: number | null;
}

const openState = 1;
/** An owner socket waits this long for its replay before live frames flow without it. */
const replayWaitMs = 3_000;
const maxFramesHeldForReplay = 1_000;

type HeldFrame = { json: string; seq: number | null };

interface PendingReplay {
  held: HeldFrame[];
  timer: NodeJS.Timeout;
}

export class RelayHub {
  private readonly rooms = new Map<string, SessionRoom>();
  /** Owner sockets waiting for their replay; live frames meanwhile are held, not lost or doubled. */
  private readonly awaitingReplay = new Map<string, PendingReplay>();
  /** A socket with more than this many bytes unsent is too slow and is closed with 4408. */
  readonly maxBufferedBytes: number;

  private readonly unsubscribeInstance: Disposer;

  constructor(
    private readonly d: { broker: Broker; clock: Clock; logger: Logger; metrics: RelayMetrics; maxBufferedBytes?: number },
  ) {
    this.maxBufferedBytes = d.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.unsubscribeInstance = d.broker.subscribeInstance((message) => this.onInstanceMessage(message));
  }

  dispose(): void {
    this.unsubscribeInstance();
    for (const room of this.rooms.values()) room.unsubscribe();
    this.rooms.clear();
    for (const pending of this.awaitingReplay.values()) clearTimeout(pending.timer);
    this.awaitingReplay.clear();
  }

  add(member: Member): void {
    let room = this.rooms.get(member.sessionId);
    if (!room) {
      const created: SessionRoom = {
        members: new Set(),
        lastSeq: null,
        unsubscribe: () => {},
      };
      created.unsubscribe = this.d.broker.subscribeSession(member.sessionId, (message) => this.onSessionMessage(created, message));
      this.rooms.set(member.sessionId, (room = created));
    }
    room.members.add(member);
    if (member.kind === 'viewer') this.d.metrics.viewers.inc();
    if (member.kind === 'owner') {
      const timer = setTimeout(() => this.releaseHeld(member, null), replayWaitMs);
      timer.unref();
      this.awaitingReplay.set(member.id, { held: [], timer });
    }
  }

  remove(member: Member): void {
    const room = this.rooms.get(member.sessionId);
    if (!room || !room.members.delete(member)) return;
    if (member.kind === 'viewer') this.d.metrics.viewers.dec();
    const pending = this.awaitingReplay.get(member.id);
    if (pending) clearTimeout(pending.timer);
    this.awaitingReplay.delete(member.id);
    if (room.members.size === 0) {
      room.unsubscribe();
      this.rooms.delete(member.sessionId);
    }
  }

  /** How many local sockets watch a session (for the coalescing policy). */
  socketCount(sessionId: string): number {
    return this.rooms.get(sessionId)?.members.size ?? 0;
  }

  membersOf(sessionId: string): Member[] {
    return [...(this.rooms.get(sessionId)?.members ?? [])];
  }

  get viewerCount(): number {
    let n = 0;
    for (const room of this.rooms.values()) for (const m of room.members) if (m.kind === 'viewer') n += 1;
    return n;
  }

  /** Sends a status frame then closes every local viewer matching `which`. Returns how many. */
  closeViewers(which: (m: Member) => boolean, status: StatusBody, code: number, reason: string): number {
    let closed = 0;
    const json = encodeViewerFrame(statusFrame(status, this.d.clock.now()));
    for (const room of [...this.rooms.values()]) {
      for (const member of [...room.members]) {
        if (member.kind !== 'viewer' || !which(member)) continue;
        this.closeMember(member, code, reason, json);
        closed += 1;
      }
    }
    return closed;
  }

  /** Sends to every local member of the session (e.g. a status the host did not originate). */
  broadcast(sessionId: string, json: string, filter: (m: Member) => boolean = () => true): void {
    for (const member of this.membersOf(sessionId)) if (filter(member)) this.send(member, json);
  }

  /** Sends a JSON text frame; pass a Buffer to share one encoding among many sockets. */
  send(member: Member, json: string | Buffer): void {
    const { socket } = member;
    if (socket.readyState !== openState) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      this.d.metrics.slowClosed.inc();
      this.closeMember(member, CloseCode.tooSlow, 'slow_consumer', null);
      return;
    }
    socket.send(json, { binary: false });
  }

  private onSessionMessage(room: SessionRoom, message: SessionMessage): void {
    if (message.seq !== null) {
      // A beacon says "frames up to seq exist"; a real frame is the one after lastSeq.
      const gap = seqGap(room.lastSeq, message.kind === 'beacon' ? message.seq + 1 : message.seq);
      room.lastSeq = Math.max(room.lastSeq ?? 0, message.seq);
      if (gap) {
        const note = encodeViewerFrame(statusFrame({ event: 'output_gap', message: `${gap.missing} output frame(s) were lost in transit`, missing: gap.missing }, this.d.clock.now()));
        for (const member of [...room.members]) this.send(member, note);
      }
    }
    if (message.kind === 'frame') this.fanOut(room, message);
  }

  private fanOut(room: SessionRoom, frame: HeldFrame): void {
    const started = performance.now();
    // Encoded to UTF-8 once for every socket, not once per socket (ws would do it on each send).
    const encoded = Buffer.from(frame.json);
    for (const member of [...room.members]) {
      const pending = this.awaitingReplay.get(member.id);
      if (!pending) this.send(member, encoded);
      else if (pending.held.push(frame) > maxFramesHeldForReplay) this.releaseHeld(member, null);
    }
    if (room.members.size > 0) {
      this.d.metrics.framesRelayed.inc(room.members.size);
      this.d.metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
    }
  }

  private onInstanceMessage(message: InstanceMessage): void {
    const owner = this.membersOf(message.sessionId).find((m) => m.id === message.connectionId);
    if (owner) this.releaseHeld(owner, message);
  }

  /**
   * Sends an owner its replay (its screen up to replay.seq), then the frames held while it
   * waited, minus those the replay already contains.
   */
  private releaseHeld(member: Member, replay: HeldFrame | null): void {
    const pending = this.awaitingReplay.get(member.id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.awaitingReplay.delete(member.id);
    if (replay) this.send(member, replay.json);
    const covered = replay?.seq ?? -1;
    for (const held of pending.held) if (held.seq === null || held.seq > covered) this.send(member, held.json);
  }

  private closeMember(member: Member, code: number, reason: string, statusJson: string | null): void {
    this.remove(member);
    const { socket } = member;
    if (socket.readyState === openState) {
      if (statusJson !== null) socket.send(statusJson, { binary: false });
      socket.close(code, reason);
      // A peer that never answers the close handshake is cut off.
      setTimeout(() => socket.readyState !== 3 && socket.terminate(), 2_000).unref();
    }
    member.onClosedByHub?.(reason);
  }
}
