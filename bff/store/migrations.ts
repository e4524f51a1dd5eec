/**
 * Schema migrations, run at start. In PostgreSQL an advisory lock serialises instances starting
 * at once; SQLite has one writer anyway.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import type { Dialect } from './db.js';
import { type ChainHead, chainHash, genesisHash, linkFromRow } from '../audit/chain.js';
import type { AuditRow } from './audit.js';

type Migration = (db: Kysely<Database>, dialect: Dialect) => Promise<void>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const migrations: Array<[string, Migration]> = [
  [
    '001_initial',
    async (kdb, dialect) => {
      const db = kdb as AnyDb;
      const big = dialect === 'postgres' ? 'bigint' : 'integer';
      await db.schema
        .createTable('users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('login_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('expires_at', big, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('device_id', 'text')
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('closed_at', big)
        .addColumn('cols', 'integer', (c) => c.notNull().defaultTo(80))
        .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(24))
        .addColumn('owner_connected', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('sessions_owner').on('sessions').columns(['owner_user_id', 'state']).execute();
      await db.schema
        .createTable('shares')
        .addColumn('share_id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.session_id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('expires_at', big, (c) => c.notNull())
        .addColumn('max_viewers', 'integer')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('revoked_at', big)
        .addColumn('revoked_by', 'text')
        .addColumn('ended_at', big)
        .execute();
      await db.schema.createIndex('shares_state_expiry').on('shares').columns(['state', 'expires_at']).execute();
      await db.schema.createIndex('shares_session').on('shares').column('session_id').execute();
      await db.schema
        .createTable('viewer_connections')
        .addColumn('connection_id', 'text', (c) => c.primaryKey())
        .addColumn('share_id', 'text', (c) => c.notNull().references('shares.share_id'))
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('connected_at', big, (c) => c.notNull())
        .addColumn('disconnected_at', big)
        .addColumn('reason', 'text')
        .execute();
      await db.schema
        .createIndex('viewer_connections_open')
        .on('viewer_connections')
        .columns(['share_id', 'disconnected_at'])
        .execute();
      await db.schema
        .createTable('audit_events')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('actor_email', 'text')
        .addColumn('share_id', 'text')
        .addColumn('session_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      for (const column of ['share_id', 'session_id', 'actor_user_id', 'type', 'at'] as const) {
        await db.schema.createIndex(`audit_events_${column}`).on('audit_events').column(column).execute();
      }
    },
  ],
  [
    '002_ssh_host_keys',
    async (kdb, dialect) => {
      const db = kdb as AnyDb;
      await db.schema
        .createTable('ssh_host_keys')
        .addColumn('host_key_id', 'text', (c) => c.primaryKey())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('first_seen_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('ssh_host_keys_host_port', ['host', 'port'])
        .execute();
    },
  ],
  [
    '003_audit_chain',
    async (kdb, dialect) => {
      const db = kdb as AnyDb;
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
      await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();
      await db.schema
        .createTable('audit_chain_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .execute();
      const head = await chainExistingAuditEvents(db);
      await db.insertInto('audit_chain_head').values({ id: 1, last_seq: head.id, head_hash: head.hash }).execute();
    },
  ],
  [
    // Accounts an admin can disable (DESIGN.md §16).
    '004_user_disabled',
    async (kdb) => {
      await (kdb as AnyDb).schema.alterTable('users').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  ],
  [
    // Owner control of live shares (DESIGN.md §12, §13): the current screen per share, pause
    // state per session, users barred from a share.
    '006_sharing_controls',
    async (kdb, dialect) => {
      const db = kdb as AnyDb;
      const big = dialect === 'postgres' ? 'bigint' : 'integer';
      await db.schema.alterTable('shares').addColumn('show_current_screen', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('sessions').addColumn('sharing', 'text', (c) => c.notNull().defaultTo('live')).execute();
      await db.schema.alterTable('sessions').addColumn('sharing_since', big).execute();
      await db.schema.alterTable('sessions').addColumn('sharing_by', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('sharing_reason', 'text').execute();
      await db.schema
        .createTable('share_bars')
        .addColumn('share_id', 'text', (c) => c.notNull().references('shares.share_id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('barred_at', big, (c) => c.notNull())
        .addColumn('barred_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('share_bars_pk', ['share_id', 'user_id'])
        .execute();
    },
  ],
  [
    // Session recordings (DESIGN.md §14): one row per session, its output in compressed chunks.
    '005_recordings',
    async (kdb, dialect) => {
      const db = kdb as AnyDb;
      const big = dialect === 'postgres' ? 'bigint' : 'integer';
      await db.schema
        .createTable('recordings')
        .addColumn('recording_id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().unique().references('sessions.session_id'))
        .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('instance_id', 'text', (c) => c.notNull())
        .addColumn('started_at', big, (c) => c.notNull())
        .addColumn('ended_at', big)
        .addColumn('bytes', big, (c) => c.notNull().defaultTo(0))
        .addColumn('stored_bytes', big, (c) => c.notNull().defaultTo(0))
        .addColumn('duration_ms', big, (c) => c.notNull().defaultTo(0))
        .addColumn('chunks', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cols', 'integer', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('recordings_started').on('recordings').columns(['started_at', 'recording_id']).execute();
      await db.schema.createIndex('recordings_owner').on('recordings').columns(['owner_user_id', 'started_at']).execute();
      await db.schema
        .createTable('recording_chunks')
        .addColumn('recording_id', 'text', (c) => c.notNull().references('recordings.recording_id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('first_at', big, (c) => c.notNull())
        .addColumn('last_at', big, (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('keyframe', dialect === 'postgres' ? 'bytea' : 'blob')
        .addPrimaryKeyConstraint('recording_chunks_pk', ['recording_id', 'seq'])
        .execute();
    },
  ],
];

const migrationLockKey = 727_274_001;

export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const anyDb = db as AnyDb;
  await anyDb.connection().execute(async (conn) => {
    if (dialect === 'postgres') await sql`select pg_advisory_lock(${migrationLockKey})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (name text primary key, applied_at ${sql.raw(
        dialect === 'postgres' ? 'bigint' : 'integer',
      )} not null)`.execute(conn);
      const done = new Set(
        (await conn.selectFrom('schema_migrations').select('name').execute()).map((r: { name: string }) => r.name),
      );
      for (const [name, run] of migrations) {
        if (done.has(name)) continue;
        await conn.transaction().execute(async (trx) => {
          await run(trx as Kysely<Database>, dialect);
          await trx.insertInto('schema_migrations').values({ name, applied_at: Date.now() }).execute();
        });
      }
    } finally {
      if (dialect === 'postgres') await sql`select pg_advisory_unlock(${migrationLockKey})`.execute(conn);
    }
  });
}

/**
 * Chains the events an older version wrote, oldest first, renumbering them 1, 2, 3, … on the way:
 * PostgreSQL sequences skip the values of rolled-back transactions, and the chain's ids must not
 * have gaps. Only seq changes (events are known by event_id; cursors are opaque), and it only
 * moves down, to a value no other row holds by then, so no step collides.
 */
async function chainExistingAuditEvents(db: AnyDb): Promise<ChainHead> {
  let head: ChainHead = { id: 0, hash: genesisHash };
  for (let after = 0; ; ) {
    const rows = (await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(500).execute()) as AuditRow[];
    if (rows.length === 0) return head;
    for (const row of rows) {
      const chained: AuditRow = { ...row, seq: head.id + 1, prev_hash: head.hash, hash: null };
      chained.hash = chainHash(linkFromRow(chained));
      await db.updateTable('audit_events').set({ seq: chained.seq, prev_hash: chained.prev_hash, hash: chained.hash }).where('seq', '=', row.seq).execute();
      head = { id: chained.seq, hash: chained.hash };
    }
    after = Number(rows.at(-1)!.seq);
  }
}
