/**
 * Which ad-hoc SSH targets a session may connect to (DESIGN.md §17). Without it, "open a session
 * to host:port" is a port scanner and a proxy into the Controller's own network: loopback services,
 * the cloud metadata endpoint, link-local neighbours.
 *
 * A target is refused when an explicit deny entry matches it, or when the built-in defaults do and
 * no explicit allow entry does; everything else is allowed. Names are resolved here, once: the
 * caller connects to the address that was checked, so a name cannot resolve to an allowed address
 * for the check and to another one for the connection (DNS rebinding).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type TargetRule =
  | { kind: 'cidr'; text: string; family: 4 | 6; network: bigint; prefix: number }
  | { kind: 'name'; text: string; name: string; wildcard: boolean };

/** Refused unless explicitly allowed: loopback, link-local, cloud metadata, unspecified. */
export const defaultDeniedTargets: readonly string[] = [
  '127.0.0.0/8',
  '::1/128',
  '169.254.0.0/16',
  'fe80::/10',
  // "This network": 0.0.0.0 reaches the local host on Linux.
  '0.0.0.0/8',
  '::/128',
  '169.254.169.254/32',
  'fd00:ec2::254/128',
  '100.100.100.200/32',
  'metadata.google.internal',
];

export class TargetRuleError extends Error {}

/** Parses a comma-separated list of CIDRs, addresses and host names (`*.lab.example` too). */
export function parseTargetRules(list: string): TargetRule[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseTargetRule);
}

export function parseTargetRule(entry: string): TargetRule {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 4 || family === 6) {
    const bits = family === 4 ? 32 : 128;
    const prefixText = slash < 0 ? String(bits) : entry.slice(slash + 1);
    const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= bits)) throw new TargetRuleError(`"${entry}" has no valid prefix length (0..${bits})`);
    const value = addressValue(address);
    if (value === null) throw new TargetRuleError(`"${entry}" is not a valid address`);
    return { kind: 'cidr', text: entry, family: value.family, network: value.value & mask(value.family, prefix), prefix };
  }
  const name = entry.toLowerCase().replace(/\.$/, '');
  const wildcard = name.startsWith('*.');
  const bare = wildcard ? name.slice(2) : name;
  if (slash >= 0 || !/^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/.test(bare) || bare.includes('..')) {
    throw new TargetRuleError(`"${entry}" is neither a CIDR, an IP address nor a host name`);
  }
  return { kind: 'name', text: entry, name: bare, wildcard };
}

export type TargetCheck =
  | { ok: true; address: string }
  | { ok: false; reason: 'refused'; address: string | null }
  | { ok: false; reason: 'unresolved'; detail: string };

export interface TargetPolicyOptions {
  allow?: TargetRule[];
  deny?: TargetRule[];
  /** Every address a name resolves to (tests inject one). */
  resolve?: (host: string) => Promise<string[]>;
}

const resolveAll = async (host: string): Promise<string[]> => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export class SshTargetPolicy {
  private readonly allow: TargetRule[];
  private readonly deny: TargetRule[];
  private readonly defaults = defaultDeniedTargets.map(parseTargetRule);
  private readonly resolveHost: (host: string) => Promise<string[]>;

  constructor(o: TargetPolicyOptions = {}) {
    this.allow = o.allow ?? [];
    this.deny = o.deny ?? [];
    this.resolveHost = o.resolve ?? resolveAll;
  }

  /**
   * Resolves `host` (a canonical host name or an IP address) once and checks the name and every
   * address it has: one refused address refuses the target, since the connection could go to any.
   * The first address is the one to connect to.
   */
  async check(host: string): Promise<TargetCheck> {
    const name = isIP(host) === 0 ? host.toLowerCase() : null;
    if (name !== null && this.refused(name, null)) return { ok: false, reason: 'refused', address: null };
    let addresses: string[];
    try {
      addresses = name === null ? [host] : await this.resolveHost(name);
    } catch (err) {
      return { ok: false, reason: 'unresolved', detail: (err as { code?: string }).code ?? String((err as Error).message) };
    }
    if (addresses.length === 0) return { ok: false, reason: 'unresolved', detail: 'no address' };
    const refused = addresses.find((address) => this.refused(name, address));
    if (refused !== undefined) return { ok: false, reason: 'refused', address: refused };
    return { ok: true, address: addresses[0]! };
  }

  /** The decision for one name and/or address: explicit deny, else explicit allow, else the defaults. */
  refused(name: string | null, address: string | null): boolean {
    const value = address === null ? null : addressValue(address);
    if (address !== null && value === null) return true;
    const matches = (rules: TargetRule[]) => rules.some((rule) => ruleMatches(rule, name, value));
    if (matches(this.deny)) return true;
    if (matches(this.allow)) return false;
    return matches(this.defaults);
  }
}

function ruleMatches(rule: TargetRule, name: string | null, address: { family: 4 | 6; value: bigint } | null): boolean {
  if (rule.kind === 'name') return name !== null && (name === rule.name || (rule.wildcard && name.endsWith(`.${rule.name}`)));
  return address !== null && address.family === rule.family && (address.value & mask(rule.family, rule.prefix)) === rule.network;
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = family === 4 ? 32n : 128n;
  return prefix === 0 ? 0n : ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

/**
 * An address as a number, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) read as the IPv4 address it
 * reaches, so that spelling cannot slip past an IPv4 rule. A zone (`fe80::1%eth0`) is ignored.
 */
export function addressValue(address: string): { family: 4 | 6; value: bigint } | null {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { family: 4, value: ipv4Value(bare) };
  if (family !== 6) return null;
  const value = ipv6Value(bare);
  if (value === null) return null;
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(address: string): bigint | null {
  let text = address.toLowerCase();
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split('::');
  if (rest.length > 0) return null;
  const headGroups = head === '' ? [] : head!.split(':');
  const tailGroups = tail === undefined ? null : tail === '' ? [] : tail.split(':');
  const groups = tailGroups === null ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}
