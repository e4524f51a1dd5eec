import { Router } from 'express';
import { requirePermission } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';

export function adminRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/instances', requirePermission(Permission.instancesRead), async (_req, res) => {
    res.json(await d.instances());
  });
  router.all('/instances', methodNotAllowed('GET'));
  return router;
}
