import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Dialect } from './db.js';
import type { Database, SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable> & { owner_email: string; owner_name: string };

export function sessionsRepo(db: Kysely<Database> | Transaction<Database>, dialect: Dialect) {
  const withOwner = () =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.user_id', 'sessions.owner_user_id')
      .selectAll('sessions')
      .select(['users.email as owner_email', 'users.name as owner_name']);
  return {
    insert: (row: Insertable<SessionsTable>) => db.insertInto('sessions').values(row).execute(),
    byId: (sessionId: string): Promise<SessionRow | undefined> =>
      withOwner().where('sessions.session_id', '=', sessionId).executeTakeFirst(),
    activeOf: (userId: string): Promise<SessionRow[]> =>
      withOwner()
        .where('sessions.owner_user_id', '=', userId)
        .where('sessions.state', '=', 'active')
        .orderBy('sessions.created_at')
        .execute(),
    /** Sessions this instance believed it hosted (to close out after a crash or restart). */
    activeOnInstance: (instanceId: string) =>
      db.selectFrom('sessions').selectAll().where('instance_id', '=', instanceId).where('state', '=', 'active').execute(),
    update: (sessionId: string, patch: Updateable<Pick<SessionsTable, 'cols' | 'rows' | 'owner_connected' | 'sharing' | 'sharing_since' | 'sharing_by' | 'sharing_reason'>>) =>
      db.updateTable('sessions').set(patch).where('session_id', '=', sessionId).execute(),
    /** Locks the session's row for the rest of the transaction (PostgreSQL; SQLite has one writer). */
    lockForShare: async (sessionId: string): Promise<void> => {
      if (dialect === 'postgres') await db.selectFrom('sessions').select('session_id').where('session_id', '=', sessionId).forUpdate().execute();
    },
    /** Marks an active session closed; false when it was closed already. */
    close: async (sessionId: string, at: number): Promise<boolean> => {
      const result = await db
        .updateTable('sessions')
        .set({ state: 'closed', closed_at: at })
        .where('session_id', '=', sessionId)
        .where('state', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    instancesWithActive: async (): Promise<string[]> =>
      (await db.selectFrom('sessions').select('instance_id').distinct().where('state', '=', 'active').execute()).map((r) => r.instance_id),
  };
}
