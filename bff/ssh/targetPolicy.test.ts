import { describe, expect, it } from 'vitest';
import { addressValue, parseTargetRules, SshTargetPolicy, TargetRuleError } from './targetPolicy.js';

const policy = (allow = '', deny = '', names: Record<string, string[]> = {}) =>
  new SshTargetPolicy({
    allow: parseTargetRules(allow),
    deny: parseTargetRules(deny),
    resolve: async (host) => {
      const found = names[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    },
  });

describe('§17 SSH target policy', () => {
  it('refuses loopback, link-local, metadata and unspecified addresses by default, in every spelling', async () => {
    const p = policy();
    for (const address of [
      '127.0.0.1', '127.8.9.10', '::1', '0.0.0.0', '::', '169.254.169.254', '169.254.1.1', 'fe80::1', 'fe80::1%eth0', 'febf::1',
      'fd00:ec2::254', '100.100.100.200', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '0:0:0:0:0:ffff:a9fe:a9fe', '0:0:0:0:0:0:0:1',
    ]) {
      expect(await p.check(address), address).toMatchObject({ ok: false, reason: 'refused' });
    }
    expect(await p.check('metadata.google.internal')).toEqual({ ok: false, reason: 'refused', address: null });
  });

  it('allows everything else, private networks included', async () => {
    const p = policy();
    for (const address of ['10.0.0.1', '192.168.1.1', '172.16.0.1', '100.100.100.201', '8.8.8.8', 'fd00::1', '2001:db8::1', '128.0.0.1', '169.255.0.1', 'fec0::1']) {
      expect(await p.check(address), address).toEqual({ ok: true, address });
    }
  });

  it('checks every address a name resolves to and connects to the one it checked', async () => {
    let lookups = 0;
    const p = new SshTargetPolicy({
      resolve: async () => {
        lookups += 1;
        // A rebinding resolver: an allowed answer first, loopback afterwards.
        return lookups === 1 ? ['192.0.2.10'] : ['127.0.0.1'];
      },
    });
    expect(await p.check('router.lab')).toEqual({ ok: true, address: '192.0.2.10' });
    expect(lookups).toBe(1);
    const mixed = policy('', '', { 'both.lab': ['192.0.2.10', '127.0.0.1'], localhost: ['127.0.0.1', '::1'] });
    expect(await mixed.check('both.lab')).toEqual({ ok: false, reason: 'refused', address: '127.0.0.1' });
    expect(await mixed.check('localhost')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await mixed.check('nowhere.lab')).toEqual({ ok: false, reason: 'unresolved', detail: 'ENOTFOUND' });
  });

  it('lets an explicit allow entry override the defaults, and an explicit deny win over both', async () => {
    const p = policy('127.0.0.1/32, localhost, *.lab.example', '10.0.0.0/8, bad.lab.example', {
      localhost: ['127.0.0.1', '::1'],
      'r1.lab.example': ['127.0.0.2'],
      'bad.lab.example': ['192.0.2.1'],
      'ten.example': ['10.1.2.3'],
    });
    expect(await p.check('127.0.0.1')).toEqual({ ok: true, address: '127.0.0.1' });
    expect(await p.check('::ffff:127.0.0.1')).toMatchObject({ ok: true });
    expect(await p.check('127.0.0.2')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await p.check('localhost')).toEqual({ ok: true, address: '127.0.0.1' });
    expect(await p.check('r1.lab.example')).toEqual({ ok: true, address: '127.0.0.2' });
    expect(await p.check('bad.lab.example')).toEqual({ ok: false, reason: 'refused', address: null });
    expect(await p.check('10.9.9.9')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await p.check('ten.example')).toEqual({ ok: false, reason: 'refused', address: '10.1.2.3' });
    expect(await policy('0.0.0.0/0', '127.0.0.1').check('127.0.0.1')).toMatchObject({ ok: false });
  });

  it('parses CIDRs, bare addresses and names, and rejects anything else with the entry named', () => {
    expect(parseTargetRules(' 10.0.0.0/8 ,, 192.168.1.7, fd00::/8 , Router.Lab. ,*.lab')).toMatchObject([
      { kind: 'cidr', family: 4, prefix: 8 },
      { kind: 'cidr', family: 4, prefix: 32 },
      { kind: 'cidr', family: 6, prefix: 8 },
      { kind: 'name', name: 'router.lab', wildcard: false },
      { kind: 'name', name: 'lab', wildcard: true },
    ]);
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/x', 'host name', 'a..b', 'router/24', '-x']) {
      expect(() => parseTargetRules(bad), bad).toThrow(TargetRuleError);
      expect(() => parseTargetRules(bad), bad).toThrow(bad);
    }
  });

  it('reads IPv4-mapped IPv6 as the IPv4 address it reaches', () => {
    expect(addressValue('::ffff:10.0.0.1')).toEqual(addressValue('10.0.0.1'));
    expect(addressValue('::ffff:a00:1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(addressValue('2001:db8::1')).toEqual({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(addressValue('not an address')).toBeNull();
  });
});
