/**
 * A session hosted by this instance: the SSH shell, its streaming UTF-8 decoder, the terminal
 * size, and the owner's presence with its grace period. Output leaves as two streams of frames
 * serialised once and published on the broker: the owner's (everything, kept in a headless
 * screen for the owner's repaint, and recorded) and the viewers' (viewerStream.ts: masked,
 * paused). Owner commands arrive from the broker, from whichever instance the owner is on.
 */
import { StringDecoder } from 'node:string_decoder';
import type { OwnerFrame, ViewerFrame } from '../../protocol/index.js';
import type { Audience, Broker, Disposer, OwnerCommand } from '../broker/types.js';
import type { SessionRecorder } from '../recording/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import type { SshShell } from '../ssh/client.js';
import { encodeOwnerFrame, encodeViewerFrame, statusFrame } from '../relay/frames.js';
import { sessionEndedStatus, sharingStatus, type StatusBody } from './admission.js';
import { OutputCoalescer } from './coalescer.js';
import { OwnerRepaint } from './ownerRepaint.js';
import { type SharingState, ViewerStream } from './viewerStream.js';

export interface LiveSessionOptions {
  sessionId: string;
  shell: SshShell;
  broker: Broker;
  clock: Clock;
  logger: Logger;
  cols: number;
  rows: number;
  ownerGraceMs: number;
  /** Sockets the output currently fans out to (for the coalescing policy). */
  fanout: () => number;
  onResize: (cols: number, rows: number) => void;
  onOwnerPresence: (connected: boolean) => void;
  /** `closedBy`: the user who closed it, when someone did. */
  onEnded: (reason: EndReason, closedBy: string | null) => void;
  /** Sharing paused or resumed: persisted and audited by the caller. */
  onSharingChanged?: (state: SharingState) => void;
  onMasked?: (count: number) => void;
  /** Mask secrets in the viewers' stream; pause it at secret prompts (DESIGN.md §13). */
  redact?: boolean;
  autoPause?: boolean;
  recorder?: SessionRecorder | null;
}


/** How often the host announces its latest output seq (a beacon). */
export const seqBeaconMs = 2_000;

export type EndReason = 'device_closed' | 'owner_grace_expired' | 'closed_by_owner' | 'closed_by_admin' | 'shutdown' | 'failed';

export class LiveSession {
  readonly sessionId: string;
  cols: number;
  rows: number;
  private ownerSeq = 0;
  private readonly ownerScreen: OwnerRepaint;
  private readonly viewers: ViewerStream;
  private readonly decoder = new StringDecoder('utf8');
  private readonly coalescer: OutputCoalescer;
  private readonly ownerConnections = new Set<string>();
  private readonly logger: Logger;
  private graceTimer: NodeJS.Timeout | null = null;
  private readonly seqBeacon: NodeJS.Timeout;
  private readonly disposers: Disposer[] = [];
  private ended = false;
  private ownerEverConnected = false;
  /** Owner repaints being made: the owner's screen stays until the last is sent. */
  private repaintsPending = 0;

  constructor(private readonly o: LiveSessionOptions) {
    this.sessionId = o.sessionId;
    this.cols = o.cols;
    this.rows = o.rows;
    this.coalescer = new OutputCoalescer({ fanout: o.fanout, flush: (text) => this.publishOutput(text) });
    this.logger = o.logger.child({ sessionId: o.sessionId });
    this.ownerScreen = new OwnerRepaint(o.cols, o.rows);
    // No owner socket yet: keep their screen for the first repaint.
    this.ownerScreen.keep(true);
    this.viewers = new ViewerStream({
      redact: o.redact ?? true,
      autoPause: o.autoPause ?? true,
      now: () => o.clock.now(),
      cols: o.cols,
      rows: o.rows,
      emit: (data, seq) => this.publish('viewers', { type: 'output', data, timestamp: o.clock.now(), seq }),
      onSharingChanged: (state) => this.sharingChanged(state),
      onMasked: (count) => o.onMasked?.(count),
    });
    this.listenToShell();
    this.disposers.push(o.broker.subscribeOwnerCommands(o.sessionId, (command) => this.guarded(() => this.handle(command))));
    // Until the owner's terminal connects, the session lives on the grace period.
    this.startGrace();
    // The latest seq, announced now and then, lets relays on other instances notice frames lost
    // in a broker outage even when no new output follows it.
    this.seqBeacon = setInterval(() => {
      if (this.ownerSeq > 0) o.broker.publishSession(o.sessionId, { kind: 'beacon', ownerSeq: this.ownerSeq, viewerSeq: this.viewers.seq });
    }, seqBeaconMs);
    this.seqBeacon.unref();
  }

  private listenToShell(): void {
    const { stream } = this.o.shell;
    // Decoding per chunk would split multi-byte characters; the decoder keeps partial sequences.
    const onData = (chunk: Buffer) => this.guarded(() => this.coalescer.push(this.decoder.write(chunk)));
    const onClose = () => this.end('device_closed');
    stream.on('data', onData);
    stream.stderr.on('data', onData);
    stream.on('close', onClose);
    stream.on('error', onClose);
    this.disposers.push(() => {
      stream.off('data', onData);
      stream.stderr.off('data', onData);
      stream.off('close', onClose);
      stream.off('error', onClose);
    });
  }

  /**
   * Whatever goes wrong while handling this session's output or commands ends this session,
   * logged, and never reaches the process: one session's failure is not everyone's.
   */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.logger.error({ err }, 'session failed; ending it');
      this.end('failed');
    }
  }

  /** Whether viewers see the session now, and since when. */
  get sharing(): SharingState {
    return this.viewers.state;
  }

  handle(command: OwnerCommand): void {
    if (this.ended) return;
    switch (command.type) {
      case 'input':
        this.o.shell.stream.write(command.data);
        return this.viewers.input(command.data);
      case 'resize':
        return this.resize(command.cols, command.rows);
      case 'presence':
        return command.connected ? this.ownerConnected(command.connectionId, command.instanceId) : this.ownerLeft(command.connectionId);
      case 'close':
        return this.end(command.admin ? 'closed_by_admin' : 'closed_by_owner', command.by);
      case 'snapshot':
        return void this.sendViewerSnapshot(command.memberId, command.instanceId);
      case 'sharing':
        return command.paused ? this.viewers.pause(command.by, 'owner') : this.viewers.resume(command.by);
      case 'viewer_screen':
        return this.viewers.keepScreen(command.keep);
    }
  }

  end(reason: EndReason, closedBy: string | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.coalescer.dispose();
    const tail = this.decoder.end();
    if (tail) this.publishOutput(tail);
    this.viewers.dispose();
    this.ownerScreen.dispose();
    this.o.recorder?.end(this.o.clock.now());
    this.publishStatus(sessionEndedStatus);
    this.clearGrace();
    clearInterval(this.seqBeacon);
    for (const dispose of this.disposers.splice(0)) dispose();
    try {
      this.o.shell.close();
    } finally {
      this.o.onEnded(reason, closedBy);
    }
  }

  private resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    this.o.shell.resize(cols, rows);
    this.ownerScreen.resize(cols, rows);
    this.viewers.resize(cols, rows);
    this.o.recorder?.resize(cols, rows, this.o.clock.now());
    this.publish('all', { type: 'resize', cols, rows, timestamp: this.o.clock.now() });
    this.o.onResize(cols, rows);
  }

  private ownerConnected(connectionId: string, instanceId: string): void {
    void this.sendOwnerSnapshot(connectionId, instanceId);
    const wasAbsent = this.ownerConnections.size === 0;
    this.ownerConnections.add(connectionId);
    if (!wasAbsent) return;
    this.clearGrace();
    this.o.onOwnerPresence(true);
    const returning = this.ownerEverConnected;
    this.ownerEverConnected = true;
    if (returning) this.publishStatus({ message: 'Session owner reconnected', event: 'owner_reconnected' });
  }

  private ownerLeft(connectionId: string): void {
    if (!this.ownerConnections.delete(connectionId) || this.ownerConnections.size > 0) return;
    this.ownerScreen.keep(true);
    this.o.onOwnerPresence(false);
    this.publishStatus({ message: 'Session owner disconnected', event: 'owner_disconnected' });
    this.startGrace();
  }

  private startGrace(): void {
    this.clearGrace();
    this.graceTimer = setTimeout(() => this.end('owner_grace_expired'), this.o.ownerGraceMs);
    this.graceTimer.unref();
  }

  private clearGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private publishOutput(data: string): void {
    this.ownerSeq += 1;
    const now = this.o.clock.now();
    this.ownerScreen.write(data, this.ownerSeq);
    this.o.recorder?.output(data, now);
    this.publish('owner', { type: 'output', data, timestamp: now, seq: this.ownerSeq });
    this.viewers.push(data);
  }

  /** The owner's (re)connect repaint: their own screen with its scrollback, only to that socket. */
  private async sendOwnerSnapshot(memberId: string, instanceId: string): Promise<void> {
    const send = (json: string | null, seq: number) => this.o.broker.publishToInstance(instanceId, { kind: 'snapshot', sessionId: this.sessionId, memberId, json, seq });
    this.repaintsPending += 1;
    try {
      const frame = await this.ownerScreen.snapshot(this.o.clock.now());
      send(encodeOwnerFrame(frame), frame.seq);
    } catch (err) {
      this.logger.warn({ err }, 'no owner screen to repaint');
      send(null, 0);
    } finally {
      this.repaintsPending -= 1;
    }
    // The owner is back and no other repaint is under way: their screen is on their terminal again.
    if (this.ownerConnections.size > 0 && this.repaintsPending === 0 && !this.ended) this.ownerScreen.keep(false);
  }

  /** A joining viewer's current screen (DESIGN.md §12), to the instance it joined on. */
  private async sendViewerSnapshot(memberId: string, instanceId: string): Promise<void> {
    const send = (json: string | null, seq: number) => this.o.broker.publishToInstance(instanceId, { kind: 'snapshot', sessionId: this.sessionId, memberId, json, seq });
    if (this.viewers.state.paused) return send(null, this.viewers.seq);
    try {
      const frame = await this.viewers.snapshot();
      send(encodeViewerFrame(frame), frame.seq);
    } catch (err) {
      this.logger.warn({ err }, 'no viewer screen to send');
      send(null, this.viewers.seq);
    }
  }

  private sharingChanged(state: SharingState): void {
    this.publishStatus(sharingStatus(state.paused, state.reason, state.by?.email ?? null));
    this.o.onSharingChanged?.(state);
  }

  private publishStatus(status: StatusBody): void {
    this.publish('all', statusFrame(status, this.o.clock.now()));
  }

  private publish(audience: Audience, frame: ViewerFrame | OwnerFrame): void {
    const seq = frame.type === 'output' ? frame.seq : null;
    this.o.broker.publishSession(this.sessionId, { kind: 'frame', audience, json: audience === 'owner' ? encodeOwnerFrame(frame) : encodeViewerFrame(frame as ViewerFrame), seq });
  }
}
