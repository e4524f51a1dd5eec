/** Shares: creation, listing, revocation, expiry, and viewer admission (DESIGN.md §5, §6). */
import type { Logger } from 'pino';
import {
  checkExpiresIn,
  type CreateShareRequest,
  type RevokeResponse,
  type ShareCreated,
  type SharedInfo,
  type ShareSummary,
  type User,
} from '../../protocol/index.js';
import { newId, newToken, sameDigest, sha256 } from '../auth/crypto.js';
import { can, Permission } from '../auth/permissions.js';
import type { Broker } from '../broker/types.js';
import { type Clock, iso } from '../clock.js';
import { badRequest, conflict, forbidden, gone, notFound } from '../errors.js';
import type { Store } from '../store/index.js';
import { countOpenViewers, type OpenViewerRow, type ShareRow } from '../store/shares.js';
import { type AuditLog, type ClientMeta, noClient } from './audit.js';

export const shareTokenPrefix = 'ns_share_';

export interface ShareServiceDeps {
  store: Store;
  broker: Broker;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  shareMaxTtlSeconds: number;
  publicUrl: () => string;
}

export class ShareService {
  constructor(private readonly d: ShareServiceDeps) {}

  websocketUrl(token: string): string {
    return `${this.d.publicUrl().replace(/^http/, 'ws')}/api/v1/sessions/shared/${token}/ws`;
  }

  async create(user: User, sessionId: string, body: CreateShareRequest, client: ClientMeta = noClient): Promise<ShareCreated> {
    if (body.require_auth === false) throw badRequest('require_auth cannot be disabled: viewers must always log in', 'require_auth_required');
    const expiry = checkExpiresIn(body.expires_in ?? '1h', this.d.shareMaxTtlSeconds);
    if (!expiry.ok) throw badRequest(expiry.message, 'invalid_expires_in');
    const session = await this.d.store.sessions.byId(sessionId);
    if (!session) throw notFound(`No session ${sessionId}`);
    if (session.owner_user_id !== user.user_id) throw forbidden('Only the session owner may share it');
    if (!can(user.role, Permission.shareCreate)) throw forbidden();
    if (session.state !== 'active') throw conflict('The session has ended', 'session_ended');

    const token = newToken(shareTokenPrefix);
    const now = this.d.clock.now();
    const row = {
      share_id: newId('share_'),
      session_id: sessionId,
      token_hash: sha256(token),
      created_by: user.user_id,
      created_at: now,
      expires_at: now + expiry.seconds * 1000,
      max_viewers: body.max_viewers ?? null,
      state: 'active',
      revoked_at: null,
      revoked_by: null,
      ended_at: null,
    };
    await this.d.store.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('shares').values(row).execute();
      await this.d.audit.record(
        { type: 'share.created', actor: user, shareId: row.share_id, sessionId, ...client, details: { expires_at: iso(row.expires_at), max_viewers: row.max_viewers } },
        trx,
      );
    });
    this.d.broker.publishControl({ type: 'shares.changed', sessionId });
    return {
      share_id: row.share_id,
      token,
      share_url: `${this.d.publicUrl()}/shared/${token}`,
      websocket_url: this.websocketUrl(token),
      expires_at: iso(row.expires_at),
      created_at: iso(now),
      created_by: user.email,
      session_id: sessionId,
      state: 'active',
      max_viewers: row.max_viewers,
    };
  }

  async listForSession(user: User, sessionId: string, state?: string): Promise<ShareSummary[]> {
    const session = await this.d.store.sessions.byId(sessionId);
    if (!session) throw notFound(`No session ${sessionId}`);
    if (session.owner_user_id !== user.user_id && !can(user.role, Permission.shareManageAll)) throw forbidden();
    return this.summaries(await this.d.store.shares.list({ sessionId, state }));
  }

  /** The Manage Shares panel: mine, or every share for noc_lead and admin. */
  async listManageable(user: User, state: 'active' | 'expired' | 'revoked' | 'all'): Promise<ShareSummary[]> {
    const rows = await this.d.store.shares.list({
      state: state === 'all' ? undefined : state,
      ...(can(user.role, Permission.shareManageAll) ? {} : { ownerUserId: user.user_id }),
    });
    return this.summaries(rows);
  }

  async summaries(rows: ShareRow[]): Promise<ShareSummary[]> {
    const viewers = await this.d.store.shares.openViewers(rows.filter((r) => r.state === 'active').map((r) => r.share_id));
    const byShare = new Map<string, OpenViewerRow[]>();
    for (const v of viewers) {
      const list = byShare.get(v.share_id);
      if (list) list.push(v);
      else byShare.set(v.share_id, [v]);
    }
    return rows.map((row) => {
      const open = byShare.get(row.share_id) ?? [];
      return {
        share_id: row.share_id,
        session_id: row.session_id,
        state: row.state as ShareSummary['state'],
        created_at: iso(row.created_at),
        expires_at: iso(row.expires_at),
        created_by: row.created_by_email,
        max_viewers: row.max_viewers,
        revoked_at: row.revoked_at === null ? null : iso(row.revoked_at),
        revoked_by: row.revoked_by,
        viewer_count: open.length,
        viewers: open.map((v) => ({ user_id: v.user_id, email: v.email, name: v.name, connected_at: iso(v.connected_at) })),
        owner: { user_id: row.owner_user_id, email: row.owner_email, name: row.owner_name },
        device: { name: row.device_name },
      };
    });
  }

  /** Revocation by the owner, a noc_lead or an admin: immediate, audited once. */
  async revoke(user: User, sessionId: string, shareId: string, client: ClientMeta = noClient): Promise<RevokeResponse> {
    const share = await this.d.store.shares.byId(shareId);
    if (!share || share.session_id !== sessionId) throw notFound(`No share ${shareId} on session ${sessionId}`);
    if (share.owner_user_id !== user.user_id && !can(user.role, Permission.shareManageAll)) throw forbidden('Only the owner, a NOC lead or an admin may revoke this share');
    const now = this.d.clock.now();
    const outcome = await this.end(share, 'revoked', now, user, client);
    if (!outcome) {
      const current = await this.d.store.shares.byId(shareId);
      throw conflict(`The share is already ${current?.state ?? 'ended'}`, `share_${current?.state ?? 'ended'}`);
    }
    return { share_id: shareId, state: 'revoked', revoked_at: iso(now), revoked_by: user.email, viewers_disconnected: outcome.viewers };
  }

  /** Expires every share whose time is up; safe to run on every instance at once. */
  async expireDue(): Promise<number> {
    const now = this.d.clock.now();
    let expired = 0;
    for (const due of await this.d.store.shares.dueForExpiry(now)) {
      const share = await this.d.store.shares.byId(due.share_id);
      if (share && (await this.end(share, 'expired', now, null))) expired += 1;
    }
    return expired;
  }

  /**
   * Moves an active share to its final state. The conditional update makes exactly one caller win
   * (across instances too); the winner writes the audit row in the same transaction and tells
   * every instance to disconnect the share's viewers.
   */
  private async end(share: ShareRow, state: 'revoked' | 'expired', now: number, by: User | null, client: ClientMeta = noClient): Promise<{ viewers: number } | null> {
    const viewers = await this.d.store.kysely.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('shares')
        .set(state === 'revoked' ? { state, revoked_at: now, revoked_by: by?.email ?? null, ended_at: now } : { state, ended_at: now })
        .where('share_id', '=', share.share_id)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return null;
      const count = await countOpenViewers(trx, share.share_id);
      await this.d.audit.record(
        { type: state === 'revoked' ? 'share.revoked' : 'share.expired', actor: by, shareId: share.share_id, sessionId: share.session_id, ...client, details: { viewers_disconnected: count } },
        trx,
      );
      return count;
    });
    if (viewers === null) return null;
    this.d.broker.publishControl({ type: 'share.ended', shareId: share.share_id, sessionId: share.session_id, state, by: by?.email ?? null });
    this.d.broker.publishControl({ type: 'shares.changed', sessionId: share.session_id });
    return { viewers };
  }

  /** GET /api/v1/shared/:token: what the viewer page shows before connecting. */
  async sharedInfo(user: User, token: string): Promise<SharedInfo> {
    if (!can(user.role, Permission.shareView)) throw forbidden('Your account may not view shared sessions');
    const share = await this.byToken(token);
    if (!share) throw notFound('This share link is not valid');
    const state = this.effectiveState(share);
    if (state !== 'active') throw gone(state === 'revoked' ? `This share was revoked by ${share.revoked_by ?? 'an administrator'}` : 'This share has expired', `share_${state}`);
    return {
      share_id: share.share_id,
      session_id: share.session_id,
      state,
      expires_at: iso(share.expires_at),
      owner: { user_id: share.owner_user_id, email: share.owner_email, name: share.owner_name },
      device: { name: share.device_name },
      websocket_url: this.websocketUrl(token),
    };
  }

  /** The share behind a token: looked up by its SHA-256, never by the token itself. */
  async byToken(token: string): Promise<ShareRow | null> {
    if (!token.startsWith(shareTokenPrefix) || token.length > 100) return null;
    const digest = sha256(token);
    const share = await this.d.store.shares.byTokenHash(digest);
    return share && sameDigest(share.token_hash, digest) ? share : null;
  }

  /** Active shares past expires_at count as expired even before the sweeper reaches them. */
  effectiveState(share: ShareRow): ShareSummary['state'] {
    if (share.state === 'active' && share.expires_at <= this.d.clock.now()) return 'expired';
    return share.state as ShareSummary['state'];
  }
}
