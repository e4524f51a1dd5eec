/** Where a request's login token comes from: `Authorization: Bearer` or the HttpOnly cookie. */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

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

/** A cookie's value; one that is not validly percent-encoded is no login and counts as absent. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = safeDecode(part.slice(eq + 1).trim());
      if (value !== null) return value;
    }
  }
  return null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
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
    // Only an address: anything else in the header is not what a proxy appends.
    if (isIP(lastHop) !== 0) return lastHop;
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

/**
 * A request URL fit for logs: query string dropped, each path segment percent-decoded the way the
 * router decodes it (so `ns%5Fshare_…` cannot pass as something else) and then redacted: whatever
 * follows `/shared/` is a share token, or a guess at one, and so is any segment holding
 * `ns_share_` in any case.
 */
export function redactPath(url: string): string {
  const decoded = url
    .split('?')[0]!
    .split('/')
    .map((segment) => {
      let text = segment;
      // Twice at most: what a proxy decoded once, the router decodes again.
      for (let round = 0; round < 2 && text.includes('%'); round += 1) text = safeDecode(text) ?? text;
      return text;
    });
  return decoded
    .map((segment, i) => (segment !== '' && (/ns_share_/i.test(segment) || decoded[i - 1]?.toLowerCase() === 'shared') ? 'ns_share_[REDACTED]' : segment))
    .join('/');
}
