/**
 * How an owner's tab follows its terminal socket (DESIGN.md §4), as a pure reducer over socket
 * events like the viewer's (viewerState.ts): the tab strip, the toolbar and the terminal overlay
 * show the state it returns, and the pane invalidates the server state it names as stale.
 */
import { CloseCode } from '../../../protocol/closeCodes.js';
import type { StatusFrame } from '../../../protocol/frames.js';
import type { Session } from '../../../protocol/rest.js';
import type { OwnerConnection } from '../../state/workspace.js';

export type OwnerConnectionEvent =
  /** The terminal is up and its socket starts connecting. */
  | { type: 'connect' }
  | { type: 'open' }
  | { type: 'status'; frame: StatusFrame }
  | { type: 'close'; code: number; willRetry: boolean; retryInMs: number | null };

/** Server state an event made stale, by query: the caller invalidates it. */
export type StaleQuery = 'me' | 'sessions' | 'shares';

export interface OwnerTransition {
  /** The same object as the state passed in when the event does not move it. */
  connection: OwnerConnection | undefined;
  stale: StaleQuery[];
}

const closeMessages: Record<number, string> = {
  [CloseCode.forbidden]: 'This session belongs to someone else.',
  [CloseCode.notFound]: 'This session no longer exists on the server.',
};

/**
 * `session` is the tab's session as last listed: an ended tab keeps it, since the server lists
 * active sessions only.
 */
export function ownerConnectionReducer(state: OwnerConnection | undefined, event: OwnerConnectionEvent, session: Session): OwnerTransition {
  switch (event.type) {
    case 'connect':
      return { connection: { kind: 'connecting' }, stale: [] };
    case 'open':
      return { connection: { kind: 'open' }, stale: [] };
    case 'status':
      if (event.frame.event !== 'session_ended') return { connection: state, stale: [] };
      return { connection: { kind: 'ended', message: event.frame.message, session }, stale: ['shares'] };
    case 'close':
      return applyClose(state, event, session);
  }
}

function applyClose(state: OwnerConnection | undefined, event: Extract<OwnerConnectionEvent, { type: 'close' }>, session: Session): OwnerTransition {
  // A login that ended sends the whole app to the login page; the tab itself stays as it is.
  if (event.code === CloseCode.notLoggedIn) return { connection: state, stale: ['me'] };
  if (event.willRetry && event.retryInMs !== null) return { connection: { kind: 'reconnecting', retryInMs: event.retryInMs }, stale: [] };
  // The session_ended status that came first says more than the close code that follows it.
  const connection: OwnerConnection | undefined =
    state?.kind === 'ended' ? state : { kind: 'ended', message: closeMessages[event.code] ?? 'The session was closed.', session };
  return { connection, stale: ['sessions'] };
}
