import { Router } from 'express';
import type { AppDeps } from '../deps.js';

export function deviceRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ devices: d.devices.list() });
  });
  return router;
}
