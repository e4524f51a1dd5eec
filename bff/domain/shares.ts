/** Shares: creation, listing, revocation, expiry, and viewer admission (DESIGN.md §5, §6). */
import type { Logger } from 'pino';
import {
  checkExpiresIn,
  type CreateShareRequest,
  type RevokeResponse,
  type ShareCreated,
  type ShareList,
  type ExtendShareRequest,
  type ViewerRemoved,
  type SharedInfo,
  type ShareSummary,
  type User,
} from '../../protocol/index.js';
import { newId, newToken, sameDigest, sha256 } from '../auth/crypto.js';
import { can, Permission } from '../auth/permissions.js';
import type { FailureThrottle } from '../auth/throttle.js';
import type { Broker } from '../broker/types.js';
import { type Clock, iso } from '../clock.js';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../errors.js';
import type { Store } from '../store/index.js';
import type { ShareFilter, ShareRow } from '../store/shares.js';
import { type Refusal, refuse } from './admission.js';
import { decodeCursor, encodeCursor, summarizeShares } from './shareSummaries.js';
import { type AuditLog, type ClientMeta, noClient } from './audit.js';
import type { ViewerPresence } from './viewers.js';

export const shareTokenPrefix = 'ns_share_';

export interface SharePageQuery {
  state: 'active' | 'expired' | 'revoked' | 'all';
  limit: number;
  cursor?: string | undefined;
}

export interface ShareServiceDeps {
  store: Store;
  broker: Broker;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  presence: ViewerPresence;
  /** Unknown share tokens tried, per address and per account. */
  tokenGuesses: { byIp: FailureThrottle; byUser: FailureThrottle };
  shareMaxTtlSeconds: number;
  /** Active shares one session may have at once. */
  maxSharesPerSession: number;
  /** Shares created, per user (a rate: too many in its window is refused). */
  sharesCreated: FailureThrottle;
  publicUrl: () => string;
}

/** A viewer let in: the share and, for a socket, its place (connection) on it. */
export interface Admission {
  ok: true;
  share: ShareRow;
  connectionId: string;
  connectedAt: number;
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
    if (this.d.sharesCreated.retryAfterMs([user.user_id]) > 0) throw new HttpError(429, 'too_many_shares_created', 'Too many shares created in the last minutes; try again later');

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
      show_current_screen: body.show_current_screen ? 1 : 0,
      state: 'active',
      revoked_at: null,
      revoked_by: null,
      ended_at: null,
    };
    await this.d.store.transaction(async (tx) => {
      // Counted in the transaction that adds one, so parallel creates cannot pass the cap together
      // (SQLite serialises writers; on PostgreSQL the session row lock does).
      await tx.sessions.lockForShare(sessionId);
      if ((await tx.shares.count({ sessionId, state: 'active' })) >= this.d.maxSharesPerSession) {
        throw new HttpError(429, 'too_many_shares', `A session may have at most ${this.d.maxSharesPerSession} active shares; revoke one first`);
      }
      await tx.shares.insert(row);
      await this.d.audit.record(
        { type: 'share.created', actor: user, shareId: row.share_id, sessionId, ...client, details: { expires_at: iso(row.expires_at), max_viewers: row.max_viewers, show_current_screen: row.show_current_screen === 1 } },
        tx,
      );
    });
    this.d.sharesCreated.fail([user.user_id]);
    this.d.broker.publishControl({ type: 'shares.changed', sessionId });
    // The host starts keeping the viewers' screen now, seeded from the recent output.
    if (row.show_current_screen === 1) this.d.broker.publishOwnerCommand(sessionId, { type: 'viewer_screen', keep: true });
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
      show_current_screen: row.show_current_screen === 1,
    };
  }

  /** GET /sessions/:id/shares: the session's shares, active and ended, newest first, paged. */
  async listForSession(user: User, sessionId: string, query: SharePageQuery): Promise<ShareList> {
    const session = await this.d.store.sessions.byId(sessionId);
    if (!session) throw notFound(`No session ${sessionId}`);
    if (session.owner_user_id !== user.user_id && !can(user.role, Permission.shareManageAll)) throw forbidden();
    return this.page({ sessionId, state: query.state === 'all' ? undefined : query.state }, query);
  }

  /** The active shares of a session with their viewers (the owner's tab badge). */
  async activeOfSession(sessionId: string): Promise<ShareSummary[]> {
    return this.summaries(await this.d.store.shares.list({ sessionId, state: 'active' }, { limit: this.d.maxSharesPerSession }));
  }

  /** The Manage Shares panel: mine, or every share for noc_lead and admin; paged, with the total. */
  async listManageable(user: User, query: SharePageQuery): Promise<ShareList> {
    const filter = { state: query.state === 'all' ? undefined : query.state, ...(can(user.role, Permission.shareManageAll) ? {} : { ownerUserId: user.user_id }) };
    return this.page(filter, query);
  }

  private async page(filter: ShareFilter, query: SharePageQuery): Promise<ShareList> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const [rows, total] = await Promise.all([this.d.store.shares.list(filter, { limit: query.limit, after }), this.d.store.shares.count(filter)]);
    const last = rows.at(-1);
    return { shares: await this.summaries(rows), next_cursor: rows.length === query.limit && last ? encodeCursor(last) : null, total };
  }

  private summaries(rows: ShareRow[]): Promise<ShareSummary[]> {
    return summarizeShares(this.d.store, rows);
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

  /** PATCH …/shares/:id: a new expiry from now (same bounds as create) on an active share. Audited. */
  async extend(user: User, sessionId: string, shareId: string, body: ExtendShareRequest, client: ClientMeta = noClient): Promise<ShareSummary> {
    const share = await this.manageable(user, sessionId, shareId);
    const expiry = checkExpiresIn(body.expires_in, this.d.shareMaxTtlSeconds);
    if (!expiry.ok) throw badRequest(expiry.message, 'invalid_expires_in');
    const expiresAt = this.d.clock.now() + expiry.seconds * 1000;
    const extended = await this.d.store.transaction(async (tx) => {
      if (this.effectiveState(share) !== 'active' || !(await tx.shares.extend(shareId, expiresAt))) return false;
      await this.d.audit.record({ type: 'share.extended', actor: user, shareId, sessionId, ...client, details: { expires_at: iso(expiresAt), previous_expires_at: iso(share.expires_at) } }, tx);
      return true;
    });
    if (!extended) throw conflict(`The share is already ${this.effectiveState(share)}`, `share_${this.effectiveState(share)}`);
    this.d.broker.publishControl({ type: 'share.extended', sessionId, shareId, expiresAt: iso(expiresAt) });
    this.d.broker.publishControl({ type: 'shares.changed', sessionId });
    return (await this.summaries([(await this.d.store.shares.byId(shareId))!]))[0]!;
  }

  /** DELETE …/viewers/:connection_id: that viewer is cut off (4412), optionally barred for the share's life. */
  async removeViewer(user: User, sessionId: string, shareId: string, connectionId: string, bar: boolean, client: ClientMeta = noClient): Promise<ViewerRemoved> {
    await this.manageable(user, sessionId, shareId);
    const [viewer] = await this.d.store.viewers.openByConnection(connectionId);
    if (!viewer || viewer.share_id !== shareId) throw notFound(`No viewer ${connectionId} on share ${shareId}`);
    const now = this.d.clock.now();
    await this.d.store.transaction(async (tx) => {
      if (bar) await tx.shareBars.add({ share_id: shareId, user_id: viewer.user_id, barred_at: now, barred_by: user.email });
      await this.d.audit.record({ type: 'viewer.removed', actor: user, shareId, sessionId, ...client, details: { connection_id: connectionId, user_id: viewer.user_id, email: viewer.email, barred: bar } }, tx);
    });
    this.d.broker.publishControl({ type: 'viewer.removed', sessionId, connectionId, by: user.email, barred: bar });
    await this.d.presence.closeOut({ connectionId }, 'removed');
    return { connection_id: connectionId, user_id: viewer.user_id, removed_at: iso(now), removed_by: user.email, barred: bar };
  }

  /** The share, when `user` may manage it (its owner, a NOC lead, an admin). */
  private async manageable(user: User, sessionId: string, shareId: string): Promise<ShareRow> {
    const share = await this.d.store.shares.byId(shareId);
    if (!share || share.session_id !== sessionId) throw notFound(`No share ${shareId} on session ${sessionId}`);
    if (share.owner_user_id !== user.user_id && !can(user.role, Permission.shareManageAll)) throw forbidden('Only the owner, a NOC lead or an admin may manage this share');
    return share;
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
    const viewers = await this.d.store.transaction(async (tx) => {
      const end = state === 'revoked' ? { state, revoked_at: now, revoked_by: by?.email ?? null, ended_at: now } : { state, ended_at: now };
      if (!(await tx.shares.end(share.share_id, end))) return null;
      const count = await tx.viewers.countOpen(share.share_id);
      await this.d.audit.record(
        { type: state === 'revoked' ? 'share.revoked' : 'share.expired', actor: by, shareId: share.share_id, sessionId: share.session_id, ...client, details: { viewers_disconnected: count } },
        tx,
      );
      return count;
    });
    if (viewers === null) return null;
    if (share.show_current_screen === 1) {
      const keep = await this.d.store.shares.wantsScreen(share.session_id);
      this.d.broker.publishOwnerCommand(share.session_id, { type: 'viewer_screen', keep });
    }
    this.d.broker.publishControl({ type: 'share.ended', shareId: share.share_id, sessionId: share.session_id, state, by: by?.email ?? null });
    this.d.broker.publishControl({ type: 'shares.changed', sessionId: share.session_id });
    return { viewers };
  }

  /** GET /api/v1/shared/:token: what the viewer page shows before connecting. */
  async sharedInfo(user: User, token: string, meta: ClientMeta): Promise<SharedInfo | Refusal> {
    const { share, refusal } = await this.check(user, token, meta);
    if (refusal) return refusal;
    return {
      share_id: share.share_id,
      session_id: share.session_id,
      state: 'active',
      expires_at: iso(share.expires_at),
      owner: { user_id: share.owner_user_id, email: share.owner_email, name: share.owner_name },
      device: { name: share.device_name },
      websocket_url: this.websocketUrl(token),
    };
  }

  /**
   * Lets a viewer socket in, or says why not, in this order: permission → guess throttle → token
   * → share state → session state → a free place (max_viewers). The join is audited before the
   * caller sends a frame; refusals are audited here.
   */
  async admitViewer(user: User, token: string, meta: ClientMeta, details: (share: ShareRow) => Record<string, unknown> = () => ({})): Promise<Admission | Refusal> {
    const { share, refusal } = await this.check(user, token, meta);
    const outcome = refusal ?? (await this.join(user, share, meta, details));
    if (!outcome.ok) await this.d.presence.denied(user, share, outcome.reason, meta, outcome.details);
    return outcome;
  }

  private async join(user: User, share: ShareRow, meta: ClientMeta, details: (share: ShareRow) => Record<string, unknown>): Promise<Admission | Refusal> {
    if (share.session_state !== 'active') return refuse.sessionEnded();
    const joined = await this.d.presence.join(user, share, meta, details(share));
    if (joined.ok) return { ok: true, share, connectionId: joined.connectionId, connectedAt: joined.connectedAt };
    if (joined.reason === 'barred') return refuse.barred(joined.by);
    return joined.reason === 'max_viewers' ? refuse.maxViewers(joined.maxViewers ?? 0) : refuse.ended(joined.reason, share.revoked_by);
  }

  /**
   * The checks GET /shared/:token and a viewer socket share, up to the share's own state. A valid
   * token is let through even from an address over its guess limit: others guessing from behind
   * the same NAT must not lock a real viewer out.
   */
  private async check(user: User, token: string, meta: ClientMeta): Promise<{ share: ShareRow; refusal: null } | { share: ShareRow | null; refusal: Refusal }> {
    if (!can(user.role, Permission.shareView)) return { share: null, refusal: refuse.forbidden() };
    const { byIp, byUser } = this.d.tokenGuesses;
    const ip = String(meta.ip);
    const userWait = byUser.retryAfterMs([user.user_id]);
    if (userWait > 0) return { share: null, refusal: refuse.rateLimited(userWait) };
    const share = await this.byToken(token);
    if (!share) {
      const ipWait = byIp.retryAfterMs([ip]);
      if (ipWait > 0) return { share: null, refusal: refuse.rateLimited(ipWait) };
      byIp.fail([ip]);
      byUser.fail([user.user_id]);
      return { share: null, refusal: refuse.unknownToken() };
    }
    const state = this.effectiveState(share);
    if (state !== 'active') return { share, refusal: refuse.ended(state, share.revoked_by) };
    return { share, refusal: null };
  }

  /**
   * Before a viewer socket's handshake: an address over its guess limit gets HTTP 429 (no socket
   * at all) unless the request is logged in and presents a valid token. Milliseconds to wait, or 0.
   */
  async upgradeWaitMs(ip: string, token: string, loggedIn: () => Promise<boolean>): Promise<number> {
    const waitMs = this.d.tokenGuesses.byIp.retryAfterMs([ip]);
    if (waitMs === 0) return 0;
    return (await loggedIn()) && (await this.byToken(token)) ? 0 : waitMs;
  }

  /** A refused upgrade without a login counts against its address like an unknown token. */
  refusedAnonymous(ip: string): void {
    this.d.tokenGuesses.byIp.fail([ip]);
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
