import { Router } from 'express';
import { CreateUserRequest } from '../../../protocol/index.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

export function userRoutes(d: AppDeps): Router {
  const router = Router();
  router.use(requirePermission(Permission.userManage));
  router.get('/', async (_req, res) => {
    res.json({ users: await d.auth.listUsers() });
  });
  router.post('/', async (req, res) => {
    const user = await d.auth.createUser(parse(CreateUserRequest, req.body), userOf(req));
    res.status(201).json(user);
  });
  router.all('/', methodNotAllowed('GET', 'POST'));
  return router;
}
