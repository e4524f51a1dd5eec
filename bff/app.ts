/** The Express app: routes, static SPA, errors. No listen and no process.env here (STYLE.md lesson 8). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { authenticate } from './auth/middleware.js';
import { errorMiddleware, notFoundHandler } from './errors.js';
import type { AppDeps } from './http/deps.js';
import { adminRoutes } from './http/routes/admin.js';
import { auditRoutes } from './http/routes/audit.js';
import { authRoutes } from './http/routes/auth.js';
import { deviceRoutes } from './http/routes/devices.js';
import { healthRoutes } from './http/routes/health.js';
import { sessionRoutes } from './http/routes/sessions.js';
import { shareRoutes } from './http/routes/shares.js';
import { userRoutes } from './http/routes/users.js';

export function createApp(d: AppDeps, options: { staticDir?: string } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.use(healthRoutes(d));

  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use('/auth', authRoutes(d));
  const signedIn = authenticate(d.auth, d.origins);
  api.use('/users', signedIn, userRoutes(d));
  api.use('/devices', signedIn, deviceRoutes(d));
  api.use('/sessions', signedIn, sessionRoutes(d));
  api.use('/audit', signedIn, auditRoutes(d));
  api.use('/admin', signedIn, adminRoutes(d));
  api.use(signedIn, shareRoutes(d));
  api.use(notFoundHandler);
  app.use('/api/v1', api);

  if (options.staticDir && existsSync(join(options.staticDir, 'index.html'))) serveSpa(app, options.staticDir);
  app.use(notFoundHandler);
  app.use(errorMiddleware(d.logger));
  return app;
}

function serveSpa(app: Express, dir: string): void {
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  const page = join(dir, 'index.html');
  // Client-side routes (/shared/<token>, /shares, /audit…) all load the SPA shell.
  app.get(/^\/(?!api\/).*/, (_req, res) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    );
    res.sendFile(page);
  });
}
