import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientIp } from './credentials.js';

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
});
