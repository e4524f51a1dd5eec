import { Router } from 'express';
import { z } from 'zod';
import { AuditQuery } from '../../../protocol/index.js';
import { requirePermission } from '../../auth/middleware.js';
import { Permission } from '../../auth/permissions.js';
import { auditCsvHeader, auditCsvRow, toAuditEvent, toAuditExportEvent } from '../../domain/audit.js';
import { badRequest } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

const ExportQuery = AuditQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'ndjson']).default('csv') });
const exportPageSize = 1000;

export function auditRoutes(d: AppDeps): Router {
  const router = Router();
  router.use(requirePermission(Permission.auditRead));
  router.get('/', async (req, res) => {
    const query = parse(AuditQuery, req.query);
    if (query.cursor !== undefined && !/^\d+$/.test(query.cursor)) throw badRequest('cursor is not valid', 'invalid_cursor');
    const rows = await d.audit.query(query);
    const last = rows.at(-1);
    res.json({ events: rows.map(toAuditEvent), next_cursor: rows.length === query.limit && last ? String(last.seq) : null });
  });
  router.get('/export', async (req, res) => {
    const { format, ...filters } = parse(ExportQuery, req.query);
    const stamp = new Date(d.clock.now()).toISOString().replace(/[:.]/g, '-');
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    res.setHeader('Content-Disposition', `attachment; filename="netstacks-audit-${stamp}.${format}"`);
    if (format === 'csv') res.write(auditCsvHeader);
    // Streams page by page so a large export never sits in memory at once.
    let cursor: string | undefined;
    for (;;) {
      const rows = await d.audit.query({ ...filters, limit: exportPageSize, cursor });
      for (const row of rows) {
        const event = toAuditExportEvent(row);
        res.write(format === 'csv' ? auditCsvRow(event) : JSON.stringify(event) + '\n');
      }
      if (rows.length < exportPageSize) break;
      cursor = String(rows.at(-1)!.seq);
    }
    res.end();
  });
  // DESIGN.md §15: recomputes every hash and link of the stored chain.
  router.get('/verify', async (_req, res) => {
    res.json(await d.audit.verifyChain());
  });
  router.all('/', methodNotAllowed('GET'));
  router.all('/export', methodNotAllowed('GET'));
  router.all('/verify', methodNotAllowed('GET'));
  return router;
}
