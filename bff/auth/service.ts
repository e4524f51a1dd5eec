/** Users, passwords and login tokens (DESIGN.md §7). */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChangePasswordRequest, CreateUserRequest, UpdateUserRequest, User, UserListItem } from '../../protocol/index.js';
import { type Clock, iso } from '../clock.js';
import type { AuditLog, ClientMeta } from '../domain/audit.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import type { Store } from '../store/index.js';
import type { UserRow } from '../store/users.js';
import { dummyPasswordHash, hashPassword, newId, newToken, sha256, verifyPassword } from './crypto.js';

export const loginTokenTtlMs = 12 * 3600 * 1000;
export const loginTokenPrefix = 'nst_';

export const toUser = (row: Pick<UserRow, 'user_id' | 'email' | 'name' | 'role'>): User => ({
  user_id: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role as User['role'],
});

const toListItem = (row: UserRow): UserListItem => ({ ...toUser(row), created_at: iso(row.created_at), disabled: row.disabled === 1 });

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async listUsers(): Promise<UserListItem[]> {
    return (await this.store.users.list()).map(toListItem);
  }

  /** A fresh login token for valid credentials, or null (same time spent either way). */
  async login(email: string, password: string, meta: { ip: string | null; userAgent: string | null }) {
    const row = await this.store.users.byEmail(email);
    const valid = await verifyPassword(password, row?.password_hash ?? dummyPasswordHash);
    // A disabled account gets the same answer as a wrong password (DESIGN.md §16).
    if (!row || !valid || row.disabled) {
      await this.audit.record({ type: 'user.login_failed', ip: meta.ip, userAgent: meta.userAgent, details: { email: email.slice(0, 320) } });
      return null;
    }
    const token = newToken(loginTokenPrefix);
    const now = this.clock.now();
    await this.store.users.insertLoginToken({ token_hash: sha256(token), user_id: row.user_id, created_at: now, expires_at: now + loginTokenTtlMs });
    await this.audit.record({ type: 'user.login', actor: row, ip: meta.ip, userAgent: meta.userAgent });
    return { token, user: toUser(row), expiresAt: now + loginTokenTtlMs };
  }

  async authenticate(token: string | undefined): Promise<User | null> {
    if (!token || !token.startsWith(loginTokenPrefix) || token.length > 128) return null;
    const row = await this.store.users.byLoginToken(sha256(token), this.clock.now());
    return row ? toUser(row) : null;
  }

  logout(token: string): Promise<unknown> {
    return this.store.users.deleteLoginToken(sha256(token));
  }

  async createUser(input: CreateUserRequest, actor: User | null): Promise<User> {
    if (await this.store.users.byEmail(input.email)) throw conflict(`A user with email ${input.email} already exists`, 'user_exists');
    const row = {
      user_id: newId('usr_'),
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: this.clock.now(),
    };
    try {
      await this.store.users.insert(row);
    } catch (err) {
      // Two instances creating the same user at once: the unique index decides.
      if (/unique|duplicate/i.test(String((err as Error).message))) throw conflict(`A user with email ${input.email} already exists`, 'user_exists');
      throw err;
    }
    await this.audit.record({ type: 'user.created', actor, details: { user_id: row.user_id, email: row.email, role: row.role } });
    return toUser(row);
  }

  /**
   * Role, name, disabled (admin). A role change or disabling ends the account's logins, so every
   * socket it has open closes (within the login watch's period) and it must log in again.
   */
  async updateUser(actor: User, userId: string, patch: UpdateUserRequest, client: ClientMeta): Promise<UserListItem> {
    const row = await this.store.users.byId(userId);
    if (!row) throw notFound(`No user ${userId}`);
    if (userId === actor.user_id && (patch.disabled === true || (patch.role !== undefined && patch.role !== row.role))) {
      throw badRequest('You cannot disable yourself or change your own role', 'cannot_change_self');
    }
    const disabled = patch.disabled === undefined ? undefined : patch.disabled ? 1 : 0;
    const endsLogins = (patch.role !== undefined && patch.role !== row.role) || disabled === 1;
    const updated = await this.store.transaction(async (tx) => {
      await tx.users.update(userId, { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.role !== undefined ? { role: patch.role } : {}), ...(disabled !== undefined ? { disabled } : {}) });
      const ended = endsLogins ? await tx.users.deleteLoginTokensOf(userId) : 0;
      const changes = { ...patch, ...(endsLogins ? { logins_ended: ended } : {}) };
      const type = disabled === 1 && !row.disabled ? 'user.disabled' : disabled === 0 && row.disabled ? 'user.enabled' : 'user.updated';
      await this.audit.record({ type, actor, ...client, details: { user_id: userId, email: row.email, ...changes } }, tx);
      return (await tx.users.byId(userId))!;
    });
    return toListItem(updated);
  }

  /** Sets a password: an admin for anyone, a user for themself with the current one. Ends the account's logins. */
  async changePassword(actor: User, userId: string, body: ChangePasswordRequest, client: ClientMeta): Promise<void> {
    const self = actor.user_id === userId;
    if (!self && actor.role !== 'admin') throw forbidden('Only an admin may set another user’s password');
    const row = await this.store.users.byId(userId);
    if (!row) throw notFound(`No user ${userId}`);
    if (self && actor.role !== 'admin') {
      if (!body.current_password || !(await verifyPassword(body.current_password, row.password_hash))) {
        throw badRequest('The current password is wrong', 'wrong_current_password');
      }
    }
    const passwordHash = await hashPassword(body.password);
    await this.store.transaction(async (tx) => {
      await tx.users.update(userId, { password_hash: passwordHash });
      const ended = await tx.users.deleteLoginTokensOf(userId);
      await this.audit.record({ type: 'user.password_changed', actor, ...client, details: { user_id: userId, email: row.email, logins_ended: ended } }, tx);
    });
  }

  /** Sign out everywhere: an admin for anyone, a user for themself. */
  async revokeLogins(actor: User, userId: string, client: ClientMeta): Promise<number> {
    if (actor.user_id !== userId && actor.role !== 'admin') throw forbidden('Only an admin may sign another user out');
    const row = await this.store.users.byId(userId);
    if (!row) throw notFound(`No user ${userId}`);
    return this.store.transaction(async (tx) => {
      const ended = await tx.users.deleteLoginTokensOf(userId);
      await this.audit.record({ type: 'user.logins_revoked', actor, ...client, details: { user_id: userId, email: row.email, logins_ended: ended } }, tx);
      return ended;
    });
  }

  /** Of the given login token hashes, the ones that still log someone in. */
  liveLogins(tokenHashes: string[]): Promise<Set<string>> {
    return this.store.users.liveLoginTokens(tokenHashes, this.clock.now());
  }

  /** First start: create the admin; print a generated password once if none was configured. */
  async bootstrapAdmin(email: string, password: string | undefined, logger: Logger, print: (line: string) => void): Promise<void> {
    if ((await this.store.users.count()) > 0) return print(`Admin: ${email} (existing account; its password is unchanged)`);
    const generated = password === undefined;
    const secret = password ?? randomBytes(12).toString('base64url');
    try {
      await this.createUser({ email, name: 'Administrator', password: secret, role: 'admin' }, null);
    } catch (err) {
      if ((err as { code?: string }).code === 'user_exists') return; // another instance won the race
      throw err;
    }
    logger.info({ email }, 'created the bootstrap admin');
    // One banner line either way; a generated password goes to the console once, never to the log.
    print(generated ? `Admin: ${email} / ${secret}  (generated once; set NS_ADMIN_PASSWORD to choose it)` : `Admin: ${email} (password from NS_ADMIN_PASSWORD)`);
  }
}
