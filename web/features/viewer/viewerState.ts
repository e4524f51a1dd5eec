/**
 * What the viewer page shows, as a pure reducer over socket events (DESIGN.md §6), so every
 * overlay state is reachable and testable without a browser.
 */
import { CloseCode } from '../../../protocol/closeCodes.js';
import type { StatusFrame } from '../../../protocol/frames.js';

export type EndReason =
  | 'session_ended'
  | 'share_expired'
  | 'share_revoked'
  | 'share_ended'
  | 'max_viewers'
  | 'forbidden'
  | 'unknown_link'
  | 'not_logged_in'
  | 'closed';

export type ViewerPhase =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'owner_disconnected' }
  | { kind: 'reconnecting'; retryInMs: number; attempt: number; cause: 'lost' | 'too_slow' | 'store_unavailable' }
  | { kind: 'ended'; reason: EndReason; revokedBy?: string; message?: string };

export type ViewerNotice =
  | { kind: 'owner_reconnected'; id: number }
  | { kind: 'output_gap'; id: number; missing: number | null };

export interface ViewerState {
  phase: ViewerPhase;
  notice: ViewerNotice | null;
  owner: { name: string; email: string } | null;
  device: string | null;
  expiresAt: string | null;
  /** Why the server is about to close us (status before a retryable close). */
  pendingCause: 'too_slow' | 'store_unavailable' | null;
}

export type ViewerEvent =
  | { type: 'open' }
  | { type: 'status'; frame: StatusFrame }
  | { type: 'first_output' }
  | { type: 'gap'; missing: number | null }
  | { type: 'close'; code: number; willRetry: boolean; retryInMs: number | null; attempt: number }
  | { type: 'info'; owner: { name: string; email: string }; device: string; expiresAt: string }
  | { type: 'info_failed'; status: number; code: string; message: string }
  | { type: 'dismiss_notice'; id: number };

export const initialViewerState: ViewerState = {
  phase: { kind: 'connecting' },
  notice: null,
  owner: null,
  device: null,
  expiresAt: null,
  pendingCause: null,
};

let noticeCounter = 0;
const nextNoticeId = () => (noticeCounter += 1);

export function viewerReducer(state: ViewerState, event: ViewerEvent): ViewerState {
  // A final state stays final: the close code that follows a revoke must not hide who revoked.
  if (state.phase.kind === 'ended' && event.type !== 'info' && event.type !== 'dismiss_notice') return state;
  switch (event.type) {
    case 'open':
      return { ...state, phase: { kind: 'connecting' }, pendingCause: null };
    case 'status':
      return applyStatus(state, event.frame);
    case 'first_output':
      return state.phase.kind === 'connecting' ? { ...state, phase: { kind: 'live' } } : state;
    case 'gap':
      return { ...state, notice: { kind: 'output_gap', id: nextNoticeId(), missing: event.missing } };
    case 'close':
      return applyClose(state, event);
    case 'info':
      return { ...state, owner: event.owner, device: event.device, expiresAt: event.expiresAt };
    case 'info_failed':
      return applyInfoFailure(state, event);
    case 'dismiss_notice':
      return state.notice?.id === event.id ? { ...state, notice: null } : state;
  }
}

function ended(state: ViewerState, reason: EndReason, extra: { revokedBy?: string; message?: string } = {}): ViewerState {
  return { ...state, phase: { kind: 'ended', reason, ...extra }, notice: null };
}

function applyStatus(state: ViewerState, frame: StatusFrame): ViewerState {
  const next: ViewerState = {
    ...state,
    owner: frame.owner ? { name: frame.owner.name, email: frame.owner.email } : state.owner,
    device: frame.device ?? state.device,
    expiresAt: frame.expires_at ?? state.expiresAt,
  };
  switch (frame.event ?? eventFromState(frame)) {
    case 'connected':
      return { ...next, phase: frame.owner_connected === false ? { kind: 'owner_disconnected' } : { kind: 'live' } };
    case 'owner_disconnected':
      return { ...next, phase: { kind: 'owner_disconnected' } };
    case 'owner_reconnected':
      return { ...next, phase: { kind: 'live' }, notice: { kind: 'owner_reconnected', id: nextNoticeId() } };
    case 'session_ended':
      return ended(next, 'session_ended', { message: frame.message });
    case 'share_expired':
      return ended(next, 'share_expired', { message: frame.message });
    case 'share_revoked':
      return ended(next, 'share_revoked', { revokedBy: frame.revoked_by, message: frame.message });
    case 'max_viewers':
      return ended(next, 'max_viewers', { message: frame.message });
    case 'output_gap':
      return { ...next, notice: { kind: 'output_gap', id: nextNoticeId(), missing: frame.missing ?? null } };
    case 'store_unavailable':
      return { ...next, pendingCause: 'store_unavailable' };
    case 'too_slow':
      return { ...next, pendingCause: 'too_slow' };
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

function applyClose(state: ViewerState, event: Extract<ViewerEvent, { type: 'close' }>): ViewerState {
  if (event.willRetry && event.retryInMs !== null) {
    const cause = causeOfRetry(state, event.code);
    return { ...state, pendingCause: null, phase: { kind: 'reconnecting', retryInMs: event.retryInMs, attempt: event.attempt, cause } };
  }
  switch (event.code) {
    case CloseCode.notLoggedIn:
      return ended(state, 'not_logged_in');
    case CloseCode.forbidden:
      return ended(state, 'forbidden');
    case CloseCode.notFound:
      return ended(state, 'unknown_link');
    case CloseCode.shareEnded:
      return ended(state, 'share_ended');
    case CloseCode.maxViewers:
      return ended(state, 'max_viewers');
    default:
      return ended(state, 'closed', { message: `The connection was closed (code ${event.code}).` });
  }
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
