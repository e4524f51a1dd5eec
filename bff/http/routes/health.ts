import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';

export function healthRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', instance_id: d.instanceId });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await d.ready();
    const ok = checks.store && checks.broker && checks.registered;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', instance_id: d.instanceId, checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics());
  });
  router.all('/healthz', methodNotAllowed('GET'));
  router.all('/readyz', methodNotAllowed('GET'));
  router.all('/metrics', methodNotAllowed('GET'));
  return router;
}
