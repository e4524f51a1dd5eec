/** Masking secrets in device output for viewers (DESIGN.md §13), per vendor and across chunk splits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnsiScanner, OutputRedactor, defaultHoldMs, findSecretValues, redactText, redactionRules } from './redaction.js';

/**
 * Fixtures mark each secret value «like this»: the device prints it without the marks, and
 * viewers must get the same text with each marked value replaced by exactly `****`.
 */
function fixture(marked: string) {
  const secrets = [...marked.matchAll(/«([^»]*)»/g)].map((m) => m[1]!);
  return { input: marked.replace(/[«»]/g, ''), expected: marked.replace(/«[^»]*»/g, '****'), secrets };
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

const iosXe = fixture(String.raw`R1#show running-config
Building configuration...

Current configuration : 4821 bytes
!
! Last configuration change at 10:14:22 UTC Tue Mar 4 2025 by admin
!
version 17.9
service timestamps debug datetime msec
service timestamps log datetime msec
service password-encryption
!
hostname R1
!
boot-start-marker
boot-end-marker
!
enable secret 9 «$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM»
!
aaa new-model
!
aaa group server tacacs+ ISE
 server name ISE1
!
aaa authentication login default group ISE local
!
username admin privilege 15 secret 9 «$9$9XKpL1rWn6uNdE$4RnGsmQ6o3pNvRzX3WpA0ZkWLb5fQeHqYtUcJ2vD1sA»
username netops privilege 15 password 7 «0822455D0A16544541»
!
key chain OSPF-KEYS
 key 1
  key-string 7 «110A1016141D5A5E57»
  cryptographic-algorithm hmac-sha-256
!
crypto isakmp policy 10
 encr aes 256
 authentication pre-share
 group 14
crypto isakmp key «Str0ngPSK!» address 203.0.113.10
!
crypto keyring DC-PEERS
  pre-shared-key address 198.51.100.1 key 7 «1511021F07257A767B»
crypto ikev2 keyring KR-BRANCH
 peer BRANCH1
  address 198.51.100.7
  pre-shared-key local «LocalPSK123»
  pre-shared-key remote «RemotePSK456»
!
interface GigabitEthernet0/0/0
 description Uplink to core
 ip address 10.0.0.1 255.255.255.252
 ip ospf authentication-key 7 «070C285F4D06»
 ip ospf message-digest-key 1 md5 7 «094F471A1A0A»
 negotiation auto
!
router ospf 1
 router-id 1.1.1.1
 network 10.0.0.0 0.0.0.3 area 0
!
router bgp 65001
 bgp log-neighbor-changes
 neighbor 10.0.0.2 remote-as 65002
 neighbor 10.0.0.2 password 7 «13061E010803»
!
ip community-list standard CUST permit 65001:100
!
snmp-server community «s3cr3tRO» RO 10
snmp-server community «s3cr3tRW» RW
snmp-server location DC1 Row 4
snmp-server contact noc@example.net
snmp-server host 192.0.2.50 version 2c «trapComm»
!
tacacs server ISE1
 address ipv4 192.0.2.10
 key 7 «104D000A061843595F»
!
radius server RAD1
 address ipv4 192.0.2.20 auth-port 1812 acct-port 1813
 key 7 «02050D480809»
!
tacacs-server host 10.0.99.5
tacacs-server key 7 «1511021F0725»
radius-server key 7 «05080F1C2243»
!
ntp authentication-key 1 md5 «1218000F1B1E» 7
ntp authenticate
ntp trusted-key 1
ntp server 192.0.2.123 key 1
!
line con 0
 password 7 «0822455D0A16»
 logging synchronous
line vty 0 4
 password 7 «121A0C041104»
 transport input ssh
!
end

R1#`);

const nxos = fixture(String.raw`N9K-LEAF1# show running-config

!Command: show running-config
!Running configuration last done at: Tue Mar  4 10:20:11 2025
!Time: Tue Mar  4 10:22:45 2025

version 9.3(10) Bios:version 05.45
hostname N9K-LEAF1
vdc N9K-LEAF1 id 1
  limit-resource vlan minimum 16 maximum 4094

feature tacacs+
feature ospf
feature bgp
feature interface-vlan

username admin password 5 «$5$KHNJFP$yV0dZqH3r9v2Jc1jDkqWz4Q0LbPxT8uEoR6aS3mN7gB»  role network-admin
username ops password 5 «$5$PQRSTU$a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v»  role network-operator
ip domain-lookup
tacacs-server key 7 «"VwritosF1"»
tacacs-server host 192.0.2.10 key 7 «"Fewhg1234"»
aaa group server tacacs+ ISE
    server 192.0.2.10
    use-vrf management
radius-server host 192.0.2.20 key 7 «"Kfwf2bx"» authentication accounting
snmp-server user admin network-admin auth md5 «0x9a6c4a3b8f1e2d7c5b4a39281706f5e4» priv «0x1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f» localizedkey
snmp-server host 192.0.2.50 traps version 2c «nxTrapComm»
snmp-server host 192.0.2.50 use-vrf management
snmp-server community «nxRO» group network-operator
ntp authentication-key 1 md5 «Wpkyyy» 7
ntp server 192.0.2.123 use-vrf management key 1

key chain BGP-KEYS
  key 0
    key-string 7 «070c285f4d06»

interface Ethernet1/1
  description to-spine1
  no switchport
  ip address 10.1.1.1/31
  ip ospf authentication-key 3 «b2255cb5a7107f1b»
  ip router ospf 1 area 0.0.0.0

router bgp 65010
  router-id 10.0.0.11
  neighbor 10.1.1.0
    remote-as 65000
    password 3 «5ad0a2a5b2f3e1c4»
    address-family ipv4 unicast

N9K-LEAF1# `);

const eos = fixture(String.raw`leaf1#show running-config
! Command: show running-config
! device: leaf1 (DCS-7050SX3-48YC8, EOS-4.30.4M)
!
! boot system flash:/EOS-4.30.4M.swi
!
no aaa root
aaa root secret sha512 «$6$Bp3D2n1Zs9WqXb$e8K0r3oZ1lQ2w3E4r5T6y7U8i9O0pA1sD2fG3hJ4kL5zX6cV7bN8mQ9wE0rT1yU2iO3pA4sD5»
!
username admin privilege 15 role network-admin secret sha512 «$6$k3Jd8sLq$Zx9Vb8Nm7Lk6Jh5Gf4Ds3Aa2Qw1Er0Ty9Ui8Op7As6Df5Gh4Jk3»
username ops privilege 1 secret 5 «$1$5O85YVVn$HrXcfOivJEnISTMb6xrJc.»
username svc-backup nopassword
!
enable password sha512 «$6$Qw8Er7Ty$Lk5Jh4Gf3Ds2Aa1Zx0Cv9Bn8Mm7Nn6Bb5Vv4Cc3Xx2Zz1Aa0Ss9Dd8Ff7»
!
tacacs-server key 7 «070E33455D1D18544541»
tacacs-server host 192.0.2.10 vrf MGMT key 7 «0207005A0813»
radius-server host 192.0.2.20 vrf MGMT key 7 «13351601181B0B382F»
!
aaa group server tacacs+ TAC
   server 192.0.2.10 vrf MGMT
!
aaa authentication login default group TAC local
!
snmp-server community «eosRO» ro
snmp-server community «eosRW» rw SNMP-ACL
snmp-server host 192.0.2.50 vrf MGMT version 2c «eosTrap»
!
ntp authentication-key 1 md5 7 «104D000A0618»
ntp trusted-key 1
ntp server vrf MGMT 192.0.2.123 key 1
!
spanning-tree mode mstp
!
interface Ethernet1
   description to-spine1
   no switchport
   ip address 10.2.1.1/31
   ip ospf authentication-key 7 «0822455D0A16»
   ip ospf message-digest-key 1 md5 7 «060506324F41»
!
interface Management1
   ip address 192.168.0.11/24
!
router bgp 65020
   router-id 10.0.0.21
   neighbor SPINE peer group
   neighbor SPINE remote-as 65000
   neighbor SPINE password 7 «AQQvKeimxJu+uGQ/yYvv9w==»
   neighbor 10.2.1.0 peer group SPINE
!
management api http-commands
   no shutdown
!
end
leaf1#`);

const junos = fixture(String.raw`admin@mx1> show configuration
## Last commit: 2025-03-04 10:31:02 UTC by admin
version 21.4R3-S5;
system {
    host-name mx1;
    root-authentication {
        encrypted-password "«$6$oT1qZ$w3rE8tY7uI6oP5aS4dF3gH2jK1lZ0xC9vB8nM7qW6eR5tY4uI3oP2aS1dF0gH9jK8»"; ## SECRET-DATA
    }
    login {
        user netops {
            uid 2001;
            class super-user;
            authentication {
                encrypted-password "«$6$Zq9W$y8Xv7Bu6Nt5Mr4Lq3Kp2Jo1In0Hm9Gl8Fk7Ej6Di5Ch4Bg3Af2Ze1Yd0Xc9»"; ## SECRET-DATA
            }
        }
    }
    tacplus-server {
        192.0.2.10 {
            secret "«$9$dQbs4UjqmT3Hk.5F/9p0BIRhSyK8LNdV»"; ## SECRET-DATA
            source-address 192.0.2.1;
        }
    }
    radius-server {
        192.0.2.20 secret "«$9$Hk5FCtu0IcSeKvW-dHk.mf5z»"; ## SECRET-DATA
    }
    ntp {
        authentication-key 1 type md5 value "«$9$2gaGjmfz6/tmT3/CtBIcylK»"; ## SECRET-DATA
        server 192.0.2.123 key 1;
        trusted-key 1;
    }
    services {
        ssh {
            root-login deny;
        }
    }
}
snmp {
    location "DC1 row 4";
    community «jnprRO» {
        authorization read-only;
        clients {
            192.0.2.0/24;
        }
    }
}
security {
    ike {
        policy IKE-POL {
            mode main;
            proposals IKE-PROP;
            pre-shared-key ascii-text "«$9$4aZk.n/tu1hfTCtpBRhcyKMX7ds2gJZGi»"; ## SECRET-DATA
        }
    }
}
protocols {
    bgp {
        group EBGP {
            type external;
            authentication-key "«$9$tXfg0BEcyKWx-ISrvMaZjHm5F»"; ## SECRET-DATA
            neighbor 10.0.0.2 {
                peer-as 65002;
            }
        }
    }
    isis {
        interface ge-0/0/1.0 {
            level 2 hello-authentication-key "«$9$Lk5Jh4Gf3Ds2Aa»"; ## SECRET-DATA
        }
    }
    ospf {
        area 0.0.0.0 {
            interface ge-0/0/0.0 {
                authentication {
                    md5 1 key "«$9$Ktv8LNbs2aUH.fQ69tu0IRhSreW»"; ## SECRET-DATA
                }
            }
        }
    }
}
policy-options {
    community CUST-A members 65001:100;
    community NO-EXPORT members no-export;
}

{master:0}
admin@mx1> `);

const junosSet = fixture(String.raw`admin@mx1> show configuration | display set
set version 21.4R3-S5
set system host-name mx1
set system root-authentication encrypted-password "«$6$oT1qZ$w3rE8tY7uI6oP5aS4dF3gH2jK1»"
set system login user netops uid 2001
set system login user netops class super-user
set system login user netops authentication encrypted-password "«$6$Zq9W$y8Xv7Bu6Nt5Mr4»"
set system tacplus-server 192.0.2.10 secret "«$9$dQbs4UjqmT3Hk.5F»"
set system tacplus-server 192.0.2.10 source-address 192.0.2.1
set system ntp authentication-key 1 type md5 value "«$9$2gaGjmfz6/tmT3»"
set system ntp server 192.0.2.123 key 1
set snmp location "DC1 row 4"
set snmp community «jnprRO» authorization read-only
set security ike policy IKE-POL pre-shared-key ascii-text "«$9$4aZk.n/tu1hf»"
set protocols bgp group EBGP authentication-key "«$9$tXfg0BEcyKWx»"
set policy-options community CUST-A members 65001:100

{master:0}
admin@mx1> `);

const vendorFixtures = { 'Cisco IOS-XE': iosXe, 'Cisco NX-OS': nxos, 'Arista EOS': eos, Junos: junos, 'Junos (display set)': junosSet };

/** Feeds `text` cut at `cuts` (offsets), flushing at the end, and returns everything emitted. */
function pushInChunks(text: string, cuts: number[], flushAfter: (i: number) => boolean = () => false) {
  const redactor = new OutputRedactor();
  const points = [...new Set(cuts)].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b);
  let out = '';
  let masked = 0;
  let from = 0;
  for (const [i, to] of [...points, text.length].entries()) {
    const r = redactor.push(text.slice(from, to));
    out += r.emit;
    masked += r.masked;
    if (flushAfter(i) && redactor.holding) {
      const f = redactor.flush();
      out += f.emit;
      masked += f.masked;
    }
    from = to;
  }
  const last = redactor.flush();
  return { emit: out + last.emit, masked: masked + last.masked };
}

/** Every offset from the start of a line holding a secret to just past its line break. */
function cutsInSecretLines(text: string, secrets: string[]): number[] {
  const cuts: number[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    if (secrets.some((secret) => line.includes(secret))) for (let i = 0; i <= line.length + 1; i++) cuts.push(start + i);
    start += line.length + 1;
  }
  return cuts;
}

/** 4-character pieces of the secrets that the correctly masked text does not contain anyway. */
function leakProbes(secrets: string[], expected: string): string[] {
  const probes = new Set<string>();
  for (const secret of secrets) {
    for (let i = 0; i + 4 <= secret.length; i++) {
      const piece = secret.slice(i, i + 4);
      if (!expected.includes(piece)) probes.add(piece);
    }
  }
  return [...probes];
}

describe('§13 secret masking, one vendor at a time', () => {
  for (const [vendor, { input, expected, secrets }] of Object.entries(vendorFixtures)) {
    it(`${vendor}: every secret becomes ****, all other text is byte-identical`, () => {
      const result = redactText(input);
      expect(result.emit).toBe(expected);
      expect(result.masked).toBe(secrets.length);
      for (const secret of secrets) expect(result.emit).not.toContain(secret);
    });

    it(`${vendor}: the same with CRLF line ends, as devices send them`, () => {
      expect(redactText(crlf(input)).emit).toBe(crlf(expected));
    });
  }
});

describe('§13 secret masking across chunk boundaries', () => {
  const all = Object.values(vendorFixtures);

  it('any split of the output into chunks gives the one-shot result', () => {
    const text = crlf(all.map((f) => f.input).join('\n'));
    const expected = crlf(all.map((f) => f.expected).join('\n'));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 300 }), (cuts) => {
        expect(pushInChunks(text, cuts).emit).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('every two-chunk split inside a secret line gives the one-shot result', () => {
    for (const { input, expected, secrets } of all) {
      for (const cut of cutsInSecretLines(input, secrets)) {
        const { emit } = pushInChunks(input, [cut]);
        if (emit !== expected) expect({ cut, emit }).toEqual({ cut, emit: expected });
      }
    }
  });

  it('flushes at any point (the hold timer firing) never let a piece of a secret through', () => {
    const text = all.map((f) => f.input).join('\n');
    const probes = leakProbes(
      all.flatMap((f) => f.secrets),
      all.map((f) => f.expected).join('\n'),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 400 }), fc.array(fc.boolean(), { minLength: 401 }), (cuts, flushes) => {
        const { emit } = pushInChunks(text, cuts, (i) => flushes[i] ?? false);
        for (const probe of probes) if (emit.includes(probe)) expect.fail(`"${probe}" leaked`);
      }),
      { numRuns: 200 },
    );
  });

  it('a line that cannot hold a secret goes out at once, even without its newline', () => {
    const redactor = new OutputRedactor();
    const chunk = 'R1#show ip bgp\r\n     Network          Next Hop            Metric LocPrf Weight Path\r\n *>  10.0.0.0/8       192.0.2.9                0             0 64512 i\r\n *>  10.1';
    expect(redactor.push(chunk)).toEqual({ emit: chunk, masked: 0 });
    expect(redactor.holding).toBe(false);
    expect(redactor.push('.0.0/16      192.0.2.9').emit).toBe('.0.0/16      192.0.2.9');
    expect(redactor.push('\r\nR1#').emit).toBe('\r\nR1#');
    expect(redactor.holding).toBe(false);
  });

  it('a keyword split across chunks is still recognised: enable sec | ret 5 $1$abc', () => {
    const redactor = new OutputRedactor();
    // Nothing of a value can be in `enable sec`, so it goes out; the line is remembered.
    expect(redactor.push('enable sec')).toEqual({ emit: 'enable sec', masked: 0 });
    expect(redactor.push('ret 5 $1$abc')).toEqual({ emit: '', masked: 0 });
    expect(redactor.holding).toBe(true);
    expect(redactor.push('def\r\n')).toEqual({ emit: 'ret 5 ****\r\n', masked: 1 });
    expect(redactor.holding).toBe(false);
  });

  it('a flush releases a held value masked, and drops the rest of it when it arrives', () => {
    const redactor = new OutputRedactor();
    expect(redactor.push('snmp-server community pub').emit).toBe('');
    expect(redactor.holding).toBe(true);
    expect(redactor.flush()).toEqual({ emit: 'snmp-server community ****', masked: 1 });
    expect(redactor.holding).toBe(false);
    expect(redactor.push('li')).toEqual({ emit: '', masked: 0 });
    expect(redactor.push('c RO 10\r\nR1#')).toEqual({ emit: ' RO 10\r\nR1#', masked: 0 });
  });

  it('the rest of a value cut by a flush is dropped even if the completed line turns out not to match', () => {
    // Junos `community X members …;` is policy, not SNMP; by the flush, `community CUST` looked like SNMP.
    const redactor = new OutputRedactor();
    redactor.push('    community CUST');
    expect(redactor.flush().emit).toBe('    community ****');
    expect(redactor.push('-A members 65001:100;\n').emit).toBe(' members 65001:100;\n');
  });

  it('a flush with the keyword but no value yet releases the line; the value is masked when it comes', () => {
    const redactor = new OutputRedactor();
    expect(redactor.push('    secret "').emit).toBe(''); // could be the start of a Junos value
    expect(redactor.flush().emit).toBe('    secret "');
    expect(redactor.push('$9$abcdef"; ## SECRET-DATA\n')).toEqual({ emit: '****"; ## SECRET-DATA\n', masked: 1 });
  });

  it('a lone long line without a newline is held while it may be secret, and released by flush', () => {
    const redactor = new OutputRedactor();
    const long = `${'x'.repeat(5000)} enable secret 5 $1$abc`;
    expect(redactor.push(long).emit).toBe('');
    expect(redactor.holding).toBe(true);
    expect(redactor.flush()).toEqual({ emit: `${'x'.repeat(5000)} enable secret 5 ****`, masked: 1 });
  });

  it('a very long line with no newline streams through in bounded memory and stays matched at its end', () => {
    const redactor = new OutputRedactor();
    let out = '';
    for (let i = 0; i < 2000; i++) out += redactor.push('0123456789'.repeat(100)).emit;
    expect(out.length).toBe(2_000_000);
    out += redactor.push(' enable secret 5 $1$abc\n').emit;
    expect(out.endsWith(' enable secret 5 ****\n')).toBe(true);
  });

  it('a long line of repeated keywords is matched in linear time (device output is not trusted)', () => {
    const started = performance.now();
    for (const piece of ['username a ', 'snmp-server user a ', 'tacacs-server host a ', 'authentication-key ', 'x'.repeat(64) + ' ']) {
      const line = piece.repeat(Math.ceil(200_000 / piece.length));
      expect(redactText(`${line}\n`).emit.endsWith('\n')).toBe(true);
      const redactor = new OutputRedactor(); // and pushed in small chunks, held and re-matched
      for (let i = 0; i < line.length; i += 4096) redactor.push(line.slice(i, i + 4096));
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('an escape sequence cut by a chunk is held whole, never split or changed', () => {
    const redactor = new OutputRedactor();
    expect(redactor.push('R1#\x1b[3').emit).toBe('R1#');
    expect(redactor.holding).toBe(true);
    expect(redactor.push('2mhello\x1b[0m\r\n').emit).toBe('\x1b[32mhello\x1b[0m\r\n');
    expect(redactor.push('\x1b]0;R1: ').emit).toBe('');
    expect(redactor.flush().emit).toBe('\x1b]0;R1: '); // the hold timer releases it anyway
    expect(redactor.push('config\x07R1#').emit).toBe('config\x07R1#'); // still read as the title
  });
});

describe('§13 secret masking keeps escape sequences intact', () => {
  it('colour codes around the keyword and the value stay, only the value characters become ****', () => {
    const line = '\x1b[1;33msnmp-server\x1b[0m community \x1b[32mpublic\x1b[0m RO\r\n';
    expect(redactText(line)).toEqual({ emit: '\x1b[1;33msnmp-server\x1b[0m community \x1b[32m****\x1b[0m RO\r\n', masked: 1 });
  });

  it('a colour change inside a value is kept, after the mask', () => {
    expect(redactText('enable secret 5 $1$ab\x1b[0mcd\r\n').emit).toBe('enable secret 5 ****\x1b[0m\r\n');
  });

  it('coloured output split at every position gives the one-shot result', () => {
    const text =
      '\x1b[1;33musername\x1b[0m bob \x1b[36mprivilege\x1b[0m 15 \x1b[1msecret\x1b[22m 9 \x1b[31m$9$abcDEF123$xyz\x1b[0m\r\n' +
      '\x1b]0;R1: config\x1b\\\x1b[?25l\x1b(B    encrypted-password "\x1b[35m$6$salt$hash\x1b[0m";\r\n\x1b[1mR1#\x1b[0m ';
    const expected = redactText(text).emit;
    expect(expected).toBe(
      '\x1b[1;33musername\x1b[0m bob \x1b[36mprivilege\x1b[0m 15 \x1b[1msecret\x1b[22m 9 \x1b[31m****\x1b[0m\r\n' +
        '\x1b]0;R1: config\x1b\\\x1b[?25l\x1b(B    encrypted-password "\x1b[35m****\x1b[0m";\r\n\x1b[1mR1#\x1b[0m ',
    );
    for (let a = 1; a < text.length; a++) expect(pushInChunks(text, [a]).emit).toBe(expected);
  });

  it('plain lines released without the character scan give what one character at a time gives', () => {
    // One push of many lines takes the fast path for lines with no keyword and no control
    // character; one character per push never does. Sections must carry across both.
    const fixtures = Object.values(vendorFixtures).map((f) => f.input);
    const text = crlf(['tacacs server ISE', ' address ipv4 10.0.0.5', ' key 7 0822455D0A16', 'line vty 0 4', ' exec-timeout 5', ' password 7 045802150C2E', ...fixtures].join('\n')) + '\x07\x1b[1mR1#\x1b[0m ';
    const oneByOne = pushInChunks(text, [...text].map((_, i) => i).slice(1));
    const oneShot = redactText(text);
    expect(oneShot).toEqual(oneByOne);
    expect(oneShot.emit).not.toContain('0822455D0A16');
    expect(oneShot.emit).not.toContain('045802150C2E');
  });

  it('text inside an OSC title is not matched or masked', () => {
    const text = '\x1b]0;enable secret 5 notmasked\x07R1#';
    expect(redactText(text)).toEqual({ emit: text, masked: 0 });
  });
});

describe('§13 secret masking of typed commands and terminal redraws', () => {
  it('a config-mode echo is masked too, typed one key at a time with the hold timer firing', () => {
    const echo = 'R1(config)#username bob secret hunter2\r\nR1(config)#';
    const redactor = new OutputRedactor();
    let out = '';
    for (const ch of echo) {
      out += redactor.push(ch).emit;
      if (redactor.holding) out += redactor.flush().emit;
    }
    expect(out).toBe('R1(config)#username bob secret ****\r\nR1(config)#');
    expect(redactText(echo).emit).toBe('R1(config)#username bob secret ****\r\nR1(config)#');
  });

  it('a key or password typed in a config sub-mode is masked by its prompt', () => {
    expect(redactText('R1(config-server-tacacs)#key 7 0822455D0A16\r\n').emit).toBe('R1(config-server-tacacs)#key 7 ****\r\n');
    expect(redactText('R1(config-line)#password cisco123\r\n').emit).toBe('R1(config-line)#password ****\r\n');
    expect(redactText('R1(config-keychain)#key 1\r\n').emit).toBe('R1(config-keychain)#key 1\r\n');
  });

  it('a carriage return ends a line for matching', () => {
    expect(redactText('enable secret 5 $1$abc\rR1#').emit).toBe('enable secret 5 ****\rR1#');
  });

  it('a backspace correction is read as the terminal shows it, and erased value characters are dropped', () => {
    expect(redactText('username bob secrte\b\b\bret hunter\b\b2\r\n').emit).toBe('username bob secrte\b\b\bret ****\b\b\r\n');
  });

  it('a --More-- wiped with backspaces does not hide the line after it', () => {
    const text = 'tacacs server ISE\r\n address ipv4 192.0.2.10\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b key 7 104D000A0618\r\n';
    expect(redactText(text).emit).toBe(text.replace('104D000A0618', '****'));
  });
});

describe('§13 secret masking leaves look-alikes alone', () => {
  const untouched = [
    'R1#show running-config | include secret|password|community',
    'service password-encryption',
    'key chain OSPF-KEYS',
    ' key 1',
    'ntp server 192.0.2.123 key 1',
    'username svc-backup nopassword',
    ' ip ospf authentication key-chain OSPF-KEYS',
    ' authentication pre-share',
    'ip community-list standard CUST permit 65001:100',
    ' set community 65001:100 additive',
    '    community CUST-A members 65001:100;',
    'snmp-server host 192.0.2.50 use-vrf management',
    'snmp-server location DC1 Row 4',
    'tacacs-server host 10.0.99.5',
    'enable secret <removed>',
    ' Community: 65001:100 no-export',
    'Password:',
  ];
  for (const line of untouched) {
    it(`leaves "${line}" as it is`, () => {
      expect(redactText(`${line}\r\n`)).toEqual({ emit: `${line}\r\n`, masked: 0 });
    });
  }
});

describe('§13 the rule table', () => {
  const samples: Record<string, string> = {
    'junos-encrypted-password': 'encrypted-password "X"; ## SECRET-DATA',
    'junos-secret': '192.0.2.20 secret "X"; ## SECRET-DATA',
    'junos-authentication-key': 'authentication-key 1 type md5 value "X"; ## SECRET-DATA',
    'junos-pre-shared-key': 'pre-shared-key ascii-text "X"; ## SECRET-DATA',
    'junos-snmp-community': '    community X {',
    'junos-snmp-community-set': 'set snmp community X authorization read-only',
    'junos-type9-value': 'simple-password "$9$X";',
    'enable-secret': 'enable secret 5 X',
    'enable-password': 'enable password sha512 X',
    'username-secret': 'username admin privilege 15 role network-admin secret sha512 X',
    'eos-secret-sha512': 'aaa root secret sha512 X',
    'snmp-community': 'snmp-server community X RO',
    'snmp-host-community': 'snmp-server host 192.0.2.1 informs version 2c X udp-port 162',
    'snmp-user-auth': 'snmp-server user u network-admin auth sha X priv aes-128 Y localizedkey',
    'snmp-user-priv': 'snmp-server user u network-admin auth sha Y priv aes-128 X localizedkey',
    'show-snmp-community': 'Community name: X',
    'key-string': '  key-string 7 X',
    'pre-shared-key': '  pre-shared-key address 0.0.0.0 0.0.0.0 key X',
    'isakmp-key': 'crypto isakmp key 6 X address 0.0.0.0',
    'ntp-authentication-key': 'ntp authentication-key 1 md5 X 7',
    'authentication-key': ' ip ospf authentication-key X',
    'ospf-message-digest-key': ' ip ospf message-digest-key 1 md5 X',
    'bgp-neighbor-password': ' neighbor 192.0.2.9 password 7 X',
    'tacacs-server-key': 'tacacs-server host 192.0.2.10 single-connection key 7 X',
    'radius-server-key': 'radius-server host 192.0.2.20 auth-port 1645 acct-port 1646 key 7 X',
    'server-private-key': ' server-private 192.0.2.10 key 7 X',
    'server-key': ' client 192.0.2.30 server-key 7 X',
    'aaa-server-block-key': ' key 7 X',
    'block-password': ' password 7 X',
    'config-mode-key-echo': 'R1(config-line)#password X',
  };
  const sections: Record<string, string> = { 'aaa-server-block-key': 'radius server RAD1', 'block-password': 'line vty 0 4' };

  it('has unique ids, and a sample line here for every rule', () => {
    const ids = redactionRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(samples).sort()).toEqual([...ids].sort());
  });

  for (const rule of redactionRules) {
    it(`${rule.id} (${rule.vendors.join(', ')}) finds the value of its sample line`, () => {
      const line = samples[rule.id]!;
      const values = findSecretValues(line, sections[rule.id]);
      const value = values.find((v) => line.slice(v.start, v.end).replace(/^"|"$/g, '').endsWith('X'));
      expect(value?.ruleId).toBe(rule.id);
      expect(values).toHaveLength(rule.id.startsWith('snmp-user') ? 2 : 1);
      expect(line.toLowerCase()).toContain(rule.keyword);
    });
  }

  it('matches a line as soon as its value has started, so no value character goes out first', () => {
    for (const [id, line] of Object.entries(samples)) {
      const x = line.lastIndexOf('X');
      expect(findSecretValues(line.slice(0, x + 1), sections[id]).length, id).toBeGreaterThan(0);
    }
  });

  it('block rules only apply in their block: a key-chain key id is no secret', () => {
    expect(findSecretValues(' key 1', 'key chain OSPF-KEYS')).toEqual([]);
    expect(findSecretValues(' password 7 X', 'interface Gi0/0')).toEqual([]);
  });

  it('exports the hold bound the caller waits before flush()', () => {
    expect(defaultHoldMs).toBe(30);
    expect(new OutputRedactor().holdMs).toBe(30);
    expect(new OutputRedactor({ holdMs: 50 }).holdMs).toBe(50);
  });
});

describe('AnsiScanner', () => {
  const classify = (text: string) => {
    const scanner = new AnsiScanner();
    return [...text].map((ch) => (scanner.feed(ch.charCodeAt(0)) ? 'e' : 't')).join('');
  };

  it('marks CSI, OSC (BEL and ST), charset and two-character sequences, and nothing else', () => {
    expect(classify('a\x1b[1;31mb')).toBe('teeeeeeet');
    expect(classify('\x1b]0;t\x07x')).toBe('eeeeeet');
    expect(classify('\x1b]0;t\x1b\\x')).toBe('eeeeeeet');
    expect(classify('\x1b(Bx\x1b7y\x1b=z')).toBe('eeeteeteet');
  });

  it('ends a sequence at a character that cannot continue it, which is then text', () => {
    expect(classify('\x1b[12\nx')).toBe('eeeett');
    expect(classify('\x1b]0;title\nx')).toBe('eeeeeeeeett');
  });
});
