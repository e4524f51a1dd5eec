/**
 * Append-only audit trail (DESIGN.md §8), hash-chained (§15). Every write goes through `record`,
 * which appends to the chain.
 */
import type { AuditChainVerdict, AuditEvent, AuditExportEvent, AuditType } from '../../protocol/index.js';
import { linkFromRow, verifyChain } from '../audit/chain.js';
import { newId } from '../auth/crypto.js';
import type { Clock } from '../clock.js';
import type { AuditRow } from '../store/audit.js';
import type { Repositories } from '../store/index.js';

/** Where a request came from (client address, user agent), recorded with what it did. */
export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

/** For actions nobody asked for over HTTP (expiry, a lost instance). */
export const noClient: ClientMeta = { ip: null, userAgent: null };

export interface AuditInput {
  type: AuditType;
  actor?: { user_id: string; email: string } | null;
  shareId?: string | null;
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

export class AuditLog {
  constructor(
    private readonly store: Repositories,
    private readonly instanceId: string,
    private readonly clock: Clock,
  ) {}

  /** Newest first, keyset-paginated on seq. */
  query(q: Parameters<Repositories['audit']['query']>[0]): Promise<AuditRow[]> {
    return this.store.audit.query(q);
  }

  /**
   * Checks the whole stored chain (DESIGN.md §15), oldest first and a page at a time, up to the
   * head committed when it starts: appends made meanwhile are left for the next check.
   */
  async verifyChain(): Promise<AuditChainVerdict> {
    const audit = this.store.audit;
    const head = await audit.chainHead();
    async function* links() {
      for await (const row of audit.chainRows(head.id)) yield linkFromRow(row);
    }
    return verifyChain(links(), head);
  }

  /** Writes one event; pass a transaction's repositories to make it part of the action it records. */
  async record(event: AuditInput, tx: Repositories = this.store): Promise<void> {
    await tx.audit.append({
      event_id: newId('evt_'),
      type: event.type,
      at: this.clock.now(),
      actor_user_id: event.actor?.user_id ?? null,
      actor_email: event.actor?.email ?? null,
      share_id: event.shareId ?? null,
      session_id: event.sessionId ?? null,
      ip: event.ip ?? null,
      user_agent: event.userAgent?.slice(0, 512) ?? null,
      instance_id: this.instanceId,
      details: JSON.stringify(event.details ?? {}),
    });
  }
}

export function toAuditEvent(row: AuditRow): AuditEvent {
  // The chain's own row mapping, minus the chain fields: one mapping of a row to an event.
  const { id: _id, prev_hash: _prev, hash: _hash, ...event } = linkFromRow(row);
  return event;
}

/** An event as the exports carry it: with its chain id, prev_hash and hash. */
export const toAuditExportEvent: (row: AuditRow) => AuditExportEvent = linkFromRow;

// The chain columns come last so that tools reading the earlier columns by position keep working.
const csvColumns = ['at', 'type', 'actor_email', 'actor_user_id', 'share_id', 'session_id', 'ip', 'user_agent', 'instance_id', 'event_id', 'details', 'id', 'prev_hash', 'hash'] as const;

export const auditCsvHeader = csvColumns.join(',') + '\r\n';

/** RFC 4180 row; cells starting with = + - @ are prefixed with ' against spreadsheet formula injection. */
export function auditCsvRow(event: AuditExportEvent): string {
  return (
    csvColumns
      .map((column) => {
        const raw = column === 'details' ? JSON.stringify(event.details) : (event[column] ?? '');
        let text = String(raw);
        if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
