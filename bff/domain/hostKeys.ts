/** Pinned SSH host keys (trust on first use): listing them and forgetting one (Admin page). */
import type { SshHostKeyList, User } from '../../protocol/index.js';
import { iso } from '../clock.js';
import { notFound } from '../errors.js';
import type { Store } from '../store/index.js';
import type { AuditLog, ClientMeta } from './audit.js';

export class HostKeyService {
  constructor(private readonly d: { store: Store; audit: AuditLog }) {}

  async list(): Promise<SshHostKeyList> {
    const rows = await this.d.store.hostKeys.list();
    return {
      host_keys: rows.map((row) => ({
        host_key_id: row.host_key_id,
        host: row.host,
        port: row.port,
        algorithm: row.algorithm,
        fingerprint: row.fingerprint,
        first_seen_at: iso(row.first_seen_at),
        first_seen_by: { user_id: row.first_seen_by, email: row.first_seen_by_email },
      })),
    };
  }

  /** The device was re-keyed: the next session trusts what it presents. Audited. */
  async forget(user: User, hostKeyId: string, client: ClientMeta): Promise<void> {
    const row = await this.d.store.hostKeys.byId(hostKeyId);
    if (!row || !(await this.d.store.hostKeys.remove(row.host_key_id))) throw notFound(`No pinned host key ${hostKeyId}`);
    await this.d.audit.record({
      type: 'ssh.host_key_forgotten',
      actor: user,
      ...client,
      details: { host: row.host, port: row.port, algorithm: row.algorithm, fingerprint: row.fingerprint },
    });
  }
}
