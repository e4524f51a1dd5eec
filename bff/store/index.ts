/**
 * The store port: repositories over one SQL database, and transactions that hand the same
 * repositories bound to the transaction. Nothing outside bff/store/ sees Kysely or SQL; dialect
 * differences (row locks, upserts) live in the repositories.
 */
import type { Kysely, Transaction } from 'kysely';
import { auditRepo, newChainCursor, type ChainCursor, writeChainHead } from './audit.js';
import { type Dialect, openDb } from './db.js';
import { hostKeysRepo } from './hostKeys.js';
import { recordingsRepo } from './recordings.js';
import type { Database } from './schema.js';
import { sessionsRepo } from './sessions.js';
import { shareBarsRepo, sharesRepo } from './shares.js';
import { usersRepo } from './users.js';
import { viewersRepo } from './viewers.js';

export interface Repositories {
  users: ReturnType<typeof usersRepo>;
  sessions: ReturnType<typeof sessionsRepo>;
  shares: ReturnType<typeof sharesRepo>;
  shareBars: ReturnType<typeof shareBarsRepo>;
  viewers: ReturnType<typeof viewersRepo>;
  audit: ReturnType<typeof auditRepo>;
  hostKeys: ReturnType<typeof hostKeysRepo>;
  recordings: ReturnType<typeof recordingsRepo>;
}

export interface Store extends Repositories {
  readonly dialect: Dialect;
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

function repositories(db: Kysely<Database> | Transaction<Database>, dialect: Dialect, chain?: ChainCursor): Repositories {
  return {
    users: usersRepo(db),
    sessions: sessionsRepo(db, dialect),
    shares: sharesRepo(db, dialect),
    shareBars: shareBarsRepo(db),
    viewers: viewersRepo(db),
    audit: auditRepo(db, dialect, chain),
    hostKeys: hostKeysRepo(db),
    recordings: recordingsRepo(db),
  };
}

export async function openStore(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Store> {
  const db = await openDb(options);
  return {
    ...repositories(db.kysely, db.dialect),
    dialect: db.dialect,
    transaction: (work) =>
      db.kysely.transaction().execute(async (trx) => {
        const chain = newChainCursor(db.dialect);
        const result = await work(repositories(trx, db.dialect, chain));
        await writeChainHead(trx, chain);
        return result;
      }),
    ping: db.ping,
    close: db.close,
  };
}
