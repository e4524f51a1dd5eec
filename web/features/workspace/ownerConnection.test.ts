import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../../protocol/closeCodes.js';
import type { StatusFrame } from '../../../protocol/frames.js';
import type { Session } from '../../../protocol/rest.js';
import type { OwnerConnection } from '../../state/workspace.js';
import { ownerConnectionReducer, type OwnerConnectionEvent, type StaleQuery } from './ownerConnection.js';

const session: Session = {
  session_id: 's1',
  device: { device_id: 'dev_demo', name: 'lab-rtr-01', host: '127.0.0.1', port: 22 },
  owner: { user_id: 'u1', email: 'owner@example.com' },
  created_at: '2030-01-01T00:00:00Z',
  state: 'active',
};
const status = (event: StatusFrame['event'], message = String(event)): OwnerConnectionEvent => ({
  type: 'status',
  frame: { type: 'status', message, timestamp: 1, event },
});
const close = (code: number, retryInMs: number | null = null): OwnerConnectionEvent => ({ type: 'close', code, willRetry: retryInMs !== null, retryInMs });

/** Feeds the events in order; returns the last state and every query named stale on the way. */
function run(...events: OwnerConnectionEvent[]): { connection: OwnerConnection | undefined; stale: StaleQuery[] } {
  let connection: OwnerConnection | undefined;
  const stale: StaleQuery[] = [];
  for (const event of events) {
    const next = ownerConnectionReducer(connection, event, session);
    connection = next.connection;
    stale.push(...next.stale);
  }
  return { connection, stale };
}

describe('the owner tab follows its terminal socket (DESIGN.md §4)', () => {
  it('connects, then opens', () => {
    expect(run({ type: 'connect' }).connection).toEqual({ kind: 'connecting' });
    expect(run({ type: 'connect' }, { type: 'open' })).toEqual({ connection: { kind: 'open' }, stale: [] });
  });

  it('shows the countdown while a lost connection is retried, and is open again after', () => {
    expect(run({ type: 'connect' }, { type: 'open' }, close(1006, 1_500))).toEqual({ connection: { kind: 'reconnecting', retryInMs: 1_500 }, stale: [] });
    expect(run({ type: 'open' }, close(1006, 1_500), { type: 'open' }).connection).toEqual({ kind: 'open' });
  });

  it('ends with the server’s message on session_ended and refreshes the shares it ended', () => {
    expect(run({ type: 'open' }, status('session_ended', 'The device closed the connection.'))).toEqual({
      connection: { kind: 'ended', message: 'The device closed the connection.', session },
      stale: ['shares'],
    });
  });

  it('keeps the session_ended message when the final close follows, and refreshes the session list', () => {
    const { connection, stale } = run({ type: 'open' }, status('session_ended', 'Closed by the owner.'), close(1000));
    expect(connection).toEqual({ kind: 'ended', message: 'Closed by the owner.', session });
    expect(stale).toEqual(['shares', 'sessions']);
  });

  it('explains a final close by its code', () => {
    expect(run({ type: 'open' }, close(CloseCode.forbidden)).connection).toMatchObject({ kind: 'ended', message: 'This session belongs to someone else.' });
    expect(run({ type: 'open' }, close(CloseCode.notFound)).connection).toMatchObject({ kind: 'ended', message: 'This session no longer exists on the server.' });
    expect(run({ type: 'open' }, close(1011))).toEqual({ connection: { kind: 'ended', message: 'The session was closed.', session }, stale: ['sessions'] });
  });

  it('leaves the tab as it is when the login ended, and refreshes who is logged in', () => {
    const open: OwnerConnection = { kind: 'open' };
    const next = ownerConnectionReducer(open, close(CloseCode.notLoggedIn), session);
    expect(next.connection).toBe(open);
    expect(next.stale).toEqual(['me']);
  });

  it('ignores other statuses without a new state', () => {
    const open: OwnerConnection = { kind: 'open' };
    expect(ownerConnectionReducer(open, status('sharing_paused'), session)).toEqual({ connection: open, stale: [] });
    expect(ownerConnectionReducer(open, status('sharing_paused'), session).connection).toBe(open);
  });
});
