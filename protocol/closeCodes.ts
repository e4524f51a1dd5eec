/**
 * WebSocket close codes used by the terminal and viewer sockets (DESIGN.md §6).
 * `retry` tells a client whether reconnecting can ever help: fatal codes mean the
 * share or the permission is gone for good, retryable ones are transient.
 */
export const CloseCode = {
  /** Normal closure, e.g. the client navigated away. */
  normal: 1000,
  /** The server is shutting down; reconnecting (maybe to another instance) may help. */
  goingAway: 1001,
  /** The client broke a rule (too many frames before ready, too many unknown share links). */
  policyViolation: 1008,
  /** A client sent a frame larger than the socket's maxPayload. */
  messageTooBig: 1009,
  /** The server failed unexpectedly; reconnecting may help. */
  internalError: 1011,
  /** No valid login (cookie or bearer). */
  notLoggedIn: 4401,
  /** Logged in, but lacking the permission (share:view, or not the session owner). */
  forbidden: 4403,
  /** Unknown share token or session id. */
  notFound: 4404,
  /** The viewer did not read fast enough and its send buffer overflowed. */
  tooSlow: 4408,
  /** The share expired or was revoked; the token never works again. */
  shareEnded: 4410,
  /** The owner (or a NOC lead, an admin) removed this viewer; the page must not reconnect. */
  viewerRemoved: 4412,
  /** The share's max_viewers is reached. */
  maxViewers: 4429,
  /** The audit store is unreachable; joins fail closed. */
  storeUnavailable: 4503,
} as const;

const retryable: ReadonlySet<number> = new Set([
  CloseCode.goingAway,
  CloseCode.tooSlow,
  CloseCode.storeUnavailable,
  CloseCode.internalError,
  1006, // abnormal closure: the network dropped
  1012, // service restart
  1013, // try again later
]);

/** True when reconnecting after this close code can succeed. */
export function isRetryableClose(code: number): boolean {
  return retryable.has(code);
}
