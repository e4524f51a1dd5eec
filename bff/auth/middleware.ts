/** One authentication middleware and one permission gate for every route. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { User } from '../../protocol/index.js';
import { forbidden, HttpError, unauthorized } from '../errors.js';
import { credentialsOf, type Credentials } from './credentials.js';
import type { OriginPolicy } from './origin.js';
import { can, type Permission } from './permissions.js';
import type { AuthService } from './service.js';

declare module 'express-serve-static-core' {
  interface Request {
    user?: User;
    credentials?: Credentials;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticate(auth: AuthService, origins: OriginPolicy): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const credentials = credentialsOf(req);
    const user = credentials ? await auth.authenticate(credentials.token) : null;
    if (!user || !credentials) return next(unauthorized(credentials ? 'Your login has expired; log in again' : 'Log in first'));
    // A cookie rides along with cross-site requests; writes on its strength must come from us.
    if (credentials.via === 'cookie' && !safeMethods.has(req.method)) assertSameOrigin(req, origins);
    req.user = user;
    req.credentials = credentials;
    next();
  };
}

export function assertSameOrigin(req: Request, origins: OriginPolicy): void {
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof origin === 'string' ? origins.isAllowed(origin) : fetchSite === 'same-origin') return;
  throw new HttpError(403, 'cross_origin_refused', 'Cross-origin request refused');
}

export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(unauthorized());
    if (!can(req.user.role, permission)) return next(forbidden());
    next();
  };
}

/** The authenticated user of a request behind `authenticate`. */
export function userOf(req: Request): User {
  if (!req.user) throw unauthorized();
  return req.user;
}
