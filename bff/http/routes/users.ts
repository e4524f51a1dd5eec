import { Router } from 'express';
import { ChangePasswordRequest, CreateUserRequest, UpdateUserRequest } from '../../../protocol/index.js';
import { clientMetaOf } from '../../auth/credentials.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

/** /api/v1/users: accounts (admin), and a user's own password and logins (DESIGN.md §7, §16). */
export function userRoutes(d: AppDeps): Router {
  const router = Router();
  const admin = requirePermission(Permission.userManage);
  router.get('/', admin, async (_req, res) => {
    res.json({ users: await d.auth.listUsers() });
  });
  router.post('/', admin, async (req, res) => {
    const user = await d.auth.createUser(parse(CreateUserRequest, req.body), userOf(req));
    res.status(201).json(user);
  });
  router.patch('/:id', admin, async (req, res) => {
    const user = await d.auth.updateUser(userOf(req), String(req.params.id), parse(UpdateUserRequest, req.body), clientMetaOf(req));
    await d.logins.check();
    res.json(user);
  });
  // The service decides who may: an admin for anyone, a user for themself.
  router.post('/:id/password', async (req, res) => {
    await d.auth.changePassword(userOf(req), req.params.id, parse(ChangePasswordRequest, req.body), clientMetaOf(req));
    await d.logins.check();
    res.status(204).end();
  });
  router.delete('/:id/logins', async (req, res) => {
    const revoked = await d.auth.revokeLogins(userOf(req), req.params.id, clientMetaOf(req));
    await d.logins.check();
    res.json({ user_id: req.params.id, logins_revoked: revoked });
  });
  router.all('/', methodNotAllowed('GET', 'POST'));
  router.all('/:id', methodNotAllowed('PATCH'));
  router.all('/:id/password', methodNotAllowed('POST'));
  router.all('/:id/logins', methodNotAllowed('DELETE'));
  return router;
}
