/**
 * A session hosted by this instance: the SSH shell, its streaming UTF-8 decoder, the output
 * sequence, the terminal size, and the owner's presence with its grace period. Output leaves as
 * frames serialised once and published on the broker; owner commands arrive from the broker.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ViewerFrame } from '../../protocol/index.js';
import type { Broker, Disposer, OwnerCommand } from '../broker/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import type { SshShell } from '../ssh/client.js';
import { encodeOwnerFrame, encodeViewerFrame, statusFrame } from '../relay/frames.js';
import { sessionEndedStatus, type StatusBody } from './admission.js';
import { OutputCoalescer } from './coalescer.js';

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
}

/** Owner replay buffer: trimmed to the last 48 Ki characters once it passes 64 Ki. */
const scrollbackChars = 64 * 1024;
const scrollbackKeepChars = 48 * 1024;

/** How often the host announces its latest output seq (a beacon). */
export const seqBeaconMs = 2_000;

export type EndReason = 'device_closed' | 'owner_grace_expired' | 'closed_by_owner' | 'closed_by_admin' | 'shutdown' | 'failed';

export class LiveSession {
  readonly sessionId: string;
  cols: number;
  rows: number;
  private seq = 0;
  private readonly decoder = new StringDecoder('utf8');
  private readonly coalescer: OutputCoalescer;
  private readonly ownerConnections = new Set<string>();
  private readonly logger: Logger;
  private graceTimer: NodeJS.Timeout | null = null;
  private readonly seqBeacon: NodeJS.Timeout;
  private readonly disposers: Disposer[] = [];
  private ended = false;
  /** Recent output, replayed to an owner socket when it connects (never to viewers). */
  private scrollback = '';
  private ownerEverConnected = false;

  constructor(private readonly o: LiveSessionOptions) {
    this.sessionId = o.sessionId;
    this.cols = o.cols;
    this.rows = o.rows;
    this.coalescer = new OutputCoalescer({ fanout: o.fanout, flush: (text) => this.publishOutput(text) });
    this.logger = o.logger.child({ sessionId: o.sessionId });
    this.listenToShell();
    this.disposers.push(o.broker.subscribeOwnerCommands(o.sessionId, (command) => this.guarded(() => this.handle(command))));
    // Until the owner's terminal connects, the session lives on the grace period.
    this.startGrace();
    // The latest seq, announced now and then, lets relays on other instances notice frames lost
    // in a broker outage even when no new output follows it.
    this.seqBeacon = setInterval(() => this.seq > 0 && o.broker.publishSession(o.sessionId, { kind: 'beacon', seq: this.seq }), seqBeaconMs);
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

  handle(command: OwnerCommand): void {
    if (this.ended) return;
    switch (command.type) {
      case 'input':
        this.o.shell.stream.write(command.data);
        return;
      case 'resize':
        return this.resize(command.cols, command.rows);
      case 'presence':
        return command.connected ? this.ownerConnected(command.connectionId, command.instanceId) : this.ownerLeft(command.connectionId);
      case 'close':
        return this.end(command.admin ? 'closed_by_admin' : 'closed_by_owner', command.by);
    }
  }

  end(reason: EndReason, closedBy: string | null = null): void {
    if (this.ended) return;
    this.ended = true;
    this.coalescer.dispose();
    const tail = this.decoder.end();
    if (tail) this.publishOutput(tail);
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
    this.publish({ type: 'resize', cols, rows, timestamp: this.o.clock.now() });
    this.o.onResize(cols, rows);
  }

  private ownerConnected(connectionId: string, instanceId: string): void {
    const json = encodeOwnerFrame({ type: 'output', data: this.scrollback, timestamp: this.o.clock.now(), seq: this.seq });
    this.o.broker.publishToInstance(instanceId, { kind: 'owner.replay', sessionId: this.sessionId, connectionId, json, seq: this.seq });
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
    this.seq += 1;
    this.scrollback += data;
    if (this.scrollback.length > scrollbackChars) this.scrollback = this.scrollback.slice(-scrollbackKeepChars);
    this.publish({ type: 'output', data, timestamp: this.o.clock.now(), seq: this.seq });
  }

  private publishStatus(status: StatusBody): void {
    this.publish(statusFrame(status, this.o.clock.now()));
  }

  private publish(frame: ViewerFrame): void {
    this.o.broker.publishSession(this.sessionId, { kind: 'frame', json: encodeViewerFrame(frame), seq: frame.type === 'output' ? frame.seq : null });
  }
}
