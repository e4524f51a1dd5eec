/**
 * The relay on this instance: which local sockets watch which session, and the fan-out of the
 * session's frames (already serialised by the host) to them. One broker subscription per session
 * with local sockets; every send checks the socket's buffer so one stalled viewer costs nobody else.
 * A socket that waits for its current screen (an owner's repaint, a §12 snapshot) has the live
 * frames held meanwhile, then gets the screen and the held frames it does not already contain.
 */
import type { Logger } from 'pino';
import { CloseCode, seqGap } from '../../protocol/index.js';
import type { Audience, Broker, Disposer, InstanceMessage, SessionMessage } from '../broker/types.js';
import type { Clock } from '../clock.js';
import type { StatusBody } from '../domain/admission.js';
import { encodeViewerFrame, statusFrame } from './frames.js';
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
  /** The last output seq seen of each stream, for gap detection. */
  lastSeq: { owner: number | null; viewers: number | null };
}

type HeldFrame = { json: string | Buffer; seq: number | null };

interface AwaitedScreen {
  held: HeldFrame[];
  timer: NodeJS.Timeout;
  /** Sent instead of a screen that did not come in time (viewers: a status saying so). */
  onMissing: (() => void) | null;
}

const openState = 1;
const maxFramesHeldForScreen = 1_000;

export class RelayHub {
  private readonly rooms = new Map<string, SessionRoom>();
  private readonly awaiting = new Map<string, AwaitedScreen>();
  /** A socket with more than this many bytes unsent is too slow and is closed with 4408. */
  readonly maxBufferedBytes: number;
  private readonly unsubscribeInstance: Disposer;

  constructor(private readonly d: { broker: Broker; clock: Clock; logger: Logger; metrics: RelayMetrics; maxBufferedBytes?: number }) {
    this.maxBufferedBytes = d.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.unsubscribeInstance = d.broker.subscribeInstance((message) => this.onInstanceMessage(message));
  }

  /**
   * Adds a socket to its session's room. With `awaitScreen`, live frames are held for it until
   * its screen arrives (deliverScreen) or `timeoutMs` passes (then `onMissing` runs and the held
   * frames flow without a screen).
   */
  add(member: Member, awaitScreen?: { timeoutMs: number; onMissing?: () => void }): void {
    let room = this.rooms.get(member.sessionId);
    if (!room) {
      const created: SessionRoom = { members: new Set(), lastSeq: { owner: null, viewers: null }, unsubscribe: () => {} };
      created.unsubscribe = this.d.broker.subscribeSession(member.sessionId, (message) => this.onSessionMessage(created, message));
      this.rooms.set(member.sessionId, (room = created));
    }
    room.members.add(member);
    if (member.kind === 'viewer') this.d.metrics.viewers.inc();
    if (awaitScreen) {
      const timer = setTimeout(() => this.release(member, null), awaitScreen.timeoutMs);
      timer.unref();
      this.awaiting.set(member.id, { held: [], timer, onMissing: awaitScreen.onMissing ?? null });
    }
  }

  remove(member: Member): void {
    const room = this.rooms.get(member.sessionId);
    if (!room || !room.members.delete(member)) return;
    if (member.kind === 'viewer') this.d.metrics.viewers.dec();
    const pending = this.awaiting.get(member.id);
    if (pending) clearTimeout(pending.timer);
    this.awaiting.delete(member.id);
    if (room.members.size === 0) {
      room.unsubscribe();
      this.rooms.delete(member.sessionId);
    }
  }

  dispose(): void {
    this.unsubscribeInstance();
    for (const room of this.rooms.values()) room.unsubscribe();
    this.rooms.clear();
    for (const pending of this.awaiting.values()) clearTimeout(pending.timer);
    this.awaiting.clear();
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
    if (message.kind === 'beacon') {
      // A beacon says "frames up to seq exist"; a real frame is the one after lastSeq.
      this.checkGap(room, 'owner', message.ownerSeq + 1, true);
      this.checkGap(room, 'viewers', message.viewerSeq + 1, true);
      return;
    }
    if (message.seq !== null && message.audience !== 'all') this.checkGap(room, message.audience, message.seq, false);
    this.fanOut(room, message.audience, { json: message.json, seq: message.seq });
  }

  private checkGap(room: SessionRoom, stream: 'owner' | 'viewers', next: number, beacon: boolean): void {
    const gap = seqGap(room.lastSeq[stream], next);
    room.lastSeq[stream] = Math.max(room.lastSeq[stream] ?? 0, beacon ? next - 1 : next);
    if (!gap) return;
    const note = encodeViewerFrame(statusFrame({ event: 'output_gap', message: `${gap.missing} output frame(s) were lost in transit`, missing: gap.missing }, this.d.clock.now()));
    for (const member of [...room.members]) if (reaches(stream, member)) this.send(member, note);
  }

  private fanOut(room: SessionRoom, audience: Audience, frame: HeldFrame): void {
    const started = performance.now();
    // Encoded to UTF-8 once for every socket, not once per socket (ws would do it on each send).
    const encoded = Buffer.from(frame.json);
    let sent = 0;
    for (const member of [...room.members]) {
      if (!reaches(audience, member)) continue;
      sent += 1;
      const pending = this.awaiting.get(member.id);
      if (!pending) this.send(member, encoded);
      else if (pending.held.push({ json: encoded, seq: frame.seq }) > maxFramesHeldForScreen) this.release(member, null);
    }
    if (sent > 0) {
      this.d.metrics.framesRelayed.inc(sent);
      this.d.metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
    }
  }

  private onInstanceMessage(message: InstanceMessage): void {
    const member = this.membersOf(message.sessionId).find((m) => m.id === message.memberId);
    if (member) this.release(member, message.json === null ? null : { json: message.json, seq: message.seq });
  }

  /**
   * Ends a socket's wait: its screen (up to screen.seq) first, or the missing-screen notice, then
   * the frames held meanwhile minus the output the screen already contains.
   */
  private release(member: Member, screen: HeldFrame | null): void {
    const pending = this.awaiting.get(member.id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.awaiting.delete(member.id);
    if (screen) this.send(member, screen.json);
    else pending.onMissing?.();
    const covered = screen?.seq ?? -1;
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

/** Whether frames for `audience` go to this member. */
function reaches(audience: Audience, member: Member): boolean {
  return audience === 'all' || (audience === 'owner') === (member.kind === 'owner');
}
