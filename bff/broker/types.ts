/**
 * The connection broker (DESIGN.md §9): how frames, owner commands and control events travel
 * between Controller instances. In-process for one instance, Valkey pub/sub for several. Every
 * message kind is a member of a discriminated union, validated (messages.ts) when it arrives
 * from another process.
 */
import type { ShareState } from '../../protocol/index.js';

export type Disposer = () => void;

/** What travels on a session's channel, from its host to every instance with sockets of it. */
export type SessionMessage =
  /** A viewer frame, serialised once by the host and sent as is to every socket. `seq` is set for output. */
  | { kind: 'frame'; json: string; seq: number | null }
  /** "Output frames up to `seq` exist": lets relays notice frames lost in a broker outage. */
  | { kind: 'beacon'; seq: number };

/** Addressed to one instance only (never broadcast). */
export type InstanceMessage =
  /** The repaint of an owner socket that just connected: an owner frame covering output up to `seq`. */
  { kind: 'owner.replay'; sessionId: string; connectionId: string; json: string; seq: number };

/** What an owner socket (on any instance) asks of the session's host. */
export type OwnerCommand =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  /** `instanceId`: where the owner socket is, so its replay goes there and nowhere else. */
  | { type: 'presence'; connected: boolean; connectionId: string; instanceId: string }
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
  publishSession(sessionId: string, message: SessionMessage): void;
  subscribeSession(sessionId: string, handler: (message: SessionMessage) => void): Disposer;
  publishToInstance(instanceId: string, message: InstanceMessage): void;
  /** Messages addressed to this instance. */
  subscribeInstance(handler: (message: InstanceMessage) => void): Disposer;
  publishOwnerCommand(sessionId: string, command: OwnerCommand): void;
  /** Only the host of a session subscribes to its owner commands. */
  subscribeOwnerCommands(sessionId: string, handler: (command: OwnerCommand) => void): Disposer;
  publishControl(event: ControlEvent): void;
  subscribeControl(handler: (event: ControlEvent) => void): Disposer;
  close(): Promise<void>;
}
