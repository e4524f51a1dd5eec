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

/**
 * The chain's end as one transaction sees it (DESIGN.md §15): read, and on PostgreSQL locked, at
 * the transaction's first append, moved in memory by every append, and written back once just
 * before the commit (`writeChainHead`). A group commit of N joins thus extends the chain by N
 * links for one read and one write of the head row, not 2N.
 */
export interface ChainCursor {
  readonly dialect: Dialect;
  head: ChainHead | null;
  moved: boolean;
}

export const newChainCursor = (dialect: Dialect): ChainCursor => ({ dialect, head: null, moved: false });

/** Moves the stored head to the transaction's last link; a transaction that appended nothing writes nothing. */
export async function writeChainHead(trx: Executor, cursor: ChainCursor): Promise<void> {
  if (!cursor.moved || !cursor.head) return;
  await trx.updateTable('audit_chain_head').set({ last_seq: cursor.head.id, head_hash: cursor.head.hash }).where('id', '=', 1).execute();
}

/**
 * `chain` is the transaction's cursor when `db` is a transaction opened by the store; without one,
 * each append is a transaction of its own.
 */
export function auditRepo(db: Executor, dialect: Dialect = dialectOf(db), chain?: ChainCursor) {
  return {
    /**
     * Appends one event to the chain inside the caller's transaction, or in a transaction of its
     * own when given none: the event and the moved head commit together. Several appends in one
     * transaction (a group commit) extend the chain one link each.
     */
    append: (row: NewAuditRow): Promise<ChainHead> => {
      if (chain) return appendLink(db, chain, row);
      return db.transaction().execute(async (trx) => {
        const own = newChainCursor(dialect);
        const head = await appendLink(trx, own, row);
        await writeChainHead(trx, own);
        return head;
      });
    },
    /** The end of the chain as last committed. */
    chainHead: async (): Promise<ChainHead> => {
      if (chain?.moved && chain.head) return chain.head;
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
 * Links the event to the cursor's head (locking the head row at the transaction's first append)
 * and inserts it. On PostgreSQL the row lock makes appends of every instance take turns until
 * their transactions commit; SQLite transactions are exclusive writers already. seq is assigned
 * here, not by the database's sequence, so ids stay gapless (a rolled-back PostgreSQL transaction
 * would burn sequence values) and seq_gap means something.
 */
async function appendLink(trx: Executor, cursor: ChainCursor, input: NewAuditRow): Promise<ChainHead> {
  cursor.head ??= await lockedHead(trx, cursor.dialect);
  const row: AuditRow = { ...storableText(input), seq: cursor.head.id + 1, prev_hash: cursor.head.hash, hash: null };
  // Hashed from the very values inserted, through the same mapping the exports use.
  row.hash = chainHash(linkFromRow(row));
  await trx.insertInto('audit_events').values(row).execute();
  cursor.head = { id: row.seq, hash: row.hash };
  cursor.moved = true;
  return cursor.head;
}

async function lockedHead(trx: Executor, dialect: Dialect): Promise<ChainHead> {
  const select = trx.selectFrom('audit_chain_head').select(['last_seq', 'head_hash']).where('id', '=', 1);
  const head = await (dialect === 'postgres' ? select.forUpdate() : select).executeTakeFirstOrThrow();
  return { id: head.last_seq, hash: head.head_hash };
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
