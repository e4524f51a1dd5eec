import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../../protocol/rest.js';
import { canRemove, groupViewers, viewerCapacity, viewerLabel } from './viewerGroups.js';

const viewer = (user: string, at: string, connection?: string): Viewer => ({
  user_id: `usr_${user}`,
  email: `${user}@example.com`,
  name: user === 'anon' ? undefined : `${user[0]!.toUpperCase()}${user.slice(1)}`,
  connected_at: `2025-01-01T10:${at}:00.000Z`,
  ...(connection ? { connection_id: connection } : {}),
});

describe('the viewer list shows each person once (issue 12 item 6, DESIGN.md §13)', () => {
  it('puts the same user in two browser tabs into one entry with two connections', () => {
    const groups = groupViewers([
      { session_id: 's1', share_id: 'sh1', viewers: [viewer('walter', '05', 'c2'), viewer('gus', '01', 'c1'), viewer('walter', '03', 'c3')] },
    ]);
    expect(groups.map((group) => [viewerLabel(group), group.connections.length])).toEqual([
      ['Gus', 1],
      ['Walter', 2],
    ]);
    const walter = groups[1]!;
    expect(walter.since).toBe('2025-01-01T10:03:00.000Z');
    expect(walter.connections.map((c) => c.viewer.connection_id)).toEqual(['c3', 'c2']);
  });

  it('groups a user across two shares of a session and keeps each connection’s share', () => {
    const groups = groupViewers([
      { session_id: 's1', share_id: 'sh1', viewers: [viewer('walter', '01', 'c1')] },
      { session_id: 's1', share_id: 'sh2', viewers: [viewer('walter', '02', 'c2')] },
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.connections.map((c) => c.shareId)).toEqual(['sh1', 'sh2']);
  });

  it('falls back to the email, and offers removal only when every connection is named', () => {
    const [anon] = groupViewers([{ session_id: 's1', share_id: 'sh1', viewers: [viewer('anon', '01')] }]);
    expect(viewerLabel(anon!)).toBe('anon@example.com');
    expect(canRemove(anon!)).toBe(false);
  });
});

describe('the viewer badge reads n/max', () => {
  it('shows the cap when every share has one, and adds caps across shares', () => {
    expect(viewerCapacity([{ viewer_count: 3, max_viewers: 10 }])).toEqual({ count: 3, max: 10 });
    expect(viewerCapacity([{ viewer_count: 3, max_viewers: 10 }, { viewer_count: 1, max_viewers: 5 }])).toEqual({ count: 4, max: 15 });
  });

  it('shows no cap when a share has none, or when there is no share', () => {
    expect(viewerCapacity([{ viewer_count: 3, max_viewers: 10 }, { viewer_count: 1, max_viewers: null }])).toEqual({ count: 4, max: null });
    expect(viewerCapacity([])).toEqual({ count: 0, max: null });
  });
});
