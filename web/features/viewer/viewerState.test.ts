import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../../protocol/closeCodes.js';
import type { StatusFrame } from '../../../protocol/frames.js';
import { initialViewerState, viewerReducer, type ViewerEvent, type ViewerState } from './viewerState.js';

const status = (event: StatusFrame['event'], extra: Partial<StatusFrame> = {}): ViewerEvent => ({
  type: 'status',
  frame: { type: 'status', message: String(event), timestamp: 1, event, ...extra },
});
const close = (code: number, willRetry = false): ViewerEvent => ({
  type: 'close',
  code,
  willRetry,
  retryInMs: willRetry ? 500 : null,
  attempt: 1,
});
const run = (...events: ViewerEvent[]): ViewerState => events.reduce(viewerReducer, initialViewerState);

describe('viewer overlays (DESIGN.md §6)', () => {
  it('goes live on the connected status and learns the owner', () => {
    const state = run(
      { type: 'open' },
      status('connected', { owner: { user_id: 'u1', email: 'a@x', name: 'Alice' }, expires_at: '2030-01-01T00:00:00Z' }),
    );
    expect(state.phase).toEqual({ kind: 'live' });
    expect(state.owner?.name).toBe('Alice');
    expect(state.expiresAt).toBe('2030-01-01T00:00:00Z');
  });

  it('shows owner disconnected, then a reconnected notice', () => {
    const away = run({ type: 'open' }, status('connected'), status('owner_disconnected'));
    expect(away.phase.kind).toBe('owner_disconnected');
    const back = viewerReducer(away, status('owner_reconnected'));
    expect(back.phase.kind).toBe('live');
    expect(back.notice?.kind).toBe('owner_reconnected');
  });

  it('keeps who revoked the share when the 4410 close follows', () => {
    const state = run(status('connected'), status('share_revoked', { revoked_by: 'lead@example.com' }), close(CloseCode.shareEnded));
    expect(state.phase).toMatchObject({ kind: 'ended', reason: 'share_revoked', revokedBy: 'lead@example.com' });
  });

  it.each([
    [CloseCode.notLoggedIn, 'not_logged_in'],
    [CloseCode.forbidden, 'forbidden'],
    [CloseCode.notFound, 'unknown_link'],
    [CloseCode.maxViewers, 'max_viewers'],
    [CloseCode.shareEnded, 'share_ended'],
  ])('maps fatal close %i to %s', (code, reason) => {
    expect(run(close(code)).phase).toMatchObject({ kind: 'ended', reason });
  });

  it('reconnects after a lost connection and names a too-slow cause', () => {
    expect(run(status('connected'), close(1006, true)).phase).toMatchObject({ kind: 'reconnecting', cause: 'lost' });
    expect(run(status('too_slow'), close(CloseCode.tooSlow, true)).phase).toMatchObject({ cause: 'too_slow' });
  });

  it('reports an output gap as a notice without leaving the live state', () => {
    const state = run(status('connected'), status('output_gap', { missing: 3 }));
    expect(state.phase.kind).toBe('live');
    expect(state.notice).toMatchObject({ kind: 'output_gap', missing: 3 });
  });

  it('maps the share lookup answers to overlays', () => {
    const failed = (status: number, code: string): ViewerEvent => ({ type: 'info_failed', status, code, message: 'm' });
    expect(run(failed(404, 'not_found')).phase).toMatchObject({ reason: 'unknown_link' });
    expect(run(failed(410, 'share_revoked')).phase).toMatchObject({ reason: 'share_revoked' });
    expect(run(failed(401, 'unauthorized')).phase).toMatchObject({ reason: 'not_logged_in' });
    expect(run(failed(500, 'internal')).phase.kind).toBe('connecting');
  });
});
