import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;
export type UserPatch = Updateable<Pick<UsersTable, 'name' | 'role' | 'disabled' | 'password_hash'>>;

export function usersRepo(db: Kysely<Database> | Transaction<Database>) {
  return {
    byEmail: (email: string) =>
      db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst(),
    byId: (userId: string) => db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    list: () => db.selectFrom('users').selectAll().orderBy('created_at').execute(),
    count: async () => Number((await db.selectFrom('users').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    insert: (row: Insertable<UsersTable>) => db.insertInto('users').values({ ...row, email: row.email.toLowerCase() }).execute(),

    insertLoginToken: (row: Database['login_tokens']) => db.insertInto('login_tokens').values(row).execute(),
    update: async (userId: string, patch: UserPatch): Promise<boolean> =>
      Number((await db.updateTable('users').set(patch).where('user_id', '=', userId).executeTakeFirst()).numUpdatedRows) > 0,
    /** The user behind an unexpired login token hash, unless the account is disabled. */
    byLoginToken: (tokenHash: string, now: number) =>
      db
        .selectFrom('login_tokens')
        .innerJoin('users', 'users.user_id', 'login_tokens.user_id')
        .selectAll('users')
        .where('login_tokens.token_hash', '=', tokenHash)
        .where('login_tokens.expires_at', '>', now)
        .where('users.disabled', '=', 0)
        .executeTakeFirst(),
    /** Which of the given login token hashes still log someone in (unexpired, account enabled). */
    liveLoginTokens: async (tokenHashes: string[], now: number): Promise<Set<string>> => {
      if (tokenHashes.length === 0) return new Set();
      const rows = await db
        .selectFrom('login_tokens')
        .innerJoin('users', 'users.user_id', 'login_tokens.user_id')
        .select('login_tokens.token_hash')
        .where('login_tokens.token_hash', 'in', tokenHashes)
        .where('login_tokens.expires_at', '>', now)
        .where('users.disabled', '=', 0)
        .execute();
      return new Set(rows.map((r) => r.token_hash));
    },
    /** Ends every login of a user; how many there were. */
    deleteLoginTokensOf: async (userId: string): Promise<number> =>
      Number((await db.deleteFrom('login_tokens').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows),
    deleteLoginToken: (tokenHash: string) => db.deleteFrom('login_tokens').where('token_hash', '=', tokenHash).execute(),
    deleteExpiredLoginTokens: (now: number) => db.deleteFrom('login_tokens').where('expires_at', '<=', now).execute(),
  };
}
