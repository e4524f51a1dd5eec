import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { canonicalHost, hostKeyOf } from './hostKey.js';

describe('canonicalHost', () => {
  it('gives every spelling of one host the same name', () => {
    expect(canonicalHost('Core-RTR-01.Example.COM.')).toBe('core-rtr-01.example.com');
    expect(canonicalHost('10.1')).toBe('10.0.0.1');
    expect(canonicalHost('0x0a.0.0.1')).toBe('10.0.0.1');
    expect(canonicalHost('[2001:DB8:0:0::1]')).toBe('2001:db8::1');
    expect(canonicalHost('2001:db8::1')).toBe('2001:db8::1');
    expect(canonicalHost(' 192.0.2.7 ')).toBe('192.0.2.7');
  });

  it('refuses what is neither a host name nor an address', () => {
    for (const bad of ['', '.', 'a b', 'host/path', 'user@host', '-lead', 'a..b', 'host:22', '999.1.1.1', 'fe80::1%eth0']) expect(canonicalHost(bad), bad).toBeNull();
  });
});

describe('hostKeyOf', () => {
  it('names the key type from the blob and prints an unpadded SHA256 fingerprint', () => {
    const parsed = ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).private);
    if (parsed instanceof Error) throw parsed;
    const key = hostKeyOf((Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH());
    expect(key.algorithm).toBe('ecdsa-sha2-nistp256');
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
