import { Router } from 'express';
import { CreateSessionRequest, CreateShareRequest, ExtendShareRequest, RemoveViewerQuery, SessionShareListQuery } from '../../../protocol/index.js';
import { clientMetaOf } from '../../auth/credentials.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

/** /api/v1/sessions: sessions and the shares of each (DESIGN.md §4, §5). */
export function sessionRoutes(d: AppDeps): Router {
  const router = Router();
  router.post('/', requirePermission(Permission.sessionOpen), async (req, res) => {
    res.status(201).json(await d.sessions.open(userOf(req), parse(CreateSessionRequest, req.body), clientMetaOf(req)));
  });
  router.get('/', async (req, res) => {
    res.json({ sessions: await d.sessions.listMine(userOf(req)) });
  });
  router.get('/:id', async (req, res) => {
    res.json(await d.sessions.get(userOf(req), req.params.id));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await d.sessions.close(userOf(req), req.params.id));
  });

  router.post('/:id/share', async (req, res) => {
    res.status(201).json(await d.shares.create(userOf(req), req.params.id, parse(CreateShareRequest, req.body), clientMetaOf(req)));
  });
  router.get('/:id/shares', async (req, res) => {
    res.json(await d.shares.listForSession(userOf(req), req.params.id, parse(SessionShareListQuery, req.query)));
  });
  router.delete('/:id/shares/:shareId', async (req, res) => {
    res.json(await d.shares.revoke(userOf(req), req.params.id, req.params.shareId, clientMetaOf(req)));
  });
  router.patch('/:id/shares/:shareId', async (req, res) => {
    res.json(await d.shares.extend(userOf(req), req.params.id, req.params.shareId, parse(ExtendShareRequest, req.body), clientMetaOf(req)));
  });
  router.delete('/:id/shares/:shareId/viewers/:connectionId', async (req, res) => {
    const { bar } = parse(RemoveViewerQuery, req.query);
    res.json(await d.shares.removeViewer(userOf(req), req.params.id, req.params.shareId, req.params.connectionId, bar === 'true', clientMetaOf(req)));
  });
  router.post('/:id/pause', async (req, res) => {
    res.json(await d.sessions.setSharing(userOf(req), req.params.id, true));
  });
  router.post('/:id/resume', async (req, res) => {
    res.json(await d.sessions.setSharing(userOf(req), req.params.id, false));
  });
  router.all('/', methodNotAllowed('GET', 'POST'));
  router.all('/:id', methodNotAllowed('GET', 'DELETE'));
  router.all('/:id/share', methodNotAllowed('POST'));
  router.all('/:id/shares', methodNotAllowed('GET'));
  router.all('/:id/shares/:shareId', methodNotAllowed('DELETE', 'PATCH'));
  router.all('/:id/shares/:shareId/viewers/:connectionId', methodNotAllowed('DELETE'));
  router.all('/:id/pause', methodNotAllowed('POST'));
  router.all('/:id/resume', methodNotAllowed('POST'));
  return router;
}
