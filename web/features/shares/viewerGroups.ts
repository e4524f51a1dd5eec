import type { ShareSummary, Viewer } from '../../../protocol/rest.js';

/** One open viewer connection, with the share it watches (removal is per share and connection). */
export interface ViewerConnection {
  sessionId: string;
  shareId: string;
  viewer: Viewer;
}

/** A person watching, however many browser tabs they have open: shown once, with "×2". */
export interface ViewerGroup {
  userId: string;
  email: string;
  name: string | undefined;
  /** Earliest connection first. */
  connections: ViewerConnection[];
  /** When their first open connection joined. */
  since: string;
}

type ShareViewers = Pick<ShareSummary, 'session_id' | 'share_id' | 'viewers'>;

/**
 * Groups the viewers of one or more shares by user: the same user in two tabs is one entry with
 * two connections. Entries are ordered by who started watching first.
 */
export function groupViewers(shares: readonly ShareViewers[]): ViewerGroup[] {
  const groups = new Map<string, ViewerGroup>();
  for (const share of shares) {
    for (const viewer of share.viewers) {
      const connection = { sessionId: share.session_id, shareId: share.share_id, viewer };
      const group = groups.get(viewer.user_id);
      if (group) {
        group.connections.push(connection);
        group.name ??= viewer.name;
      } else {
        groups.set(viewer.user_id, { userId: viewer.user_id, email: viewer.email, name: viewer.name, connections: [connection], since: viewer.connected_at });
      }
    }
  }
  const byTime = (a: string, b: string) => new Date(a).getTime() - new Date(b).getTime();
  const list = [...groups.values()];
  for (const group of list) {
    group.connections.sort((a, b) => byTime(a.viewer.connected_at, b.viewer.connected_at));
    group.since = group.connections[0]?.viewer.connected_at ?? group.since;
  }
  return list.sort((a, b) => byTime(a.since, b.since));
}

/** "Walter Watcher" or the email when the server sent no name. */
export const viewerLabel = (group: Pick<ViewerGroup, 'name' | 'email'>): string => group.name ?? group.email;

/** Whether the server named the connections, so they can be removed one by one (DESIGN.md §13). */
export const canRemove = (group: ViewerGroup): boolean => group.connections.every((connection) => connection.viewer.connection_id !== undefined);

/**
 * What a viewer badge shows: the connection count, and `/max` when every active share caps its
 * viewers (the caps add up across shares); no cap when any share has none.
 */
export function viewerCapacity(shares: readonly Pick<ShareSummary, 'viewer_count' | 'max_viewers'>[]): { count: number; max: number | null } {
  const count = shares.reduce((sum, share) => sum + share.viewer_count, 0);
  const capped = shares.length > 0 && shares.every((share) => share.max_viewers !== null);
  return { count, max: capped ? shares.reduce((sum, share) => sum + (share.max_viewers ?? 0), 0) : null };
}
