import { once } from 'node:events';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { RecordingCastQuery, RecordingQuery } from '../../../protocol/index.js';
import { clientMetaOf } from '../../auth/credentials.js';
import { requirePermission, userOf } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

const ChunkSeq = z.coerce.number().int().min(0).max(2 ** 31 - 1);

/** /api/v1/recordings (DESIGN.md §14): the rules live in bff/recording/service.ts. */
export function recordingRoutes(d: AppDeps): Router {
  const router = Router();
  router.use(requirePermission(Permission.recordingsRead));
  router.get('/', async (req, res) => {
    res.json(await d.recordings.list(userOf(req), parse(RecordingQuery, req.query), clientMetaOf(req)));
  });
  router.get('/:recordingId', async (req, res) => {
    res.json(await d.recordings.get(userOf(req), req.params.recordingId, clientMetaOf(req)));
  });
  router.get('/:recordingId/timeline', async (req, res) => {
    res.json(await d.recordings.timeline(userOf(req), req.params.recordingId, clientMetaOf(req)));
  });
  router.get('/:recordingId/chunks/:seq', async (req, res) => {
    res.json(await d.recordings.chunk(userOf(req), req.params.recordingId, parse(ChunkSeq, req.params.seq), clientMetaOf(req)));
  });
  router.get('/:recordingId/cast', async (req, res) => {
    const download = parse(RecordingCastQuery, req.query).download === '1';
    const cast = await d.recordings.cast(userOf(req), req.params.recordingId, download, clientMetaOf(req));
    res.setHeader('Content-Type', 'application/x-asciicast');
    res.setHeader('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${cast.filename}"`);
    await streamLines(res, cast.lines, d.logger);
  });
  router.all('/', methodNotAllowed('GET'));
  router.all('/:recordingId', methodNotAllowed('GET'));
  router.all('/:recordingId/timeline', methodNotAllowed('GET'));
  router.all('/:recordingId/chunks/:seq', methodNotAllowed('GET'));
  router.all('/:recordingId/cast', methodNotAllowed('GET'));
  return router;
}

/** Writes as the client reads: one chunk's lines at a time, stopping if it goes away. */
async function streamLines(res: Response, lines: AsyncGenerator<string>, logger: AppDeps['logger']): Promise<void> {
  try {
    for await (const text of lines) {
      if (res.destroyed) return;
      if (!res.write(text)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (err) {
    // Headers are out: the error middleware cannot answer any more; cut the file short instead.
    logger.error({ err }, 'recording cast stream failed');
    res.destroy();
  } finally {
    await lines.return(undefined);
  }
}
