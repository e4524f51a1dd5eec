/** SSH host keys as OpenSSH shows them, so an operator can compare with `ssh-keygen -lf`. */
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';

export interface HostKey {
  /** The key type from the key blob, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`. */
  algorithm: string;
  /** `SHA256:` and the unpadded base64 digest of the key blob. */
  fingerprint: string;
}

/** `blob` is the public key in SSH wire format (what ssh2 hands a hostVerifier). */
export function hostKeyOf(blob: Buffer): HostKey {
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const algorithm = nameLength > 0 && nameLength <= 64 && blob.length >= 4 + nameLength ? blob.subarray(4, 4 + nameLength).toString('latin1') : 'unknown';
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { algorithm, fingerprint };
}

/**
 * One spelling per host, for pinning: lower case, no trailing dot, IPv4 shorthand expanded
 * (`10.1` is `10.0.0.1`, as the resolver reads it), IPv6 compressed. Null when it is neither a
 * host name nor an IP address.
 */
export function canonicalHost(input: string): string | null {
  const host = input.trim().replace(/\.$/, '');
  const bracketless = host.replace(/^\[|\]$/g, '');
  if (isIPv6(bracketless)) {
    // URL cannot spell a zone (`fe80::1%eth0`): that is no host here, rather than a thrown error.
    const url = `http://[${bracketless}]`;
    return URL.canParse(url) ? new URL(url).hostname.slice(1, -1) : null;
  }
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(host) || host.includes('..')) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}
