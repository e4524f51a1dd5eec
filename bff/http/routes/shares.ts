import { Router } from 'express';
import { ShareListQuery } from '../../../protocol/index.js';
import { clientIp } from '../../auth/credentials.js';
import { userOf } from '../../auth/middleware.js';
import { HttpError } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

/** GET /api/v1/shares (Manage Shares) and GET /api/v1/shared/:token (viewer page metadata). */
export function shareRoutes(d: AppDeps): Router {
  const router = Router();
  router.get('/shares', async (req, res) => {
    const { state } = parse(ShareListQuery, req.query);
    res.json({ shares: await d.shares.listManageable(userOf(req), state) });
  });
  router.get('/shared/:token', async (req, res) => {
    const user = userOf(req);
    const ip = String(clientIp(req));
    const waitMs = Math.max(d.tokenGuesses.byIp.retryAfterMs([ip]), d.tokenGuesses.byUser.retryAfterMs([user.user_id]));
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new HttpError(429, 'too_many_attempts', 'Too many unknown share links; try again later');
    }
    try {
      res.json(await d.shares.sharedInfo(user, req.params.token));
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) {
        d.tokenGuesses.byIp.fail([ip]);
        d.tokenGuesses.byUser.fail([user.user_id]);
      }
      throw err;
    }
  });
  router.all('/shares', methodNotAllowed('GET'));
  router.all('/shared/:token', methodNotAllowed('GET'));
  return router;
}
