import type { Insertable, Kysely, Selectable, SelectQueryBuilder, Transaction } from 'kysely';
import type { Dialect } from './db.js';
import type { Database, SessionsTable, ShareBarsTable, SharesTable } from './schema.js';

export type ShareRow = Selectable<SharesTable> & {
  created_by_email: string;
  owner_user_id: string;
  owner_email: string;
  owner_name: string;
  device_name: string;
  session_state: string;
};

export interface ShareFilter {
  state?: string | undefined;
  sessionId?: string;
  ownerUserId?: string;
}

export interface ShareCursor {
  createdAt: number;
  shareId: string;
}

/** The filter's conditions on a query over shares joined with sessions. */
function filtered<Q extends SelectQueryBuilder<Database & { sessions: SessionsTable }, 'shares' | 'sessions', object>>(q: Q, filter: ShareFilter): Q {
  let out = q;
  if (filter.state) out = out.where('shares.state', '=', filter.state) as Q;
  if (filter.sessionId) out = out.where('shares.session_id', '=', filter.sessionId) as Q;
  if (filter.ownerUserId) out = out.where('sessions.owner_user_id', '=', filter.ownerUserId) as Q;
  return out;
}

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
    insert: (row: Insertable<SharesTable>) => db.insertInto('shares').values(row).execute(),
    byId: (shareId: string): Promise<ShareRow | undefined> =>
      withContext().where('shares.share_id', '=', shareId).executeTakeFirst(),
    byTokenHash: (tokenHash: string): Promise<ShareRow | undefined> =>
      withContext().where('shares.token_hash', '=', tokenHash).executeTakeFirst(),
    /**
     * A page of shares, newest first, keyset-paginated on (created_at, share_id): a page never
     * skips or repeats a share while others are created.
     */
    list: (filter: ShareFilter, page: { limit: number; after?: ShareCursor } = { limit: 500 }): Promise<ShareRow[]> => {
      let q = filtered(withContext(), filter);
      const after = page.after;
      if (after) {
        q = q.where((eb) => eb.or([eb('shares.created_at', '<', after.createdAt), eb.and([eb('shares.created_at', '=', after.createdAt), eb('shares.share_id', '<', after.shareId)])]));
      }
      return q.orderBy('shares.created_at', 'desc').orderBy('shares.share_id', 'desc').limit(page.limit).execute();
    },
    count: async (filter: ShareFilter): Promise<number> => {
      const q = filtered(db.selectFrom('shares').innerJoin('sessions', 'sessions.session_id', 'shares.session_id'), filter);
      return Number((await q.select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
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
    /** Sets a new expiry on an active share; false when it is not active. */
    extend: async (shareId: string, expiresAt: number): Promise<boolean> =>
      Number((await db.updateTable('shares').set({ expires_at: expiresAt }).where('share_id', '=', shareId).where('state', '=', 'active').executeTakeFirst()).numUpdatedRows) > 0,
    /** Whether any active share of the session asks for the current screen. */
    wantsScreen: async (sessionId: string): Promise<boolean> =>
      (await db.selectFrom('shares').select('share_id').where('session_id', '=', sessionId).where('state', '=', 'active').where('show_current_screen', '=', 1).limit(1).executeTakeFirst()) !== undefined,
  };
}

/** Users barred from a share for its life (DESIGN.md §13). */
export function shareBarsRepo(db: Kysely<Database> | Transaction<Database>) {
  return {
    /** Idempotent: barring twice keeps the first. */
    add: (row: ShareBarsTable) => db.insertInto('share_bars').values(row).onConflict((c) => c.columns(['share_id', 'user_id']).doNothing()).execute(),
    of: (shareId: string, userId: string) => db.selectFrom('share_bars').selectAll().where('share_id', '=', shareId).where('user_id', '=', userId).executeTakeFirst(),
  };
}
