/** Where a request's login token comes from: `Authorization: Bearer` or the HttpOnly cookie. */
import type { IncomingMessage } from 'node:http';

export const sessionCookieName = 'ns_session';

export interface Credentials {
  token: string;
  via: 'bearer' | 'cookie';
}

export function credentialsOf(req: IncomingMessage): Credentials | null {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { token: match[1]!, via: 'bearer' } : null;
  }
  const token = readCookie(req.headers.cookie, sessionCookieName);
  return token ? { token, via: 'cookie' } : null;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${sessionCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/**
 * Client address. X-Forwarded-For is trusted only from a loopback proxy (nginx in front), and only
 * its last hop: nginx's `$proxy_add_x_forwarded_for` appends the address it saw to whatever the
 * client sent, so earlier entries are the client's own words (a spoofed address would dodge the
 * guessing throttle or lock someone else out).
 */
export function clientIp(req: Pick<IncomingMessage, 'socket' | 'headers'>): string | null {
  const peer = req.socket.remoteAddress ?? null;
  const forwarded = req.headers['x-forwarded-for'];
  if (peer && /^(127\.|::1$|::ffff:127\.)/.test(peer) && typeof forwarded === 'string') {
    const lastHop = forwarded.split(',').at(-1)!.trim();
    if (lastHop !== '') return lastHop;
  }
  return peer;
}

/** Who is asking, for the audit log: client address and user agent. */
export function clientMetaOf(req: Pick<IncomingMessage, 'socket' | 'headers'>): { ip: string | null; userAgent: string | null } {
  return { ip: clientIp(req), userAgent: userAgentOf(req) };
}

export function userAgentOf(req: Pick<IncomingMessage, 'headers'>): string | null {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua.slice(0, 512) : null;
}

/** A URL path fit for logs: share tokens replaced, query string dropped. */
export function redactPath(path: string): string {
  return path.split('?')[0]!.replace(/ns_share_[A-Za-z0-9_-]+/g, 'ns_share_[REDACTED]');
}
