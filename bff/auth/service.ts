/** Users, passwords and login tokens (DESIGN.md §7). */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { CreateUserRequest, User } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { AuditLog } from '../domain/audit.js';
import { conflict } from '../errors.js';
import type { Store } from '../store/index.js';
import type { UserRow } from '../store/users.js';
import { dummyPasswordHash, hashPassword, newId, newToken, sha256, verifyPassword } from './crypto.js';

export const loginTokenTtlMs = 12 * 3600 * 1000;
export const loginTokenPrefix = 'nst_';

export const toUser = (row: UserRow): User => ({
  user_id: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role as User['role'],
});

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** A fresh login token for valid credentials, or null (same time spent either way). */
  async login(email: string, password: string, meta: { ip: string | null; userAgent: string | null }) {
    const row = await this.store.users.byEmail(email);
    const valid = await verifyPassword(password, row?.password_hash ?? dummyPasswordHash);
    if (!row || !valid) {
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
    const row: UserRow = {
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

  /** First start: create the admin; print a generated password once if none was configured. */
  async bootstrapAdmin(email: string, password: string | undefined, logger: Logger, print: (line: string) => void): Promise<void> {
    if ((await this.store.users.count()) > 0) return;
    const generated = password === undefined;
    const secret = password ?? randomBytes(12).toString('base64url');
    try {
      await this.createUser({ email, name: 'Administrator', password: secret, role: 'admin' }, null);
    } catch (err) {
      if ((err as { code?: string }).code === 'user_exists') return; // another instance won the race
      throw err;
    }
    logger.info({ email }, 'created the bootstrap admin');
    // The generated password goes to the console once, never to the structured log.
    if (generated) print(`Admin login: ${email} / ${secret}  (generated once; set NS_ADMIN_PASSWORD to choose it)`);
  }
}
