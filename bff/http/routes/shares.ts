import { Router } from 'express';
import { ShareListQuery } from '../../../protocol/index.js';
import { userOf } from '../../auth/middleware.js';
import type { AppDeps } from '../deps.js';
import { parse } from '../validate.js';

/** GET /api/v1/shares (Manage Shares) and GET /api/v1/shared/:token (viewer page metadata). */
export function shareRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/shares', async (req, res) => {
    const { state } = parse(ShareListQuery, req.query);
    res.json({ shares: await d.shares.listManageable(userOf(req), state) });
  });
  router.get('/shared/:token', async (req, res) => {
    res.json(await d.shares.sharedInfo(userOf(req), req.params.token));
  });
  return router;
}
