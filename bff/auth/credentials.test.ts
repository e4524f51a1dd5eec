import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientIp, credentialsOf, readCookie, redactPath } from './credentials.js';

const request = (remoteAddress: string, forwarded?: string): Pick<IncomingMessage, 'socket' | 'headers'> => ({
  socket: { remoteAddress } as Socket,
  headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
});

describe('clientIp', () => {
  it('takes the hop the loopback proxy appended, not what the client wrote before it', () => {
    expect(clientIp(request('127.0.0.1', '6.6.6.6, 203.0.113.7'))).toBe('203.0.113.7');
    expect(clientIp(request('::ffff:127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(clientIp(request('::1', ' 198.51.100.2 '))).toBe('198.51.100.2');
  });

  it('ignores X-Forwarded-For from anyone but a loopback proxy, and an empty one', () => {
    expect(clientIp(request('198.51.100.9', '127.0.0.1'))).toBe('198.51.100.9');
    expect(clientIp(request('127.0.0.1', ''))).toBe('127.0.0.1');
    expect(clientIp(request('127.0.0.1', '1.2.3.4, '))).toBe('127.0.0.1');
  });

  it('takes only an address from the proxy, never arbitrary header text', () => {
    expect(clientIp(request('127.0.0.1', `1.2.3.4, ${'x'.repeat(4000)}`))).toBe('127.0.0.1');
    expect(clientIp(request('127.0.0.1', '2001:db8::7'))).toBe('2001:db8::7');
  });
});

describe('login cookie', () => {
  it('treats a cookie that is not validly percent-encoded as absent', () => {
    expect(readCookie('ns_session=%E0%A4%A', 'ns_session')).toBeNull();
    expect(readCookie('ns_session=%zz; other=1', 'ns_session')).toBeNull();
    expect(readCookie('ns_session=%; ns_session=abc', 'ns_session')).toBe('abc');
    expect(credentialsOf({ headers: { cookie: 'ns_session=100%' } } as IncomingMessage)).toBeNull();
  });
});

describe('redactPath', () => {
  it('redacts share tokens after percent-decoding, whatever follows /shared/, and drops the query', () => {
    const token = 'ns_share_AbC-dEf_123';
    expect(redactPath(`/api/v1/shared/${token}?x=${token}`)).toBe('/api/v1/shared/ns_share_[REDACTED]');
    expect(redactPath('/api/v1/shared/ns%5Fshare_AbC')).toBe('/api/v1/shared/ns_share_[REDACTED]');
    expect(redactPath('/api/v1/sessions/shared/ns%255Fshare_AbC/ws')).toBe('/api/v1/sessions/shared/ns_share_[REDACTED]/ws');
    expect(redactPath('/SHARED/AbCdEf')).toBe('/SHARED/ns_share_[REDACTED]');
    expect(redactPath('/api/v1/sessions/NS_SHARE_x/shares')).toBe('/api/v1/sessions/ns_share_[REDACTED]/shares');
    expect(redactPath('/api/v1/sessions/sess_1/shares/%zz')).toBe('/api/v1/sessions/sess_1/shares/%zz');
    expect(redactPath('/api/v1/shared/')).toBe('/api/v1/shared/');
  });
});
