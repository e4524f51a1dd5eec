/** The Express app: routes, static SPA, errors. No listen and no process.env here (STYLE.md lesson 8). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { redactPath } from './auth/credentials.js';
import { authenticate } from './auth/middleware.js';
import { errorMiddleware, notFound, notFoundHandler } from './errors.js';
import type { AppDeps } from './http/deps.js';
import { adminRoutes } from './http/routes/admin.js';
import { auditRoutes } from './http/routes/audit.js';
import { authRoutes } from './http/routes/auth.js';
import { deviceRoutes } from './http/routes/devices.js';
import { healthRoutes } from './http/routes/health.js';
import { openApiRoutes } from './http/routes/openapi.js';
import { recordingRoutes } from './http/routes/recordings.js';
import { sessionRoutes } from './http/routes/sessions.js';
import { shareRoutes } from './http/routes/shares.js';
import { userRoutes } from './http/routes/users.js';
import { rejectControlCharacters } from './http/validate.js';

export interface AppOptions {
  /** The built SPA (dist/web); not served when it has no index.html. */
  staticDir?: string;
  /** Serve the SPA's `*.map` files (NS_SOURCE_MAPS); refused with 404 otherwise. */
  sourceMaps?: boolean;
}

export function createApp(d: AppDeps, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(accessLog(d.logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // xterm.js writes its own <style> elements.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          // The sockets of our own origins (NS_PUBLIC_URL, NS_ALLOWED_ORIGINS), in ws: or wss:.
          // Never built from the Host header: a client could write anything into the policy.
          connectSrc: ["'self'", () => socketOrigins(d.origins.list())],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          // Plain-HTTP installs (the default) must keep working.
          upgradeInsecureRequests: null,
        },
      },
      // Served over plain HTTP by default; HSTS belongs to the TLS terminator.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(healthRoutes(d));

  const api = express.Router();
  api.use(rejectControlCharacters);
  api.use(express.json({ limit: '64kb' }));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use('/auth', authRoutes(d));
  api.use(openApiRoutes());
  const signedIn = authenticate(d.auth, d.origins);
  api.use('/users', signedIn, userRoutes(d));
  api.use('/devices', signedIn, deviceRoutes(d));
  api.use('/sessions', signedIn, sessionRoutes(d));
  api.use('/audit', signedIn, auditRoutes(d));
  api.use('/admin', signedIn, adminRoutes(d));
  api.use('/recordings', signedIn, recordingRoutes(d));
  api.use(signedIn, shareRoutes(d));
  api.use(notFoundHandler);
  app.use('/api/v1', api);

  if (options.staticDir && existsSync(join(options.staticDir, 'index.html'))) serveSpa(app, options.staticDir, options.sourceMaps ?? false);
  app.use(notFoundHandler);
  app.use(errorMiddleware(d.logger));
  return app;
}

/** One line per request; share tokens in paths are redacted, query strings left out. */
function accessLog(logger: AppDeps['logger']): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      // One line per request is for debugging; at info the log holds what happened, not every call.
      logger.debug(
        { method: req.method, path: redactPath(req.originalUrl), status: res.statusCode, ms: Math.round(performance.now() - started), ip: req.ip },
        'request',
      );
    });
    next();
  };
}

/** `ws://a:1 wss://b` for the CSP, from origins validated at start. */
function socketOrigins(origins: string[]): string {
  return origins.map((origin) => origin.replace(/^http/, 'ws')).join(' ') || "'self'";
}

/** Source maps show the client's code as written; they stay off the public path unless asked for. */
const refuseSourceMaps: RequestHandler = (req, _res, next) => {
  let path = req.path;
  try {
    path = decodeURIComponent(path);
  } catch {
    /* the static server answers a malformed path itself */
  }
  next(/\.map$/i.test(path) ? notFound() : undefined);
};

function serveSpa(app: Express, dir: string, sourceMaps: boolean): void {
  if (!sourceMaps) app.use(refuseSourceMaps);
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  const page = join(dir, 'index.html');
  // Client-side routes (/shared/<token>, /shares, /audit…) all load the SPA shell.
  app.get(/^\/(?!api\/).*/, (_req, res) => {
    res.sendFile(page);
  });
}
