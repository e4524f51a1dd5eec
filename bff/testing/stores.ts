/**
 * One test body against both stores (`describe.each(storeKinds)`): a BFF on its own SQLite file,
 * or on its own database of a throwaway PostgreSQL cluster that the file starts in `beforeAll`.
 */
import { startBff, type StartOptions, type TestBff } from './harness.js';
import { createDatabase, type PostgresServer } from './services.js';
import { closeWhenDone } from './teardown.js';

export type StoreKind = 'sqlite' | 'postgres';
export const storeKinds: StoreKind[] = ['sqlite', 'postgres'];

export async function startBffOn(kind: StoreKind, postgres: PostgresServer | undefined, env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestBff> {
  // An empty DATABASE_URL keeps one in the environment from turning the SQLite run into PostgreSQL.
  if (kind === 'sqlite') return startBff({ DATABASE_URL: '', ...env }, options);
  if (!postgres) throw new Error('start PostgreSQL (startPostgres) in beforeAll first');
  const db = await createDatabase(postgres.url, 'ns_test');
  const bff = await startBff({ ...env, DATABASE_URL: db.url }, options);
  // The server first, then its database (the harness's own close of it is then a no-op).
  closeWhenDone(async () => {
    await bff.close();
    await db.drop();
  });
  return bff;
}
