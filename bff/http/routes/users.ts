import { Router } from 'express';
import { CreateUserRequest } from '../../../protocol/index.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import { toUser } from '../../auth/service.js';
import { iso } from '../../clock.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

export function userRoutes(d: AppDeps): Router {
  const router = Router();
  router.use(requirePermission(Permission.userManage));
  router.get('/', async (_req, res) => {
    const rows = await d.store.users.list();
    res.json({ users: rows.map((row) => ({ ...toUser(row), created_at: iso(row.created_at) })) });
  });
  router.post('/', async (req, res) => {
    const user = await d.auth.createUser(parse(CreateUserRequest, req.body), userOf(req));
    res.status(201).json(user);
  });
  router.all('/', methodNotAllowed('GET', 'POST'));
  return router;
}
