import { Router } from 'express';
import { LoginRequest } from '../../../protocol/index.js';
import { clearedSessionCookie, clientIp, credentialsOf, sessionCookie, userAgentOf } from '../../auth/credentials.js';
import { assertSameOrigin, authenticate, userOf } from '../../auth/middleware.js';
import { loginTokenTtlMs } from '../../auth/service.js';
import { iso } from '../../clock.js';
import { HttpError } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { parse } from '../validate.js';

export function authRoutes(d: AppDeps): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    // Login CSRF: a browser form on another site must not log the user into our account.
    if (req.headers.origin !== undefined) assertSameOrigin(req, d.origins);
    const body = parse(LoginRequest, req.body);
    const result = await d.auth.login(body.email, body.password, { ip: clientIp(req), userAgent: userAgentOf(req) });
    if (!result) throw new HttpError(401, 'invalid_credentials', 'Wrong email or password');
    res.setHeader('Set-Cookie', sessionCookie(result.token, loginTokenTtlMs / 1000, d.secureCookies));
    res.json({ token: result.token, user: result.user, expires_at: iso(result.expiresAt) });
  });
  router.get('/me', authenticate(d.auth, d.origins), (req, res) => {
    res.json({ user: userOf(req) });
  });
  router.post('/logout', async (req, res) => {
    const credentials = credentialsOf(req);
    if (credentials?.via === 'cookie') assertSameOrigin(req, d.origins);
    if (credentials) await d.auth.logout(credentials.token);
    res.setHeader('Set-Cookie', clearedSessionCookie(d.secureCookies));
    res.status(204).end();
  });
  return router;
}
