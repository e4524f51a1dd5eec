import { Router } from 'express';
import { ShareListQuery } from '../../../protocol/index.js';
import { clientMetaOf } from '../../auth/credentials.js';
import { userOf } from '../../auth/middleware.js';
import { HttpError } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

/** GET /api/v1/shares (Manage Shares) and GET /api/v1/shared/:token (viewer page metadata). */
export function shareRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/shares', async (req, res) => {
    res.json(await d.shares.listManageable(userOf(req), parse(ShareListQuery, req.query)));
  });
  router.get('/shared/:token', async (req, res) => {
    const info = await d.shares.sharedInfo(userOf(req), req.params.token, clientMetaOf(req));
    if ('ok' in info) {
      if (info.retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(info.retryAfterMs / 1000)));
      throw new HttpError(info.httpStatus, info.code, info.message);
    }
    res.json(info);
  });
  router.all('/shares', methodNotAllowed('GET'));
  router.all('/shared/:token', methodNotAllowed('GET'));
  return router;
}
