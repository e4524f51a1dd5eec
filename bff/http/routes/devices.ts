import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';

export function deviceRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ devices: d.devices.list() });
  });
  router.all('/', methodNotAllowed('GET'));
  return router;
}
