import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { AuditQuery } from '../../protocol/index.js';
import { type ChainHead, chainHash, linkFromRow } from '../audit/chain.js';
import type { Dialect } from './db.js';
import type { AuditEventsTable, Database } from './schema.js';

export type AuditRow = Omit<AuditEventsTable, 'seq'> & { seq: number };
/** What a caller writes; seq, prev_hash and hash are the chain's to assign. */
export type NewAuditRow = Omit<AuditEventsTable, 'seq' | 'prev_hash' | 'hash'>;

type Executor = Kysely<Database> | Transaction<Database>;

const chainPageSize = 1000;

export function auditRepo(db: Executor, dialect: Dialect = dialectOf(db)) {
  return {
    /**
     * Appends one event to the chain (DESIGN.md §15) inside the caller's transaction, or in a
     * transaction of its own when given none: the event and the moved head commit together.
     * Several appends in one transaction (a group commit) extend the chain one link each.
     */
    append: (row: NewAuditRow): Promise<ChainHead> =>
      db.isTransaction ? appendLink(db, dialect, row) : db.transaction().execute((trx) => appendLink(trx, dialect, row)),
    /** The end of the chain as last committed. */
    chainHead: async (): Promise<ChainHead> => {
      const head = await db.selectFrom('audit_chain_head').select(['last_seq', 'head_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      return { id: head.last_seq, hash: head.head_hash };
    },
    /** The chain oldest first up to `lastSeq`, a page at a time, so a long log never sits in memory. */
    async *chainRows(lastSeq: number): AsyncGenerator<AuditRow> {
      for (let after = 0; after < lastSeq; ) {
        const rows = (await db
          .selectFrom('audit_events')
          .selectAll()
          .where('seq', '>', after)
          .where('seq', '<=', lastSeq)
          .orderBy('seq')
          .limit(chainPageSize)
          .execute()) as AuditRow[];
        if (rows.length === 0) return;
        yield* rows;
        after = rows.at(-1)!.seq;
      }
    },
    /** Newest first, keyset-paginated on seq. */
    query: (q: Omit<AuditQuery, 'limit'> & { limit: number }): Promise<AuditRow[]> => {
      let query = db.selectFrom('audit_events').selectAll();
      if (q.event_id) query = query.where('event_id', '=', q.event_id);
      if (q.share_id) query = query.where('share_id', '=', q.share_id);
      if (q.session_id) query = query.where('session_id', '=', q.session_id);
      if (q.user_id) query = query.where('actor_user_id', '=', q.user_id);
      if (q.type) query = query.where('type', '=', q.type);
      if (q.from) query = query.where('at', '>=', Date.parse(q.from));
      if (q.to) query = query.where('at', '<=', Date.parse(q.to));
      if (q.cursor) query = query.where('seq', '<', Number(q.cursor));
      return query.orderBy('seq', 'desc').limit(q.limit).execute() as Promise<AuditRow[]>;
    },
  };
}

function dialectOf(db: Executor): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Locks the head, links the event to it and moves it. On PostgreSQL the row lock makes appends
 * of every instance take turns until their transactions commit; SQLite transactions are
 * exclusive writers already. seq is assigned here, not by the database's sequence, so ids stay
 * gapless (a rolled-back PostgreSQL transaction would burn sequence values) and seq_gap means
 * something.
 */
async function appendLink(trx: Executor, dialect: Dialect, input: NewAuditRow): Promise<ChainHead> {
  const lock = trx.selectFrom('audit_chain_head').select(['last_seq', 'head_hash']).where('id', '=', 1);
  const head = await (dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirstOrThrow();
  const row: AuditRow = { ...storableText(input), seq: head.last_seq + 1, prev_hash: head.head_hash, hash: null };
  // Hashed from the very values inserted, through the same mapping the exports use.
  row.hash = chainHash(linkFromRow(row));
  await trx.insertInto('audit_events').values(row).execute();
  await trx.updateTable('audit_chain_head').set({ last_seq: row.seq, head_hash: row.hash }).where('id', '=', 1).execute();
  return { id: row.seq, hash: row.hash };
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the database will give it back: both engines store UTF-8, which has no lone UTF-16
 * surrogates (one in, say, an attempted login email would come back as U+FFFD and the event
 * would no longer match its hash). `details` is JSON, whose escapes already keep them intact.
 */
function storableText(row: NewAuditRow): NewAuditRow {
  const clean = <T extends string | null>(text: T): T => (text === null ? text : (text.replace(loneSurrogate, '\uFFFD') as T));
  return {
    ...row,
    event_id: clean(row.event_id),
    type: clean(row.type),
    actor_user_id: clean(row.actor_user_id),
    actor_email: clean(row.actor_email),
    share_id: clean(row.share_id),
    session_id: clean(row.session_id),
    ip: clean(row.ip),
    user_agent: clean(row.user_agent),
    instance_id: clean(row.instance_id),
  };
}
