/**
 * Viewer presence in the store: admission (max_viewers enforced atomically, join audited before
 * any frame is sent), leave with duration, and refused joins. Leaves that cannot be written while
 * the store is down are kept and retried, so nothing is lost.
 */
import type { Logger } from 'pino';
import type { User } from '../../protocol/index.js';
import { newId } from '../auth/crypto.js';
import type { Broker } from '../broker/types.js';
import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import { GroupCommit } from '../store/groupCommit.js';
import { countOpenViewers, type ShareRow } from '../store/shares.js';
import type { AuditLog, ClientMeta } from './audit.js';

export type ConnectionMeta = ClientMeta;

export type Admission =
  | { ok: true; connectionId: string; connectedAt: number }
  | { ok: false; reason: 'max_viewers' | 'expired' | 'revoked' };

interface PendingLeave {
  connectionId: string;
  user: Pick<User, 'user_id' | 'email'>;
  shareId: string;
  sessionId: string;
  connectedAt: number;
  leftAt: number;
  reason: string;
  meta: ConnectionMeta;
}

export class ViewerPresence {
  private readonly pendingLeaves: PendingLeave[] = [];
  private retryTimer: NodeJS.Timeout | null = null;

  private readonly admissions: GroupCommit;

  constructor(
    private readonly d: { store: Store; audit: AuditLog; clock: Clock; broker: Broker; logger: Logger; instanceId: string },
  ) {
    this.admissions = new GroupCommit(d.store.kysely);
  }

  async admit(user: User, share: ShareRow, meta: ConnectionMeta): Promise<Admission> {
    const { store, clock, audit, instanceId } = this.d;
    const result = await this.admissions.run(async (trx): Promise<Admission> => {
      // Lock the share row so two instances racing for the last place serialise here.
      let lockQuery = trx.selectFrom('shares').select(['state', 'expires_at', 'max_viewers']).where('share_id', '=', share.share_id);
      if (store.db.dialect === 'postgres') lockQuery = lockQuery.forUpdate();
      const current = await lockQuery.executeTakeFirstOrThrow();
      const now = clock.now();
      if (current.state === 'revoked') return { ok: false, reason: 'revoked' };
      if (current.state === 'expired' || current.expires_at <= now) return { ok: false, reason: 'expired' };
      if (current.max_viewers !== null) {
        if ((await countOpenViewers(trx, share.share_id)) >= current.max_viewers) {
          await audit.record({ type: 'viewer.denied', actor: user, shareId: share.share_id, sessionId: share.session_id, ip: meta.ip, userAgent: meta.userAgent, details: { reason: 'max_viewers', max_viewers: current.max_viewers } }, trx);
          return { ok: false, reason: 'max_viewers' };
        }
      }
      const connectionId = newId('vc_');
      await trx
        .insertInto('viewer_connections')
        .values({ connection_id: connectionId, share_id: share.share_id, session_id: share.session_id, user_id: user.user_id, instance_id: instanceId, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 512) ?? null, connected_at: now, disconnected_at: null, reason: null })
        .execute();
      await audit.record({ type: 'viewer.joined', actor: user, shareId: share.share_id, sessionId: share.session_id, ip: meta.ip, userAgent: meta.userAgent, details: { connection_id: connectionId } }, trx);
      return { ok: true, connectionId, connectedAt: now };
    });
    if (result.ok) this.d.broker.publishControl({ type: 'shares.changed', sessionId: share.session_id });
    return result;
  }

  /** Audits a refused join (unknown token, no permission, ended share, store down…). */
  async denied(user: User | null, share: ShareRow | null, reason: string, meta: ConnectionMeta): Promise<void> {
    try {
      await this.d.audit.record({ type: 'viewer.denied', actor: user, shareId: share?.share_id ?? null, sessionId: share?.session_id ?? null, ip: meta.ip, userAgent: meta.userAgent, details: { reason } });
    } catch (err) {
      this.d.logger.warn({ err, reason }, 'could not audit a refused join');
    }
  }

  async leave(leave: Omit<PendingLeave, 'leftAt'>): Promise<void> {
    const entry = { ...leave, leftAt: this.d.clock.now() };
    try {
      await this.writeLeave(entry);
    } catch (err) {
      this.d.logger.warn({ err, connectionId: leave.connectionId }, 'store unreachable: viewer leave queued for retry');
      this.pendingLeaves.push(entry);
      this.scheduleRetry();
    }
  }

  get pendingLeaveCount(): number {
    return this.pendingLeaves.length;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async writeLeave(entry: PendingLeave): Promise<void> {
    const written = await this.d.store.kysely.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('viewer_connections')
        .set({ disconnected_at: entry.leftAt, reason: entry.reason })
        .where('connection_id', '=', entry.connectionId)
        .where('disconnected_at', 'is', null)
        .executeTakeFirst();
      // Someone else (a survivor closing out a lost instance) may have recorded it already.
      if (Number(result.numUpdatedRows) === 0) return false;
      await this.d.audit.record(
        {
          type: 'viewer.left',
          actor: entry.user,
          shareId: entry.shareId,
          sessionId: entry.sessionId,
          ip: entry.meta.ip,
          userAgent: entry.meta.userAgent,
          details: { connection_id: entry.connectionId, duration_ms: entry.leftAt - entry.connectedAt, reason: entry.reason },
        },
        trx,
      );
      return true;
    });
    if (written) this.d.broker.publishControl({ type: 'shares.changed', sessionId: entry.sessionId });
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => void this.retryPending(), 1_000);
    this.retryTimer.unref();
  }

  private async retryPending(): Promise<void> {
    this.retryTimer = null;
    while (this.pendingLeaves.length > 0) {
      try {
        await this.writeLeave(this.pendingLeaves[0]!);
        this.pendingLeaves.shift();
      } catch {
        return this.scheduleRetry();
      }
    }
  }
}
