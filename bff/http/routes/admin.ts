import { Router } from 'express';
import { clientMetaOf } from '../../auth/credentials.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';

export function adminRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/instances', requirePermission(Permission.instancesRead), async (_req, res) => {
    res.json(await d.instances());
  });
  router.all('/instances', methodNotAllowed('GET'));

  router.get('/ssh-host-keys', requirePermission(Permission.hostKeysManage), async (_req, res) => {
    res.json(await d.hostKeys.list());
  });
  router.all('/ssh-host-keys', methodNotAllowed('GET'));

  // Forget a pinned key (the device was re-keyed): the next session trusts what it presents.
  router.delete('/ssh-host-keys/:hostKeyId', requirePermission(Permission.hostKeysManage), async (req, res) => {
    await d.hostKeys.forget(userOf(req), String(req.params.hostKeyId), clientMetaOf(req));
    res.status(204).end();
  });
  router.all('/ssh-host-keys/:hostKeyId', methodNotAllowed('DELETE'));
  return router;
}
