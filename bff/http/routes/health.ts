import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { HttpError } from '../../errors.js';
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
  router.get('/metrics', async (req, res) => {
    if (d.metricsToken !== undefined && !bearerMatches(req.headers.authorization, d.metricsToken)) {
      throw new HttpError(401, 'unauthorized', 'Metrics need the scrape token (NS_METRICS_TOKEN) as a Bearer token', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    }
    res.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics());
  });
  router.all('/healthz', methodNotAllowed('GET'));
  router.all('/readyz', methodNotAllowed('GET'));
  router.all('/metrics', methodNotAllowed('GET'));
  return router;
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(token)) && presented !== '';
}
