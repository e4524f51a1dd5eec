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
  /**
   * A frame, serialised once by the host and sent as is to every socket of its audience. The
   * owner and the viewers get separate output streams (viewers' is masked and stops while
   * sharing is paused), each numbered by its own `seq`; status and resize frames go to all.
   */
  | { kind: 'frame'; audience: Audience; json: string; seq: number | null }
  /** "Output frames up to these seqs exist": lets relays notice frames lost in a broker outage. */
  | { kind: 'beacon'; ownerSeq: number; viewerSeq: number };

export type Audience = 'all' | 'owner' | 'viewers';

/** Addressed to one instance only (never broadcast). */
export type InstanceMessage =
  /**
   * The current screen for one socket that just connected (an owner's repaint, or a joining
   * viewer's §12 snapshot): a snapshot frame covering its stream up to `seq`, or null when the
   * host has none to give.
   */
  { kind: 'snapshot'; sessionId: string; memberId: string; json: string | null; seq: number };

/** What an owner socket (on any instance) asks of the session's host. */
export type OwnerCommand =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number }
  /** `instanceId`: where the owner socket is, so its replay goes there and nowhere else. */
  | { type: 'presence'; connected: boolean; connectionId: string; instanceId: string }
  | { type: 'close'; by: string; /** An admin closing someone else's session. */ admin?: boolean }
  /** A joining viewer (on instance `instanceId`) asks for the viewers' current screen. */
  | { type: 'snapshot'; memberId: string; instanceId: string }
  /** Pause or resume sharing (DESIGN.md §13), by a person. */
  | { type: 'sharing'; paused: boolean; by: { user_id: string; email: string } }
  /** Whether a share of the session asks for the current screen (keep the viewers' screen). */
  | { type: 'viewer_screen'; keep: boolean };

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
  | { type: 'session.ended'; sessionId: string; announce?: boolean }
  /** A viewer connection was opened or closed: the owner's sockets hear who (DESIGN.md §13). */
  | { type: 'viewer.presence'; sessionId: string; shareId: string; joined: boolean; viewer: { user_id: string; email: string; name: string; connection_id: string } }
  /** One viewer was removed from a share: its socket (wherever it is) closes with 4412. */
  | { type: 'viewer.removed'; sessionId: string; connectionId: string; by: string; barred: boolean }
  /** A share's expiry moved: its viewers hear the new one. */
  | { type: 'share.extended'; sessionId: string; shareId: string; expiresAt: string };

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
