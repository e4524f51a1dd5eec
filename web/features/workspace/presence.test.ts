import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describePresence, PRESENCE_BATCH_MS, PresenceBatcher, presenceEventOf, type PresenceEvent } from './presence.js';

const joined = (n: number): PresenceEvent => ({ kind: 'joined', userId: `usr_${n}`, label: `Viewer ${n}` });
const left = (n: number): PresenceEvent => ({ kind: 'left', userId: `usr_${n}`, label: `Viewer ${n}` });

describe('presence toasts say who starts and stops watching (DESIGN.md §13, issue 12 item 6)', () => {
  it('names one or two people and counts more', () => {
    expect(describePresence([joined(1)], 'lab-rtr-01')).toBe('Viewer 1 joined lab-rtr-01');
    expect(describePresence([joined(1), joined(2)], 'lab-rtr-01')).toBe('Viewer 1 and Viewer 2 joined lab-rtr-01');
    expect(describePresence(Array.from({ length: 12 }, (_, i) => joined(i)), 'lab-rtr-01')).toBe('12 viewers joined lab-rtr-01');
    expect(describePresence([left(1)], 'lab-rtr-01')).toBe('Viewer 1 left lab-rtr-01');
  });

  it('says joins and leaves of one batch in one sentence', () => {
    expect(describePresence([joined(1), joined(2), joined(3), left(4)], 'core')).toBe('3 viewers joined and Viewer 4 left core');
  });

  it('counts the same person in two tabs as two viewers, named once', () => {
    expect(describePresence([joined(1), joined(1)], 'core')).toBe('2 viewers joined core');
  });

  it('stays quiet when a viewer leaves and comes back within the batch (a reload)', () => {
    expect(describePresence([left(1), joined(1)], 'core')).toBeNull();
    expect(describePresence([left(1), joined(1), joined(2)], 'core')).toBe('Viewer 2 joined core');
  });

  it('reads the owner frame, falling back to the email for an empty name', () => {
    const viewer = { user_id: 'usr_1', email: 'w@example.com', name: '', connection_id: 'c1' };
    expect(presenceEventOf({ type: 'viewer_left', share_id: 'sh', viewer, timestamp: 1 })).toEqual({ kind: 'left', userId: 'usr_1', label: 'w@example.com' });
  });
});

describe('PresenceBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers everything that arrived within a second as one batch', () => {
    const batches: PresenceEvent[][] = [];
    const batcher = new PresenceBatcher((events) => batches.push(events));
    for (let i = 0; i < 12; i += 1) {
      batcher.add(joined(i));
      vi.advanceTimersByTime(50);
    }
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(batches.map((batch) => batch.length)).toEqual([12]);
  });

  it('is not pushed back by a steady stream: one batch per window', () => {
    const batches: PresenceEvent[][] = [];
    const batcher = new PresenceBatcher((events) => batches.push(events));
    for (let i = 0; i < 30; i += 1) {
      batcher.add(joined(i));
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 10]);
  });

  it('drops what is pending when disposed', () => {
    const batches: PresenceEvent[][] = [];
    const batcher = new PresenceBatcher((events) => batches.push(events));
    batcher.add(joined(1));
    batcher.dispose();
    vi.advanceTimersByTime(PRESENCE_BATCH_MS * 2);
    expect(batches).toEqual([]);
  });
});
