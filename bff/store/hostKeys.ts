import type { Kysely, Transaction } from 'kysely';
import type { Database, SshHostKeysTable } from './schema.js';

export type HostKeyRow = SshHostKeysTable;
export type HostKeyListRow = HostKeyRow & { first_seen_by_email: string | null };

export function hostKeysRepo(db: Kysely<Database> | Transaction<Database>) {
  return {
    of: (host: string, port: number): Promise<HostKeyRow | undefined> =>
      db.selectFrom('ssh_host_keys').selectAll().where('host', '=', host).where('port', '=', port).executeTakeFirst(),
    /** Pins `row` unless the host has a key already (another instance may have pinned it first); the pin in force. */
    pinOrGet: async (row: HostKeyRow): Promise<HostKeyRow> => {
      await db.insertInto('ssh_host_keys').values(row).onConflict((c) => c.columns(['host', 'port']).doNothing()).execute();
      return db.selectFrom('ssh_host_keys').selectAll().where('host', '=', row.host).where('port', '=', row.port).executeTakeFirstOrThrow();
    },
    list: (): Promise<HostKeyListRow[]> =>
      db
        .selectFrom('ssh_host_keys')
        .leftJoin('users', 'users.user_id', 'ssh_host_keys.first_seen_by')
        .selectAll('ssh_host_keys')
        .select('users.email as first_seen_by_email')
        .orderBy('ssh_host_keys.host')
        .orderBy('ssh_host_keys.port')
        .execute(),
    byId: (id: string): Promise<HostKeyRow | undefined> =>
      db.selectFrom('ssh_host_keys').selectAll().where('host_key_id', '=', id).executeTakeFirst(),
    remove: async (id: string): Promise<boolean> =>
      Number((await db.deleteFrom('ssh_host_keys').where('host_key_id', '=', id).executeTakeFirst()).numDeletedRows) > 0,
  };
}
