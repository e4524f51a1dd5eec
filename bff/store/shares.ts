import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from './db.js';
import type { Database, SharesTable } from './schema.js';

export type ShareRow = SharesTable & {
  created_by_email: string;
  owner_user_id: string;
  owner_email: string;
  owner_name: string;
  device_name: string;
  session_state: string;
};

export type ShareEnd =
  | { state: 'revoked'; revoked_at: number; revoked_by: string | null; ended_at: number }
  | { state: 'expired'; ended_at: number };

export function sharesRepo(db: Kysely<Database> | Transaction<Database>, dialect: Dialect) {
  const withContext = () =>
    db
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
    /** Active shares whose time is up. */
    dueForExpiry: (now: number) =>
      db
        .selectFrom('shares')
        .select(['share_id', 'session_id', 'expires_at'])
        .where('state', '=', 'active')
        .where('expires_at', '<=', now)
        .limit(100)
        .execute(),
    /**
     * The share's state for an admission decision. On PostgreSQL the row is locked for the rest of
     * the transaction, so two instances racing for the last place serialise here (SQLite
     * transactions are exclusive writers already).
     */
    lockForAdmission: (shareId: string) => {
      const query = db.selectFrom('shares').select(['state', 'expires_at', 'max_viewers']).where('share_id', '=', shareId);
      return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    },
    /** Moves an active share to its final state; false when it was not active any more. */
    end: async (shareId: string, end: ShareEnd): Promise<boolean> => {
      const result = await db.updateTable('shares').set(end).where('share_id', '=', shareId).where('state', '=', 'active').executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    countActive: async (): Promise<number> =>
      Number((await db.selectFrom('shares').select(db.fn.countAll().as('n')).where('state', '=', 'active').executeTakeFirstOrThrow()).n),
  };
}
