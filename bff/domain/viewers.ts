/**
 * Viewer presence in the store: joining (max_viewers enforced atomically, the join audited before
 * any frame is sent), refused joins, and one close-out for every way a connection ends (a normal
 * leave, this instance restarting, a survivor closing out a lost instance). Leaves that cannot be
 * written while the store is down are kept and retried, so nothing is lost.
 */
import type { Logger } from 'pino';
import type { User } from '../../protocol/index.js';
import { newId } from '../auth/crypto.js';
import type { Broker } from '../broker/types.js';
import type { Clock } from '../clock.js';
import { GroupCommit } from '../store/groupCommit.js';
import type { Store } from '../store/index.js';
import type { ShareRow } from '../store/shares.js';
import type { OpenViewerRow } from '../store/viewers.js';
import type { AuditLog, ClientMeta } from './audit.js';

export type Join =
  | { ok: true; connectionId: string; connectedAt: number }
  | { ok: false; reason: 'max_viewers' | 'expired' | 'revoked'; maxViewers?: number }
  | { ok: false; reason: 'barred'; by: string };

/** Which open connections a close-out ends: one socket's, or all of an instance's. */
export type CloseOutTarget = { connectionId: string } | { instanceId: string };

export type CloseOutReason = 'instance_restarted' | 'instance_lost' | (string & {});

/** Identical refusals (same address, reason, user and share) within this window become one event with a count. */
const denialWindowMs = 60_000;
const maxDenialKeys = 10_000;

interface DenialWindow {
  first: { user: User | null; share: ShareRow | null; reason: string; meta: ClientMeta };
  startedAt: number;
  lastAt: number;
  repeats: number;
  timer: NodeJS.Timeout;
}

interface PendingCloseOut {
  target: CloseOutTarget;
  reason: CloseOutReason;
  at: number;
}

export class ViewerPresence {
  private readonly pending: PendingCloseOut[] = [];
  private readonly writing = new Set<Promise<void>>();
  private readonly denials = new Map<string, DenialWindow>();
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly joins: GroupCommit;

  constructor(private readonly d: { store: Store; audit: AuditLog; clock: Clock; broker: Broker; logger: Logger; instanceId: string }) {
    this.joins = new GroupCommit(d.store);
  }

  /** Takes a place on the share (if one is free) and audits the join, in one group-committed transaction. */
  async join(user: User, share: ShareRow, meta: ClientMeta, details: Record<string, unknown> = {}): Promise<Join> {
    const { clock, audit, instanceId } = this.d;
    const result = await this.joins.run(async (tx): Promise<Join> => {
      const current = await tx.shares.lockForAdmission(share.share_id);
      const now = clock.now();
      if (!current || current.state === 'revoked') return { ok: false, reason: 'revoked' };
      if (current.state === 'expired' || current.expires_at <= now) return { ok: false, reason: 'expired' };
      const bar = await tx.shareBars.of(share.share_id, user.user_id);
      if (bar) return { ok: false, reason: 'barred', by: bar.barred_by };
      if (current.max_viewers !== null && (await tx.viewers.countOpen(share.share_id)) >= current.max_viewers) {
        return { ok: false, reason: 'max_viewers', maxViewers: current.max_viewers };
      }
      const connectionId = newId('vc_');
      const userAgent = meta.userAgent?.slice(0, 512) ?? null;
      await tx.viewers.insert({ connection_id: connectionId, share_id: share.share_id, session_id: share.session_id, user_id: user.user_id, instance_id: instanceId, ip: meta.ip, user_agent: userAgent, connected_at: now, disconnected_at: null, reason: null });
      await audit.record({ type: 'viewer.joined', actor: user, shareId: share.share_id, sessionId: share.session_id, ...meta, details: { connection_id: connectionId, ...details } }, tx);
      return { ok: true, connectionId, connectedAt: now };
    });
    if (result.ok) {
      this.d.broker.publishControl({ type: 'shares.changed', sessionId: share.session_id });
      const viewer = { user_id: user.user_id, email: user.email, name: user.name, connection_id: result.connectionId };
      this.d.broker.publishControl({ type: 'viewer.presence', sessionId: share.session_id, shareId: share.share_id, joined: true, viewer });
    }
    return result;
  }

  /**
   * Audits a refused join (unknown token, no permission, ended share, no login…). The first of a
   * run of identical refusals is written at once; the repeats within a minute are written as one
   * event with their count when the minute is over, so a flood of refusals cannot fill the log.
   */
  async denied(user: User | null, share: ShareRow | null, reason: string, meta: ClientMeta, details: Record<string, unknown> = {}): Promise<void> {
    const key = [meta.ip, reason, user?.user_id ?? '', share?.share_id ?? ''].join('\n');
    const open = this.denials.get(key);
    const now = this.d.clock.now();
    if (open) {
      open.repeats += 1;
      open.lastAt = now;
      return;
    }
    if (this.denials.size < maxDenialKeys) {
      const timer = setTimeout(() => this.closeDenialWindow(key), denialWindowMs);
      timer.unref();
      this.denials.set(key, { first: { user, share, reason, meta }, startedAt: now, lastAt: now, repeats: 0, timer });
    }
    await this.writeDenial(user, share, meta, { reason, ...details });
  }

  private closeDenialWindow(key: string): Promise<void> {
    const window = this.denials.get(key);
    this.denials.delete(key);
    if (!window || window.repeats === 0) return Promise.resolve();
    clearTimeout(window.timer);
    const { user, share, reason, meta } = window.first;
    const written = this.writeDenial(user, share, meta, { reason, count: window.repeats, repeated: true, first_at: new Date(window.startedAt).toISOString(), last_at: new Date(window.lastAt).toISOString() });
    this.writing.add(written);
    return written.finally(() => this.writing.delete(written));
  }

  private async writeDenial(user: User | null, share: ShareRow | null, meta: ClientMeta, details: Record<string, unknown>): Promise<void> {
    try {
      await this.d.audit.record({ type: 'viewer.denied', actor: user, shareId: share?.share_id ?? null, sessionId: share?.session_id ?? null, ...meta, details });
    } catch (err) {
      this.d.logger.warn({ err, reason: details.reason }, 'could not audit a refused join');
    }
  }

  /**
   * Ends open viewer connections: each is closed once in the store with its duration and reason
   * and audited as `viewer.left` in the same transaction (several instances may close out the
   * same rows at once; the conditional update lets one win), then the sessions' owners are told.
   * When the store is down the close-out is queued and retried with its original time.
   */
  async closeOut(target: CloseOutTarget, reason: CloseOutReason): Promise<void> {
    const entry = { target, reason, at: this.d.clock.now() };
    const written = this.write(entry).catch((err: unknown) => {
      this.d.logger.warn({ err, target, reason }, 'store unreachable: viewer close-out queued for retry');
      this.pending.push(entry);
      this.scheduleRetry();
    });
    this.writing.add(written);
    await written;
    this.writing.delete(written);
  }

  /** Writes what is pending (counted refusals) and waits for the writes under way: shutdown, before the store closes. */
  async drain(): Promise<void> {
    await Promise.all([...this.denials.keys()].map((key) => this.closeDenialWindow(key)));
    await Promise.all([...this.writing]);
  }

  /** Instances that still own open viewer connections or active sessions in the store. */
  async instancesOwningRows(): Promise<string[]> {
    const { viewers, sessions } = this.d.store;
    return [...new Set([...(await viewers.instancesWithOpen()), ...(await sessions.instancesWithActive())])];
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async write({ target, reason, at }: PendingCloseOut): Promise<void> {
    const { viewers } = this.d.store;
    const open = 'connectionId' in target ? await viewers.openByConnection(target.connectionId) : await viewers.openOnInstance(target.instanceId);
    const touched = new Set<string>();
    for (const row of open) {
      if (!(await this.closeOne(row, reason, at, target))) continue;
      touched.add(row.session_id);
      const viewer = { user_id: row.user_id, email: row.email, name: row.name, connection_id: row.connection_id };
      this.d.broker.publishControl({ type: 'viewer.presence', sessionId: row.session_id, shareId: row.share_id, joined: false, viewer });
    }
    for (const sessionId of touched) this.d.broker.publishControl({ type: 'shares.changed', sessionId });
  }

  private closeOne(row: OpenViewerRow, reason: CloseOutReason, at: number, target: CloseOutTarget): Promise<boolean> {
    return this.d.store.transaction(async (tx) => {
      if (!(await tx.viewers.close(row.connection_id, at, reason))) return false;
      const lost = 'instanceId' in target && reason === 'instance_lost' ? { instance_lost: target.instanceId } : {};
      await this.d.audit.record(
        {
          type: 'viewer.left',
          actor: { user_id: row.user_id, email: row.email },
          shareId: row.share_id,
          sessionId: row.session_id,
          ip: row.ip,
          userAgent: row.user_agent,
          details: { connection_id: row.connection_id, duration_ms: at - row.connected_at, reason, ...lost },
        },
        tx,
      );
      return true;
    });
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => void this.retryPending(), 1_000);
    this.retryTimer.unref();
  }

  private async retryPending(): Promise<void> {
    this.retryTimer = null;
    while (this.pending.length > 0) {
      try {
        await this.write(this.pending[0]!);
        this.pending.shift();
      } catch {
        return this.scheduleRetry();
      }
    }
  }
}
