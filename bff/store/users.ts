import type { Kysely } from 'kysely';
import type { Database, UsersTable } from './schema.js';

export type UserRow = UsersTable;

export function usersRepo(db: Kysely<Database>) {
  return {
    byEmail: (email: string) =>
      db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst(),
    byId: (userId: string) => db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    list: () => db.selectFrom('users').selectAll().orderBy('created_at').execute(),
    count: async () => Number((await db.selectFrom('users').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    insert: (row: UserRow) => db.insertInto('users').values({ ...row, email: row.email.toLowerCase() }).execute(),

    insertLoginToken: (row: Database['login_tokens']) => db.insertInto('login_tokens').values(row).execute(),
    /** The user behind an unexpired login token hash. */
    byLoginToken: (tokenHash: string, now: number) =>
      db
        .selectFrom('login_tokens')
        .innerJoin('users', 'users.user_id', 'login_tokens.user_id')
        .selectAll('users')
        .where('login_tokens.token_hash', '=', tokenHash)
        .where('login_tokens.expires_at', '>', now)
        .executeTakeFirst(),
    deleteLoginToken: (tokenHash: string) => db.deleteFrom('login_tokens').where('token_hash', '=', tokenHash).execute(),
    deleteExpiredLoginTokens: (now: number) => db.deleteFrom('login_tokens').where('expires_at', '<=', now).execute(),
  };
}
