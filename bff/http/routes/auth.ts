import { Router } from 'express';
import { LoginRequest } from '../../../protocol/index.js';
import { clearedSessionCookie, clientIp, credentialsOf, sessionCookie, userAgentOf } from '../../auth/credentials.js';
import { assertSameOrigin, authenticate, userOf } from '../../auth/middleware.js';
import { AttemptLimiter } from '../../auth/throttle.js';
import { loginTokenTtlMs } from '../../auth/service.js';
import { iso } from '../../clock.js';
import { HttpError } from '../../errors.js';
import type { AppDeps } from '../deps.js';
import { methodNotAllowed } from '../methodNotAllowed.js';
import { parse } from '../validate.js';

export function authRoutes(d: AppDeps): Router {
  const router = Router();
  // Per account and address: slows guessing one password without letting anyone elsewhere lock
  // the account's owner out. Per address: bounds spraying many accounts from one place.
  const byAccountAndIp = new AttemptLimiter(() => d.clock.now(), 10, { baseDelayMs: 30_000 });
  const byIp = new AttemptLimiter(() => d.clock.now(), 100);
  router.post('/login', async (req, res) => {
    // Login CSRF: a browser form on another site must not log the user into our account.
    if (req.headers.origin !== undefined) assertSameOrigin(req, d.origins);
    const body = parse(LoginRequest, req.body);
    const ip = clientIp(req);
    const email = body.email.toLowerCase();
    // Reserved before the password is checked, so parallel guesses cannot outrun the count.
    const account = byAccountAndIp.reserve([`${email}\n${ip}`]);
    const address = account.ok ? byIp.reserve([String(ip)]) : account;
    if (!account.ok || !address.ok) {
      if (account.ok) account.done('cancelled');
      res.setHeader('Retry-After', String(Math.ceil((address.ok ? 1 : address.retryAfterMs) / 1000)));
      throw new HttpError(429, 'too_many_attempts', 'Too many failed logins; try again later');
    }
    let result: Awaited<ReturnType<typeof d.auth.login>> = null;
    try {
      result = await d.auth.login(body.email, body.password, { ip, userAgent: userAgentOf(req) });
    } finally {
      const outcome = result === null ? 'failed' : 'succeeded';
      account.done(outcome);
      address.done(outcome);
    }
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
    if (credentials) {
      await d.auth.logout(credentials.token);
      // Sockets of this login, here and (within one period) on every instance, close.
      await d.logins.check();
    }
    res.setHeader('Set-Cookie', clearedSessionCookie(d.secureCookies));
    res.status(204).end();
  });
  router.all('/login', methodNotAllowed('POST'));
  router.all('/me', methodNotAllowed('GET'));
  router.all('/logout', methodNotAllowed('POST'));
  return router;
}
