/** Opening, listing and closing SSH sessions; this instance hosts the ones it opens (DESIGN.md §4). */
import type { Logger } from 'pino';
import type { CreateSessionRequest, Session, SharingStatus, User } from '../../protocol/index.js';
import { newId } from '../auth/crypto.js';
import type { Broker } from '../broker/types.js';
import { type Clock, iso } from '../clock.js';
import { can, Permission } from '../auth/permissions.js';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../errors.js';
import { openShell, SshConnectError, SshHostKeyMismatchError, type SshShell, type SshTarget } from '../ssh/client.js';
import { canonicalHost, type HostKey } from '../ssh/hostKey.js';
import { SshTargetPolicy } from '../ssh/targetPolicy.js';
import ssh2 from 'ssh2';
import type { Store } from '../store/index.js';
import type { SessionRow } from '../store/sessions.js';
import { type AuditLog, type ClientMeta, noClient } from './audit.js';
import type { DeviceCatalog } from './devices.js';
import { type EndReason, LiveSession } from './liveSession.js';
import type { SharingState } from './viewerStream.js';
import type { SessionLimits } from './sessionLimits.js';
import type { SessionRecorder } from '../recording/types.js';

export type CloseReason = EndReason | 'instance_restarted' | 'instance_lost';

export interface SessionServiceDeps {
  store: Store;
  broker: Broker;
  audit: AuditLog;
  clock: Clock;
  devices: DeviceCatalog;
  logger: Logger;
  instanceId: string;
  ownerGraceSeconds: number;
  /** Sockets of a session on this instance (for the coalescing policy). */
  localFanout: (sessionId: string) => number;
  /** Which ad-hoc targets may be reached (DESIGN.md §17); the defaults when absent. */
  targetPolicy?: SshTargetPolicy;
  /** Session attempts and open sessions per user (DESIGN.md §17). */
  limits?: SessionLimits;
  /** What viewers are spared (DESIGN.md §13): masked secrets, pause at secret prompts. */
  viewerProtection?: { redact: boolean; autoPause: boolean };
  /** Values masked in a session's viewer stream. */
  onMasked?: (sessionId: string, count: number) => void;
  /** Records each hosted session's output (DESIGN.md §14); none recorded when absent. */
  recordings?: { recorderFor(sessionId: string, size: { cols: number; rows: number }): SessionRecorder | null };
}

const defaultTargetPolicy = new SshTargetPolicy();

/** The one answer to every failure to reach or log in to a device: the detail is a scan oracle. */
const connectFailed = () => new HttpError(502, 'ssh_connect_failed', 'Could not connect to the device');

const initialSize = { cols: 120, rows: 32 };

export function toSession(row: SessionRow): Session {
  return {
    session_id: row.session_id,
    device: { device_id: row.device_id, name: row.device_name, host: row.host, port: row.port },
    owner: { user_id: row.owner_user_id, email: row.owner_email },
    created_at: iso(row.created_at),
    state: row.state as Session['state'],
    closed_at: row.closed_at === null ? null : iso(row.closed_at),
    cols: row.cols,
    rows: row.rows,
    sharing: row.sharing === 'paused' ? 'paused' : 'live',
  };
}

export class SessionService {
  private readonly live = new Map<string, LiveSession>();

  constructor(private readonly d: SessionServiceDeps) {}

  get hostedCount(): number {
    return this.live.size;
  }

  async open(user: User, request: CreateSessionRequest, client: ClientMeta = noClient): Promise<Session> {
    const release = this.d.limits ? await this.d.limits.admit(user.user_id) : () => {};
    try {
      return await this.openAdmitted(user, request, client);
    } finally {
      release();
    }
  }

  private async openAdmitted(user: User, request: CreateSessionRequest, client: ClientMeta): Promise<Session> {
    const { target, deviceId, name } = await this.resolveTarget(request, user, client);
    const shell = await this.connect(user, target, client);
    const firstUse = await this.pinHostKey(user, target, shell, client);
    const sessionId = newId('sess_');
    const now = this.d.clock.now();
    try {
      await this.d.store.sessions.insert({
        session_id: sessionId,
        owner_user_id: user.user_id,
        device_id: deviceId,
        device_name: name,
        host: target.host,
        port: target.port,
        username: target.username,
        instance_id: this.d.instanceId,
        state: 'active',
        created_at: now,
        closed_at: null,
        ...initialSize,
        owner_connected: 0,
      });
      await this.d.audit.record({ type: 'session.opened', actor: user, sessionId, ...client, details: { device: name, host: target.host, port: target.port } });
    } catch (err) {
      shell.close();
      throw err;
    }
    this.host(sessionId, shell);
    return { ...(await this.get(user, sessionId)), host_key: { ...shell.hostKey, first_use: firstUse } };
  }

  private async connect(user: User, target: SshTarget, client: ClientMeta): Promise<SshShell> {
    try {
      return await openShell(target, initialSize);
    } catch (err) {
      if (err instanceof SshHostKeyMismatchError) {
        await this.hostKeyMismatch(user, target, err.expected, err.presented, client);
        throw new HttpError(502, 'ssh_host_key_mismatch', err.message);
      }
      if (err instanceof SshConnectError) {
        await this.openFailed(user, target, client, 'connect_failed', err.message);
        throw connectFailed();
      }
      throw err;
    }
  }

  /** Why a session could not be opened: for the server log and the audit, never for the client. */
  private async openFailed(user: User, target: Pick<SshTarget, 'host' | 'port' | 'address'>, client: ClientMeta, reason: 'connect_failed' | 'unresolved' | 'target_refused', detail: string): Promise<void> {
    const where = { host: target.host, port: target.port, address: target.address ?? null };
    this.d.logger.warn({ ...where, userId: user.user_id, reason, detail }, 'SSH session not opened');
    await this.d.audit.record({ type: 'session.open_failed', actor: user, ...client, details: { ...where, reason, detail } });
  }

  /**
   * Trust on first use for ad-hoc hosts: the first key a host presents is pinned, in one
   * transaction with its audit event; catalogue devices carry their key already. True when this
   * connection pinned it.
   */
  private async pinHostKey(user: User, target: SshTarget, shell: SshShell, client: ClientMeta): Promise<boolean> {
    if (target.expectedHostKey !== null) return false;
    const { store, audit, clock } = this.d;
    const hostKeyId = newId('hk_');
    try {
      const pinned = await store.transaction(async (tx) => {
        const row = { host_key_id: hostKeyId, host: target.host, port: target.port, ...shell.hostKey, first_seen_at: clock.now(), first_seen_by: user.user_id };
        const current = await tx.hostKeys.pinOrGet(row);
        if (current.host_key_id === hostKeyId) {
          await audit.record({ type: 'ssh.host_key_trusted', actor: user, ...client, details: { host: target.host, port: target.port, ...shell.hostKey } }, tx);
        }
        return current;
      });
      if (pinned.fingerprint !== shell.hostKey.fingerprint) {
        // Another connection pinned this host with another key while this one logged in.
        const mismatch = new SshHostKeyMismatchError(target, pinned.fingerprint, shell.hostKey, false);
        await this.hostKeyMismatch(user, target, pinned.fingerprint, shell.hostKey, client);
        throw new HttpError(502, 'ssh_host_key_mismatch', mismatch.message);
      }
      return pinned.host_key_id === hostKeyId;
    } catch (err) {
      shell.close();
      throw err;
    }
  }

  private async hostKeyMismatch(user: User, target: SshTarget, expected: string, presented: HostKey, client: ClientMeta): Promise<void> {
    this.d.logger.warn({ host: target.host, port: target.port, expected, presented: presented.fingerprint }, 'SSH host key mismatch: connection refused');
    await this.d.audit.record({
      type: 'ssh.host_key_mismatch',
      actor: user,
      ...client,
      details: { host: target.host, port: target.port, expected, presented: presented.fingerprint, algorithm: presented.algorithm },
    });
  }

  async get(user: User, sessionId: string): Promise<Session> {
    const row = await this.d.store.sessions.byId(sessionId);
    if (!row) throw notFound(`No session ${sessionId}`);
    if (row.owner_user_id !== user.user_id && user.role !== 'admin') throw forbidden('Only the session owner may do this');
    return toSession(row);
  }

  async listMine(user: User): Promise<Session[]> {
    return (await this.d.store.sessions.activeOf(user.user_id)).map(toSession);
  }

  /** Closes the SSH session wherever it is hosted. */
  async close(user: User, sessionId: string): Promise<Session> {
    const session = await this.get(user, sessionId);
    if (session.state !== 'active') return session;
    const admin = session.owner.user_id !== user.user_id;
    const live = this.live.get(sessionId);
    if (live) live.end(admin ? 'closed_by_admin' : 'closed_by_owner', user.user_id);
    else this.d.broker.publishOwnerCommand(sessionId, { type: 'close', by: user.user_id, admin });
    return { ...session, state: 'closed', closed_at: iso(this.d.clock.now()) };
  }

  /** The owner's row, for socket authorisation. */
  row(sessionId: string): Promise<SessionRow | undefined> {
    return this.d.store.sessions.byId(sessionId);
  }

  /**
   * Pause or resume sharing (DESIGN.md §13): the owner, a NOC lead or an admin. The host (maybe
   * another instance) applies it, persists it and audits it; the answer says what was asked.
   */
  async setSharing(user: User, sessionId: string, paused: boolean): Promise<SharingStatus> {
    const row = await this.d.store.sessions.byId(sessionId);
    if (!row) throw notFound(`No session ${sessionId}`);
    if (row.owner_user_id !== user.user_id && !can(user.role, Permission.shareManageAll)) throw forbidden('Only the owner, a NOC lead or an admin may pause sharing');
    if (row.state !== 'active') throw conflict('The session has ended', 'session_ended');
    const now = this.d.clock.now();
    // Written here too (the host writes it again with its audit event), so that a viewer who joins
    // right after this answer already finds the session paused.
    await this.d.store.sessions.update(sessionId, { sharing: paused ? 'paused' : 'live', sharing_since: now, sharing_by: user.email, sharing_reason: paused ? 'owner' : null });
    this.d.broker.publishOwnerCommand(sessionId, { type: 'sharing', paused, by: { user_id: user.user_id, email: user.email } });
    return { session_id: sessionId, sharing: paused ? 'paused' : 'live', since: iso(now), by: user.email, reason: paused ? 'owner' : null };
  }

  /** The host's record of a pause or resume: the session row and one audit event. */
  private async sharingChanged(sessionId: string, state: SharingState): Promise<void> {
    try {
      await this.d.store.transaction(async (tx) => {
        await tx.sessions.update(sessionId, { sharing: state.paused ? 'paused' : 'live', sharing_since: state.since, sharing_by: state.by?.email ?? null, sharing_reason: state.paused ? state.reason : null });
        await this.d.audit.record({ type: state.paused ? 'sharing.paused' : 'sharing.resumed', actor: state.by, sessionId, details: { reason: state.reason } }, tx);
      });
    } catch (err) {
      this.d.logger.warn({ err, sessionId }, 'could not record a sharing pause or resume');
    }
  }

  /** Ends every hosted session (process shutdown). */
  shutdown(): void {
    for (const live of [...this.live.values()]) live.end('shutdown');
  }

  private host(sessionId: string, shell: SshShell): void {
    const { store, broker, clock, logger } = this.d;
    const live = new LiveSession({
      sessionId,
      shell,
      broker,
      clock,
      logger,
      ...initialSize,
      ownerGraceMs: this.d.ownerGraceSeconds * 1000,
      fanout: () => this.d.localFanout(sessionId),
      onResize: (cols, rows) => void store.sessions.update(sessionId, { cols, rows }).catch((err) => logger.warn({ err }, 'could not persist resize')),
      onOwnerPresence: (connected) =>
        void store.sessions.update(sessionId, { owner_connected: connected ? 1 : 0 }).catch((err) => logger.warn({ err }, 'could not persist owner presence')),
      onEnded: (reason, closedBy) => void this.ended(sessionId, reason, closedBy),
      onSharingChanged: (state) => void this.sharingChanged(sessionId, state),
      onMasked: (count) => this.d.onMasked?.(sessionId, count),
      redact: this.d.viewerProtection?.redact ?? true,
      autoPause: this.d.viewerProtection?.autoPause ?? true,
      recorder: this.d.recordings?.recorderFor(sessionId, initialSize) ?? null,
    });
    this.live.set(sessionId, live);
  }

  private async ended(sessionId: string, reason: EndReason, closedBy: string | null): Promise<void> {
    this.live.delete(sessionId);
    try {
      const row = closedBy === null ? undefined : await this.d.store.users.byId(closedBy);
      await this.markClosed(sessionId, reason, { actor: row ? { user_id: row.user_id, email: row.email } : null });
    } catch (err) {
      this.d.logger.error({ err, sessionId }, 'could not record the end of a session');
    }
  }

  /**
   * The one way a session ends in the store: every instance is told (first, so viewers are cut
   * off even when the store is slow), then the row is closed once, with its audit event, by
   * whichever caller wins the conditional update. `announce`: the host is gone, so the receivers
   * tell viewers themselves that the session ended.
   */
  async markClosed(sessionId: string, reason: CloseReason, o: { actor?: Pick<User, 'user_id' | 'email'> | null; announce?: boolean; details?: Record<string, unknown> } = {}): Promise<void> {
    this.d.broker.publishControl({ type: 'session.ended', sessionId, ...(o.announce ? { announce: true } : {}) });
    const closed = await this.d.store.transaction(async (tx) => {
      if (!(await tx.sessions.close(sessionId, this.d.clock.now()))) return false;
      await this.d.audit.record({ type: 'session.closed', actor: o.actor ?? null, sessionId, details: { reason, ...o.details } }, tx);
      return true;
    });
    if (closed) this.d.logger.debug({ sessionId, reason }, 'session closed');
  }

  /** Closes every session the store says an instance hosts (it restarted, or it is lost). */
  async closeOutInstance(instanceId: string, reason: 'instance_restarted' | 'instance_lost'): Promise<number> {
    const stale = await this.d.store.sessions.activeOnInstance(instanceId);
    const details = reason === 'instance_lost' ? { instance_lost: instanceId } : {};
    for (const s of stale) await this.markClosed(s.session_id, reason, { announce: true, details });
    return stale.length;
  }

  /**
   * Catalogue devices are ours (the demo router on loopback) and exempt from the target policy;
   * an ad-hoc host is resolved once here and checked (DESIGN.md §17), and the address checked is
   * the one connected to. The typed name stays the host for pinning and display.
   */
  private async resolveTarget(request: CreateSessionRequest, user: User, client: ClientMeta): Promise<{ target: SshTarget; deviceId: string | null; name: string }> {
    if ('device_id' in request) {
      const device = this.d.devices.target(request.device_id);
      if (!device) throw badRequest(`Unknown device ${request.device_id}`, 'unknown_device');
      return { target: device, deviceId: request.device_id, name: device.name };
    }
    // One spelling per host, so that `Router.` and `router`, or `10.1` and `10.0.0.1`, share a pin.
    const host = canonicalHost(request.host);
    if (host === null) throw badRequest(`Not a host name or IP address: ${request.host.slice(0, 100)}`, 'invalid_host');
    if (request.private_key !== undefined) {
      const parsed = ssh2.utils.parseKey(request.private_key);
      if (parsed instanceof Error) {
        throw badRequest(`The private key cannot be used: ${parsed.message} (OpenSSH or PEM, without a passphrase)`, 'invalid_private_key');
      }
    }
    const checked = await (this.d.targetPolicy ?? defaultTargetPolicy).check(host);
    if (!checked.ok && checked.reason === 'unresolved') {
      await this.openFailed(user, { host, port: request.port }, client, 'unresolved', `could not resolve ${host}: ${checked.detail}`);
      throw connectFailed();
    }
    if (!checked.ok) {
      await this.openFailed(user, { host, port: request.port, address: checked.address ?? undefined }, client, 'target_refused', `refused by the SSH target policy: ${checked.address ?? host}`);
      throw new HttpError(403, 'ssh_target_refused', 'This server may not open sessions to that host (SSH target policy)');
    }
    const pinned = await this.d.store.hostKeys.of(host, request.port);
    const target = {
      host,
      address: checked.address,
      port: request.port,
      username: request.username,
      password: request.password,
      privateKey: request.private_key,
      expectedHostKey: pinned ? { algorithm: pinned.algorithm, fingerprint: pinned.fingerprint } : null,
    };
    return { target, deviceId: null, name: `${request.username}@${host}:${request.port}` };
  }
}
