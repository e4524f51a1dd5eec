import type { Kysely } from 'kysely';
import { auditRepo } from './audit.js';
import { type Db, openDb } from './db.js';
import { hostKeysRepo } from './hostKeys.js';
import type { Database } from './schema.js';
import { sessionsRepo } from './sessions.js';
import { sharesRepo } from './shares.js';
import { usersRepo } from './users.js';

export interface Store {
  db: Db;
  kysely: Kysely<Database>;
  users: ReturnType<typeof usersRepo>;
  sessions: ReturnType<typeof sessionsRepo>;
  shares: ReturnType<typeof sharesRepo>;
  audit: ReturnType<typeof auditRepo>;
  hostKeys: ReturnType<typeof hostKeysRepo>;
  close(): Promise<void>;
}

export async function openStore(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Store> {
  const db = await openDb(options);
  return {
    db,
    kysely: db.kysely,
    users: usersRepo(db.kysely),
    sessions: sessionsRepo(db.kysely),
    shares: sharesRepo(db.kysely),
    audit: auditRepo(db.kysely),
    hostKeys: hostKeysRepo(db.kysely),
    close: () => db.close(),
  };
}

export type { Database } from './schema.js';
