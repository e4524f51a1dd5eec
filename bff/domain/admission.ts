/**
 * Why a viewer may not watch, said once: each refusal carries what every caller needs (the HTTP
 * status and error code of GET /shared/:token, the close code and status frame of a viewer
 * socket, the reason written to the audit log), so the REST route and the socket cannot drift.
 */
import { CloseCode, type StatusFrame } from '../../protocol/index.js';

export type StatusBody = Omit<StatusFrame, 'type' | 'timestamp'>;

export type RefusalReason =
  | 'not_logged_in'
  | 'forbidden'
  | 'rate_limited'
  | 'unknown_token'
  | 'expired'
  | 'revoked'
  | 'session_ended'
  | 'max_viewers'
  | 'barred';

export interface Refusal {
  ok: false;
  /** Written to the audit log as the `viewer.denied` reason. */
  reason: RefusalReason;
  httpStatus: number;
  /** The REST error code. */
  code: string;
  /** The human sentence: the REST error message and, when sent, the status frame's message. */
  message: string;
  closeCode: number;
  /** The WebSocket close reason (short; at most 123 bytes). */
  closeReason: string;
  /** Sent as a status frame before the close, when the viewer page should explain it. */
  status?: StatusBody;
  retryAfterMs?: number;
  /** Extra audit details. */
  details?: Record<string, unknown>;
}

function refusal(r: Omit<Refusal, 'ok'>): Refusal {
  return { ok: false, ...r };
}

export const refuse = {
  notLoggedIn: () =>
    refusal({ reason: 'not_logged_in', httpStatus: 401, code: 'unauthorized', message: 'Log in first', closeCode: CloseCode.notLoggedIn, closeReason: 'log in first' }),
  forbidden: () =>
    refusal({ reason: 'forbidden', httpStatus: 403, code: 'forbidden', message: 'Your account may not view shared sessions', closeCode: CloseCode.forbidden, closeReason: 'no permission to view shares' }),
  rateLimited: (retryAfterMs: number) =>
    refusal({
      reason: 'rate_limited',
      httpStatus: 429,
      code: 'too_many_attempts',
      message: 'Too many unknown share links; try again later',
      closeCode: CloseCode.policyViolation,
      closeReason: 'too many unknown share links; try again later',
      retryAfterMs,
    }),
  unknownToken: () =>
    refusal({ reason: 'unknown_token', httpStatus: 404, code: 'not_found', message: 'This share link is not valid', closeCode: CloseCode.notFound, closeReason: 'unknown share' }),
  ended: (state: 'expired' | 'revoked', by: string | null) => {
    const status = shareEndedStatus(state, by);
    return refusal({ reason: state, httpStatus: 410, code: `share_${state}`, message: status.message, closeCode: CloseCode.shareEnded, closeReason: `share ${state}`, status });
  },
  sessionEnded: () =>
    refusal({ reason: 'session_ended', httpStatus: 410, code: 'session_ended', message: 'Session ended', closeCode: CloseCode.normal, closeReason: 'session ended', status: sessionEndedStatus }),
  barred: (by: string) => {
    const message = `${by} removed you from this share; you cannot rejoin it`;
    return refusal({
      reason: 'barred',
      httpStatus: 403,
      code: 'barred',
      message,
      closeCode: CloseCode.viewerRemoved,
      closeReason: 'removed from this share',
      status: { message, event: 'viewer_removed', by, barred: true },
    });
  },
  maxViewers: (max: number) => {
    const message = `This share allows ${max} viewer(s) at once and all places are taken`;
    return refusal({
      reason: 'max_viewers',
      httpStatus: 429,
      code: 'max_viewers',
      message,
      closeCode: CloseCode.maxViewers,
      closeReason: 'max viewers reached',
      status: { message, event: 'max_viewers' },
      details: { max_viewers: max },
    });
  },
};

/** What viewers of a share that just ended are told (on admission and when it ends under them). */
export function shareEndedStatus(state: 'expired' | 'revoked', by: string | null): StatusBody {
  return state === 'revoked'
    ? { message: `Share revoked by ${by ?? 'an administrator'}`, event: 'share_revoked', state, ...(by ? { revoked_by: by } : {}) }
    : { message: 'Share expired', event: 'share_expired', state };
}

export const sessionEndedStatus: StatusBody = { message: 'Session ended', event: 'session_ended' };

/** What viewers are told when sharing pauses or resumes (DESIGN.md §13); `by` is null when it happened by itself. */
export function sharingStatus(paused: boolean, reason: string | null, by: string | null): StatusBody {
  const who = by === null ? {} : { by };
  const why = reason === null ? {} : { reason };
  if (!paused) return { event: 'sharing_resumed', message: 'Sharing resumed', ...why, ...who };
  const message = reason === 'password_prompt' ? 'Sharing paused while the owner types a password' : `Sharing paused by ${by ?? 'the owner'}`;
  return { event: 'sharing_paused', message, ...why, ...who };
}
