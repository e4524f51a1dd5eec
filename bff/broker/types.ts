/**
 * The connection broker (DESIGN.md §9): how frames, owner commands and control events travel
 * between Controller instances. In-process for one instance, Valkey pub/sub for several.
 */
import type { ShareState } from '../../protocol/index.js';

export type Disposer = () => void;

/** A server→client frame of one session, serialised once by the host. */
export interface SessionFrame {
  /** The JSON text sent as is to every socket; empty for a seq beacon, which is never sent. */
  json: string;
  /** Per-session output sequence number; null for resize and status frames. */
  seq: number | null;
  /**
   * A replay of recent output for one owner socket (its member id) that just connected; only
   * that socket receives it. `seq` then is the last output seq the replay contains.
   */
  replayFor?: string;
}

/** What an owner socket (on any instance) asks of the session's host. */
export type OwnerCommand =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'presence'; connected: boolean; connectionId: string }
  | { type: 'close'; by: string; /** An admin closing someone else's session. */ admin?: boolean };

/** Cluster-wide events every instance acts on. */
export type ControlEvent =
  | {
      type: 'share.ended';
      shareId: string;
      sessionId: string;
      state: Exclude<ShareState, 'active'>;
      by: string | null;
    }
  | { type: 'shares.changed'; sessionId: string }
  /** `announce`: the host is gone, so the receivers tell viewers the session ended themselves. */
  | { type: 'session.ended'; sessionId: string; announce?: boolean };

export type BrokerState = 'connected' | 'reconnecting' | 'down';

export interface Broker {
  readonly kind: 'in-process' | 'valkey';
  state(): BrokerState;
  publishFrame(sessionId: string, frame: SessionFrame): void;
  subscribeFrames(sessionId: string, handler: (frame: SessionFrame) => void): Disposer;
  publishOwnerCommand(sessionId: string, command: OwnerCommand): void;
  /** Only the host of a session subscribes to its owner commands. */
  subscribeOwnerCommands(sessionId: string, handler: (command: OwnerCommand) => void): Disposer;
  publishControl(event: ControlEvent): void;
  subscribeControl(handler: (event: ControlEvent) => void): Disposer;
  close(): Promise<void>;
}
