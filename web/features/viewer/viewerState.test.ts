import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../../protocol/closeCodes.js';
import type { StatusFrame } from '../../../protocol/frames.js';
import {
  initialViewerStream,
  initialViewerState,
  viewerReducer,
  viewerStreamReducer,
  type ViewerEvent,
  type ViewerState,
  type ViewerStream,
  type ViewerStreamEvent,
} from './viewerState.js';

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

/** Runs the stream reducer and collects the gaps it reports. */
function stream(...events: ViewerStreamEvent[]): { stream: ViewerStream; gaps: number[] } {
  const gaps: number[] = [];
  let state = initialViewerStream;
  for (const event of events) {
    const result = viewerStreamReducer(state, event);
    state = result.stream;
    if (result.gap) gaps.push(result.gap.missing);
  }
  return { stream: state, gaps };
}

describe('the current screen on join (DESIGN.md §12)', () => {
  it('continues at snapshot seq + 1 without reporting a gap', () => {
    expect(stream({ type: 'open' }, { type: 'snapshot', seq: 41 }, { type: 'output', seq: 42 }, { type: 'output', seq: 43 })).toEqual({
      stream: { lastSeq: 43 },
      gaps: [],
    });
  });

  it('reports output missing after the snapshot, and none on the first output without one', () => {
    expect(stream({ type: 'open' }, { type: 'snapshot', seq: 10 }, { type: 'output', seq: 13 }).gaps).toEqual([2]);
    expect(stream({ type: 'open' }, { type: 'output', seq: 500 }, { type: 'output', seq: 501 }).gaps).toEqual([]);
  });

  it('forgets the last seq on a new connection', () => {
    expect(stream({ type: 'snapshot', seq: 10 }, { type: 'open' }, { type: 'output', seq: 90 }).gaps).toEqual([]);
  });

  it('goes live with the snapshot, learns the owner size and stops waiting', () => {
    const state = run({ type: 'open' }, { type: 'snapshot', cols: 200, rows: 50 });
    expect(state.phase.kind).toBe('live');
    expect(state.content).toBe('snapshot');
    expect(state.ownerSize).toEqual({ cols: 200, rows: 50 });
  });

  it('waits for output when the host could not send the screen, and says why', () => {
    const state = run({ type: 'open' }, status('connected'), { type: 'resize', cols: 120, rows: 40 }, status('snapshot_unavailable'));
    expect(state.phase.kind).toBe('live');
    expect(state.content).toBe('none');
    expect(state.notice?.kind).toBe('snapshot_unavailable');
    expect(state.ownerSize).toEqual({ cols: 120, rows: 40 });
    expect(viewerReducer(state, { type: 'first_output' }).content).toBe('output');
  });
});

describe('owner control of a live share (DESIGN.md §13)', () => {
  it('pauses over the last frame and resumes', () => {
    const paused = run(status('connected'), { type: 'first_output' }, status('sharing_paused', { reason: 'owner', by: 'olivia@example.com' }));
    expect(paused.phase.kind).toBe('live');
    expect(paused.paused).toEqual({ reason: 'owner', by: 'olivia@example.com' });
    expect(viewerReducer(paused, status('sharing_resumed')).paused).toBeNull();
  });

  it('keeps the reason of an automatic pause at a password prompt', () => {
    expect(run(status('connected'), status('sharing_paused', { reason: 'password_prompt' })).paused).toEqual({ reason: 'password_prompt', by: null });
  });

  it('forgets a pause on a new connection (the server says it again)', () => {
    expect(run(status('connected'), status('sharing_paused', { reason: 'owner' }), { type: 'open' }).paused).toBeNull();
  });

  it('names who removed the viewer and whether they are barred, through the 4412 close', () => {
    const state = run(status('connected'), status('viewer_removed', { by: 'lead@example.com', barred: true }), close(CloseCode.viewerRemoved));
    expect(state.phase).toMatchObject({ kind: 'ended', reason: 'viewer_removed', removedBy: 'lead@example.com', barred: true });
    expect(run(close(CloseCode.viewerRemoved)).phase).toMatchObject({ kind: 'ended', reason: 'viewer_removed' });
  });

  it('moves the expiry and tells the viewer when the share is extended', () => {
    const state = run(status('connected', { expires_at: '2030-01-01T00:00:00Z' }), status('share_extended', { expires_at: '2030-01-01T01:00:00Z' }));
    expect(state.expiresAt).toBe('2030-01-01T01:00:00Z');
    expect(state.notice).toMatchObject({ kind: 'share_extended', expiresAt: '2030-01-01T01:00:00Z' });
    expect(viewerReducer(state, { type: 'info', owner: { name: 'A', email: 'a@x' }, device: 'd', expiresAt: '2030-01-01T00:00:00Z' }).expiresAt).toBe(
      '2030-01-01T01:00:00Z',
    );
  });
});

describe('accounts and live sockets (DESIGN.md §16)', () => {
  it('says the viewer was signed out instead of redirecting when the 4401 close follows', () => {
    expect(run(status('connected'), status('signed_out'), close(CloseCode.notLoggedIn)).phase).toMatchObject({ kind: 'ended', reason: 'signed_out' });
  });
});

describe('the read-only hint (issue 11)', () => {
  it('shows once, on the first keystroke, and never again after it faded', () => {
    const shown = run(status('connected'), { type: 'typed' });
    expect(shown.readOnlyHint).toBe('shown');
    expect(viewerReducer(shown, { type: 'typed' })).toBe(shown);
    const done = viewerReducer(shown, { type: 'hide_read_only_hint' });
    expect(done.readOnlyHint).toBe('done');
    expect(viewerReducer(done, { type: 'typed' }).readOnlyHint).toBe('done');
  });
});
