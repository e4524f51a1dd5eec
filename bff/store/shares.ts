import type { Kysely, Transaction } from 'kysely';
import type { Database, SharesTable, ViewerConnectionsTable } from './schema.js';

export type ShareRow = SharesTable & {
  created_by_email: string;
  owner_user_id: string;
  owner_email: string;
  owner_name: string;
  device_name: string;
  session_state: string;
};

export type OpenViewerRow = ViewerConnectionsTable & { email: string; name: string };

/** Open viewer connections of a share, inside the caller's transaction. */
export async function countOpenViewers(q: Kysely<Database> | Transaction<Database>, shareId: string): Promise<number> {
  const row = await q
    .selectFrom('viewer_connections')
    .select(q.fn.countAll().as('n'))
    .where('share_id', '=', shareId)
    .where('disconnected_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function sharesRepo(db: Kysely<Database>) {
  const withContext = (q: Kysely<Database> | Transaction<Database> = db) =>
    q
      .selectFrom('shares')
      .innerJoin('users as creator', 'creator.user_id', 'shares.created_by')
      .innerJoin('sessions', 'sessions.session_id', 'shares.session_id')
      .innerJoin('users as owner', 'owner.user_id', 'sessions.owner_user_id')
      .selectAll('shares')
      .select([
        'creator.email as created_by_email',
        'sessions.owner_user_id as owner_user_id',
        'owner.email as owner_email',
        'owner.name as owner_name',
        'sessions.device_name as device_name',
        'sessions.state as session_state',
      ]);

  return {
    insert: (row: SharesTable) => db.insertInto('shares').values(row).execute(),
    byId: (shareId: string): Promise<ShareRow | undefined> =>
      withContext().where('shares.share_id', '=', shareId).executeTakeFirst(),
    byTokenHash: (tokenHash: string): Promise<ShareRow | undefined> =>
      withContext().where('shares.token_hash', '=', tokenHash).executeTakeFirst(),
    list: (filter: { state?: string | undefined; sessionId?: string; ownerUserId?: string }): Promise<ShareRow[]> => {
      let q = withContext();
      if (filter.state) q = q.where('shares.state', '=', filter.state);
      if (filter.sessionId) q = q.where('shares.session_id', '=', filter.sessionId);
      if (filter.ownerUserId) q = q.where('sessions.owner_user_id', '=', filter.ownerUserId);
      return q.orderBy('shares.created_at', 'desc').limit(500).execute();
    },
    activeOfSession: (sessionId: string) =>
      db.selectFrom('shares').selectAll().where('session_id', '=', sessionId).where('state', '=', 'active').execute(),
    /** Active shares whose time is up. */
    dueForExpiry: (now: number) =>
      db
        .selectFrom('shares')
        .select(['share_id', 'session_id', 'expires_at'])
        .where('state', '=', 'active')
        .where('expires_at', '<=', now)
        .limit(100)
        .execute(),
    /** Open viewer connections of the given shares, with the viewer's identity. */
    openViewers: (shareIds: string[]): Promise<OpenViewerRow[]> =>
      shareIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('viewer_connections')
            .innerJoin('users', 'users.user_id', 'viewer_connections.user_id')
            .selectAll('viewer_connections')
            .select(['users.email as email', 'users.name as name'])
            .where('viewer_connections.share_id', 'in', shareIds)
            .where('viewer_connections.disconnected_at', 'is', null)
            .orderBy('viewer_connections.connected_at')
            .execute(),
  };
}
