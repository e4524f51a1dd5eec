import { Router } from 'express';
import type { SshHostKeyList } from '../../../protocol/index.js';
import { clientMetaOf } from '../../auth/credentials.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import { iso } from '../../clock.js';
import { notFound } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';

export function adminRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/instances', requirePermission(Permission.instancesRead), async (_req, res) => {
    res.json(await d.instances());
  });
  router.all('/instances', methodNotAllowed('GET'));

  router.get('/ssh-host-keys', requirePermission(Permission.hostKeysManage), async (_req, res) => {
    const rows = await d.store.hostKeys.list();
    const body: SshHostKeyList = {
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
    res.json(body);
  });
  router.all('/ssh-host-keys', methodNotAllowed('GET'));

  // Forget a pinned key (the device was re-keyed): the next session trusts what it presents.
  router.delete('/ssh-host-keys/:hostKeyId', requirePermission(Permission.hostKeysManage), async (req, res) => {
    const hostKeyId = String(req.params.hostKeyId);
    const row = await d.store.hostKeys.byId(hostKeyId);
    if (!row || !(await d.store.hostKeys.remove(row.host_key_id))) throw notFound(`No pinned host key ${hostKeyId}`);
    await d.audit.record({
      type: 'ssh.host_key_forgotten',
      actor: userOf(req),
      ...clientMetaOf(req),
      details: { host: row.host, port: row.port, algorithm: row.algorithm, fingerprint: row.fingerprint },
    });
    res.status(204).end();
  });
  router.all('/ssh-host-keys/:hostKeyId', methodNotAllowed('DELETE'));
  return router;
}
