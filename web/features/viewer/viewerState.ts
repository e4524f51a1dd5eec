/**
 * What the viewer page shows, as pure reducers over socket events (DESIGN.md §6, §12, §13, §16), so
 * every overlay state is reachable and testable without a browser.
 */
import { CloseCode } from '../../../protocol/closeCodes.js';
import type { StatusFrame } from '../../../protocol/frames.js';
import { seqGap, type SeqGap } from '../../../protocol/seq.js';

export type EndReason =
  | 'session_ended'
  | 'share_expired'
  | 'share_revoked'
  | 'share_ended'
  | 'max_viewers'
  | 'forbidden'
  | 'unknown_link'
  | 'not_logged_in'
  | 'viewer_removed'
  | 'signed_out'
  | 'closed';

export type ViewerPhase =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'owner_disconnected' }
  | { kind: 'reconnecting'; retryInMs: number; attempt: number; cause: 'lost' | 'too_slow' | 'store_unavailable' }
  | { kind: 'ended'; reason: EndReason; revokedBy?: string; removedBy?: string; barred?: boolean; message?: string };

export type ViewerNotice =
  | { kind: 'owner_reconnected'; id: number }
  | { kind: 'output_gap'; id: number; missing: number | null }
  | { kind: 'share_extended'; id: number; expiresAt: string }
  | { kind: 'snapshot_unavailable'; id: number };

/** DESIGN.md §13: sharing is paused for every viewer; the last frame stays on screen. */
export interface ViewerPause {
  reason: 'owner' | 'password_prompt';
  /** Who paused (the owner's email or name), when the server said. */
  by: string | null;
}

export interface ViewerState {
  phase: ViewerPhase;
  notice: ViewerNotice | null;
  owner: { name: string; email: string } | null;
  device: string | null;
  expiresAt: string | null;
  /** Why the server is about to close us (status before a retryable close). */
  pendingCause: 'too_slow' | 'store_unavailable' | null;
  /** The owner's terminal size, from resize and snapshot frames. */
  ownerSize: { cols: number; rows: number } | null;
  /** Whether the terminal shows anything yet: until then the page says it is waiting. */
  content: 'none' | 'snapshot' | 'output';
  paused: ViewerPause | null;
  /** The read-only hint is shown once per page, the first time the viewer types. */
  readOnlyHint: 'unused' | 'shown' | 'done';
}

export type ViewerEvent =
  | { type: 'open' }
  | { type: 'status'; frame: StatusFrame }
  | { type: 'first_output' }
  | { type: 'snapshot'; cols: number; rows: number }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'gap'; missing: number | null }
  | { type: 'close'; code: number; willRetry: boolean; retryInMs: number | null; attempt: number }
  | { type: 'info'; owner: { name: string; email: string }; device: string; expiresAt: string }
  | { type: 'info_failed'; status: number; code: string; message: string }
  | { type: 'dismiss_notice'; id: number }
  | { type: 'typed' }
  | { type: 'hide_read_only_hint' };

export const initialViewerState: ViewerState = {
  phase: { kind: 'connecting' },
  notice: null,
  owner: null,
  device: null,
  expiresAt: null,
  pendingCause: null,
  ownerSize: null,
  content: 'none',
  paused: null,
  readOnlyHint: 'unused',
};

let noticeCounter = 0;
const nextNoticeId = () => (noticeCounter += 1);

/** Events that still count once the page is final: facts about the share and dismissals. */
const afterEnd: ReadonlySet<ViewerEvent['type']> = new Set(['info', 'dismiss_notice', 'typed', 'hide_read_only_hint']);

export function viewerReducer(state: ViewerState, event: ViewerEvent): ViewerState {
  // A final state stays final: the close code that follows a revoke must not hide who revoked.
  if (state.phase.kind === 'ended' && !afterEnd.has(event.type)) return state;
  switch (event.type) {
    case 'open':
      // A new connection: the server tells a paused share again, so nothing stale stays up.
      return { ...state, phase: { kind: 'connecting' }, pendingCause: null, paused: null };
    case 'status':
      return applyStatus(state, event.frame);
    case 'first_output':
      return { ...state, content: 'output', phase: state.phase.kind === 'connecting' ? { kind: 'live' } : state.phase };
    case 'snapshot':
      return {
        ...state,
        content: 'snapshot',
        ownerSize: { cols: event.cols, rows: event.rows },
        phase: state.phase.kind === 'connecting' ? { kind: 'live' } : state.phase,
      };
    case 'resize':
      return { ...state, ownerSize: { cols: event.cols, rows: event.rows } };
    case 'gap':
      return { ...state, notice: { kind: 'output_gap', id: nextNoticeId(), missing: event.missing } };
    case 'close':
      return applyClose(state, event);
    case 'info':
      return { ...state, owner: event.owner, device: event.device, expiresAt: state.expiresAt ?? event.expiresAt };
    case 'info_failed':
      return applyInfoFailure(state, event);
    case 'dismiss_notice':
      return state.notice?.id === event.id ? { ...state, notice: null } : state;
    case 'typed':
      return state.readOnlyHint === 'unused' ? { ...state, readOnlyHint: 'shown' } : state;
    case 'hide_read_only_hint':
      return state.readOnlyHint === 'shown' ? { ...state, readOnlyHint: 'done' } : state;
  }
}

function ended(state: ViewerState, reason: EndReason, extra: Omit<Extract<ViewerPhase, { kind: 'ended' }>, 'kind' | 'reason'> = {}): ViewerState {
  return { ...state, phase: { kind: 'ended', reason, ...extra }, notice: null, paused: null };
}

function applyStatus(state: ViewerState, frame: StatusFrame): ViewerState {
  const next: ViewerState = {
    ...state,
    owner: frame.owner ? { name: frame.owner.name, email: frame.owner.email } : state.owner,
    device: frame.device ?? state.device,
    expiresAt: frame.expires_at ?? state.expiresAt,
  };
  const event = frame.event ?? eventFromState(frame);
  switch (event) {
    case 'connected':
      return { ...next, phase: frame.owner_connected === false ? { kind: 'owner_disconnected' } : { kind: 'live' } };
    case 'owner_disconnected':
      return { ...next, phase: { kind: 'owner_disconnected' } };
    case 'owner_reconnected':
      return { ...next, phase: { kind: 'live' }, notice: { kind: 'owner_reconnected', id: nextNoticeId() } };
    case 'output_gap':
      return { ...next, notice: { kind: 'output_gap', id: nextNoticeId(), missing: frame.missing ?? null } };
    case 'store_unavailable':
    case 'too_slow':
      return { ...next, pendingCause: event };
    default:
      return applyShareStatus(next, frame, event);
  }
}

/** Status events about the share and the owner's controls (DESIGN.md §12, §13, §16). */
function applyShareStatus(next: ViewerState, frame: StatusFrame, event: StatusFrame['event']): ViewerState {
  switch (event) {
    case 'session_ended':
    case 'share_expired':
    case 'max_viewers':
      return ended(next, event, { message: frame.message });
    case 'share_revoked':
      return ended(next, 'share_revoked', { revokedBy: frame.revoked_by, message: frame.message });
    case 'viewer_removed':
      return ended(next, 'viewer_removed', { removedBy: frame.by, barred: frame.barred === true, message: frame.message });
    case 'signed_out':
      return ended(next, 'signed_out', { message: frame.message });
    case 'sharing_paused':
      return { ...next, paused: { reason: frame.reason === 'password_prompt' ? 'password_prompt' : 'owner', by: frame.by ?? null } };
    case 'sharing_resumed':
      return { ...next, paused: null };
    case 'share_extended':
      return frame.expires_at ? { ...next, notice: { kind: 'share_extended', id: nextNoticeId(), expiresAt: frame.expires_at } } : next;
    case 'snapshot_unavailable':
      return { ...next, notice: { kind: 'snapshot_unavailable', id: nextNoticeId() } };
    default:
      return next;
  }
}

/** Older servers may omit `event`; the share state still tells a final status apart. */
function eventFromState(frame: StatusFrame): StatusFrame['event'] {
  if (frame.state === 'revoked') return 'share_revoked';
  if (frame.state === 'expired') return 'share_expired';
  return undefined;
}

const endOfClose: Partial<Record<number, EndReason>> = {
  [CloseCode.notLoggedIn]: 'not_logged_in',
  [CloseCode.forbidden]: 'forbidden',
  [CloseCode.notFound]: 'unknown_link',
  [CloseCode.shareEnded]: 'share_ended',
  [CloseCode.maxViewers]: 'max_viewers',
  [CloseCode.viewerRemoved]: 'viewer_removed',
};

function applyClose(state: ViewerState, event: Extract<ViewerEvent, { type: 'close' }>): ViewerState {
  if (event.willRetry && event.retryInMs !== null) {
    const cause = causeOfRetry(state, event.code);
    return { ...state, pendingCause: null, phase: { kind: 'reconnecting', retryInMs: event.retryInMs, attempt: event.attempt, cause } };
  }
  const reason = endOfClose[event.code];
  return reason ? ended(state, reason) : ended(state, 'closed', { message: `The connection was closed (code ${event.code}).` });
}

function causeOfRetry(state: ViewerState, code: number): 'lost' | 'too_slow' | 'store_unavailable' {
  if (code === CloseCode.tooSlow) return 'too_slow';
  if (code === CloseCode.storeUnavailable) return 'store_unavailable';
  return state.pendingCause ?? 'lost';
}

function applyInfoFailure(state: ViewerState, event: Extract<ViewerEvent, { type: 'info_failed' }>): ViewerState {
  switch (event.status) {
    case 401:
      return ended(state, 'not_logged_in');
    case 403:
      return ended(state, 'forbidden', { message: event.message });
    case 404:
      return ended(state, 'unknown_link');
    case 410:
      if (event.code.includes('revoked')) return ended(state, 'share_revoked', { message: event.message });
      if (event.code.includes('expired')) return ended(state, 'share_expired', { message: event.message });
      return ended(state, 'share_ended', { message: event.message });
    default:
      // The socket is the authority for everything else; a failed side request changes nothing.
      return state;
  }
}

// ---- the output stream of one connection ----

/** The last output seq the terminal shows, per connection (DESIGN.md §6 gaps, §12 snapshot seam). */
export interface ViewerStream {
  lastSeq: number | null;
}

export type ViewerStreamEvent = { type: 'open' } | { type: 'snapshot'; seq: number } | { type: 'output'; seq: number };

export const initialViewerStream: ViewerStream = { lastSeq: null };

/**
 * Kept outside React state on purpose: it changes with every output frame, and re-rendering the
 * page per frame would cost the terminal its time. A gap goes to `viewerReducer` as a `gap` event.
 */
export function viewerStreamReducer(stream: ViewerStream, event: ViewerStreamEvent): { stream: ViewerStream; gap: SeqGap | null } {
  switch (event.type) {
    case 'open':
      return { stream: initialViewerStream, gap: null };
    case 'snapshot':
      // The snapshot folds in every output up to its seq: live output continues at seq + 1.
      return { stream: { lastSeq: event.seq }, gap: null };
    case 'output':
      return { stream: { lastSeq: Math.max(event.seq, stream.lastSeq ?? event.seq) }, gap: seqGap(stream.lastSeq, event.seq) };
  }
}
