/**
 * Who starts and stops watching (DESIGN.md §13 `viewer_joined` / `viewer_left` owner frames), as
 * toasts the owner can read: one per second at most per session, however many viewers arrive.
 * No React here; the workspace wires it to the toaster.
 */
import type { ViewerPresenceFrame } from '../../../protocol/frames.js';

export interface PresenceEvent {
  kind: 'joined' | 'left';
  userId: string;
  /** The name the owner knows them by (the email when the name is empty). */
  label: string;
}

/** How long events are gathered before one toast says them all. */
export const PRESENCE_BATCH_MS = 1_000;

export function presenceEventOf(frame: ViewerPresenceFrame): PresenceEvent {
  return {
    kind: frame.type === 'viewer_joined' ? 'joined' : 'left',
    userId: frame.viewer.user_id,
    label: frame.viewer.name.trim() || frame.viewer.email,
  };
}

/**
 * Nets the events out per user, so a viewer who reloads their page (left, joined again within the
 * batch) is not news; returns the joins and the leaves that remain, one entry per connection.
 */
function netByUser(events: readonly PresenceEvent[]): { joined: PresenceEvent[]; left: PresenceEvent[] } {
  const balance = new Map<string, { event: PresenceEvent; net: number }>();
  for (const event of events) {
    const entry = balance.get(event.userId) ?? { event, net: 0 };
    entry.net += event.kind === 'joined' ? 1 : -1;
    balance.set(event.userId, entry);
  }
  const joined: PresenceEvent[] = [];
  const left: PresenceEvent[] = [];
  for (const { event, net } of balance.values()) {
    for (let i = 0; i < Math.abs(net); i += 1) (net > 0 ? joined : left).push(event);
  }
  return { joined, left };
}

/** "Walter Watcher", "Walter Watcher and Gus Guest" (two people), else "12 viewers". */
function subject(events: readonly PresenceEvent[]): string {
  const people = [...new Set(events.map((event) => event.label))];
  if (events.length === 1 && people[0]) return people[0];
  if (events.length === 2 && people.length === 2) return `${people[0]} and ${people[1]}`;
  return `${events.length} viewers`;
}

/**
 * One sentence for a batch: "Walter Watcher joined lab-rtr-01", "12 viewers joined lab-rtr-01",
 * "3 viewers joined and Gus Guest left lab-rtr-01"; null when the batch nets out to nothing.
 */
export function describePresence(events: readonly PresenceEvent[], deviceName: string): string | null {
  const { joined, left } = netByUser(events);
  if (joined.length === 0 && left.length === 0) return null;
  const parts: string[] = [];
  if (joined.length > 0) parts.push(`${subject(joined)} joined`);
  if (left.length > 0) parts.push(`${subject(left)} left`);
  return `${parts.join(' and ')} ${deviceName}`;
}

/**
 * Gathers events for PRESENCE_BATCH_MS from the first one, then hands the batch over. The window
 * is not pushed back by later events, so a steady stream still yields a toast every second.
 */
export class PresenceBatcher {
  private pending: PresenceEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly flush: (events: PresenceEvent[]) => void,
    private readonly windowMs = PRESENCE_BATCH_MS,
  ) {}

  add(event: PresenceEvent): void {
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.deliver(), this.windowMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }

  private deliver(): void {
    const events = this.pending;
    this.pending = [];
    this.timer = null;
    if (events.length > 0) this.flush(events);
  }
}
