import { Router } from 'express';
import { buildOpenApiDocument } from '../openapi.js';
import { methodNotAllowed } from '../methodNotAllowed.js';

/** GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, public (DESIGN.md §18). */
export function openApiRoutes(): Router {
  const router = Router();
  let document: ReturnType<typeof buildOpenApiDocument> | null = null;
  router.get('/openapi.json', (_req, res) => {
    // Built on first use, not at start: most processes never serve it.
    res.json((document ??= buildOpenApiDocument()));
  });
  router.all('/openapi.json', methodNotAllowed('GET'));
  return router;
}
