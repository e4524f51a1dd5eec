import type { Kysely } from 'kysely';
import type { AuditQuery } from '../../protocol/index.js';
import type { AuditEventsTable, Database } from './schema.js';

export type AuditRow = Omit<AuditEventsTable, 'seq'> & { seq: number };
export type NewAuditRow = Omit<AuditEventsTable, 'seq'>;

export function auditRepo(db: Kysely<Database>) {
  return {
    insert: (row: NewAuditRow) => db.insertInto('audit_events').values(row).execute(),
    /** Newest first, keyset-paginated on seq. */
    query: (q: Omit<AuditQuery, 'limit'> & { limit: number }): Promise<AuditRow[]> => {
      let query = db.selectFrom('audit_events').selectAll();
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
