/**
 * The demo router's configuration: a fixed lab config full of the secret-bearing lines real
 * configs carry (what the viewer-side masking of DESIGN.md §13 must catch), plus what the user
 * configured in this SSH session. Each session has its own copy, so one user's `username … secret`
 * never shows up in another user's `show running-config`.
 */
import { createHash } from 'node:crypto';

export const hostname = 'lab-rtr-01';

export const configLimits = {
  /** Local users and SNMP communities a session may add (a real router's tables are finite too). */
  maxUsers: 32,
  maxCommunities: 16,
  maxNameLength: 64,
  maxSecretLength: 127,
} as const;

export interface LocalUser {
  privilege: number | null;
  /** How it shows in the config: `secret 9 $9$…` or `password 7 0822…`. */
  credential: string;
}

export interface RouterConfig {
  /** What follows `enable secret ` in the config. */
  enableSecret: string;
  /** The plain enable secret when this session set one: `enable` then asks for exactly it. */
  enablePlain: string | null;
  users: Map<string, LocalUser>;
  communities: Map<string, 'RO' | 'RW'>;
  lastChange: string;
}

export function baseConfig(): RouterConfig {
  return {
    enableSecret: '5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0',
    enablePlain: null,
    users: new Map([
      ['admin', { privilege: 15, credential: 'secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM' }],
      ['netops', { privilege: 15, credential: 'password 7 094F471A1A0A' }],
    ]),
    communities: new Map([
      ['N0c-Publ1c', 'RO'],
      ['Pr1v4te-RW', 'RW'],
    ]),
    lastChange: '09:14:07 UTC Tue Mar 4 2025 by netops',
  };
}

export function copyConfig(config: RouterConfig): RouterConfig {
  return { ...config, users: new Map(config.users), communities: new Map(config.communities) };
}

/** Cisco's type 7 "encryption" (a fixed XOR key, reversible by design; it is what `password 7` shows). */
export function type7(plain: string, seed = seedOf(plain)): string {
  const key = 'dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87';
  let encoded = String(seed).padStart(2, '0');
  for (let i = 0; i < plain.length; i += 1) {
    encoded += ((plain.charCodeAt(i) & 0xff) ^ key.charCodeAt((seed + i) % key.length)).toString(16).toUpperCase().padStart(2, '0');
  }
  return encoded;
}

function seedOf(text: string): number {
  return createHash('sha256').update(text).digest()[0]! % 16;
}

/** Looks like a type 9 (scrypt) secret: `$9$` + 14 salt characters + `$` + 43 hash characters. */
export function type9(plain: string, saltFrom: string): string {
  const salt = cryptBase64(createHash('sha256').update(`salt:${saltFrom}`).digest()).slice(0, 14);
  const hash = cryptBase64(createHash('sha256').update(`${salt}:${plain}`).digest()).slice(0, 43);
  return `$9$${salt}$${hash}`;
}

function cryptBase64(bytes: Buffer): string {
  const standard = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const crypt = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return bytes.toString('base64').replace(/=+$/, '').replace(/[A-Za-z0-9+/]/g, (c) => crypt[standard.indexOf(c)]!);
}

/** `secret 0 x`, `secret x` (plain: hashed now) or `secret 9 $9$…` (already hashed: kept as typed). */
export function secretCredential(text: string, saltFrom: string): { credential: string; plain: string | null } {
  const typed = /^([0589]) (\S.*)$/.exec(text);
  if (typed && typed[1] !== '0') return { credential: `secret ${typed[1]} ${typed[2]}`, plain: null };
  const plain = typed ? typed[2]! : text;
  return { credential: `secret 9 ${type9(plain, saltFrom)}`, plain };
}

/** `password x` shows as `password 7 …` (the config has `service password-encryption`). */
export function passwordCredential(text: string): string {
  const typed = /^([07]) (\S.*)$/.exec(text);
  if (typed?.[1] === '7') return `password 7 ${typed[2]}`;
  return `password 7 ${type7(typed ? typed[2]! : text)}`;
}

// The fixed parts of the config, in order, around the lines a session may change.
const configTop = `!
version 15.9
service timestamps debug datetime msec
service timestamps log datetime msec
service password-encryption
!
hostname ${hostname}
!
boot-start-marker
boot-end-marker
!
logging buffered 64000`;

const configBeforeUsers = `!
aaa new-model
aaa authentication login default group tacacs+ local
aaa authorization exec default group tacacs+ local
!
clock timezone UTC 0 0
no ip domain lookup
ip domain name lab.example.net
ip host lab-rtr-02 10.255.0.2
ip host lab-rtr-03 10.255.0.3
ip cef
no ipv6 cef
!`;

const configAfterUsers = `!
key chain OSPF-KEYS
 key 1
  key-string 7 0822455D0A16544541
  cryptographic-algorithm hmac-sha-256
!
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group 14
crypto isakmp key Tr4nsit-PSK-2025 address 192.0.2.9
!
crypto keyring DC-PEERS
  pre-shared-key address 198.51.100.1 key 7 1511021F07257A767B
!
interface Loopback0
 description Router ID
 ip address 10.255.0.1 255.255.255.255
!
interface GigabitEthernet0/0
 description Link to lab-rtr-02
 ip address 10.0.12.1 255.255.255.252
 ip ospf authentication
 ip ospf authentication-key 7 13061E010803557878
 duplex auto
 speed auto
!
interface GigabitEthernet0/1
 description Link to lab-rtr-03
 ip address 10.0.13.1 255.255.255.252
 ip ospf authentication key-chain OSPF-KEYS
 duplex auto
 speed auto
!
interface GigabitEthernet0/2
 description spare
 no ip address
 shutdown
 duplex auto
 speed auto
!
interface GigabitEthernet0/3
 description Transit: AS64512
 ip address 192.0.2.10 255.255.255.252
 duplex auto
 speed auto
!
router ospf 1
 router-id 10.255.0.1
 passive-interface Loopback0
 network 10.0.12.0 0.0.0.3 area 0
 network 10.0.13.0 0.0.0.3 area 0
 network 10.255.0.1 0.0.0.0 area 0
!
router bgp 65001
 bgp router-id 10.255.0.1
 bgp log-neighbor-changes
 neighbor 10.0.12.2 remote-as 65002
 neighbor 10.0.13.3 remote-as 65003
 neighbor 192.0.2.9 remote-as 64512
 neighbor 192.0.2.9 password 7 045802150C2E1D1C5A
 neighbor 198.51.100.1 remote-as 64999
 neighbor 198.51.100.1 shutdown
!
ip forward-protocol nd
no ip http server
no ip http secure-server
ip ssh version 2
!
logging source-interface Loopback0
logging host 10.0.99.10`;

const configAfterCommunities = `snmp-server location Lab rack 4, Amsterdam
snmp-server contact noc@example.net
tacacs-server host 10.0.99.5
tacacs-server key 7 104D000A0618
!
line con 0
 exec-timeout 15 0
 logging synchronous
line vty 0 4
 exec-timeout 15 0
 logging synchronous
 transport input ssh
!
ntp authentication-key 1 md5 121A0C0411045D5679 7
ntp authenticate
ntp server 10.0.99.1 key 1
!
end`;

function configBody(config: RouterConfig): string {
  const users = [...config.users].map(([name, user]) => `username ${name}${user.privilege === null ? '' : ` privilege ${user.privilege}`} ${user.credential}`);
  const communities = [...config.communities].map(([community, access]) => `snmp-server community ${community} ${access}`);
  return [
    '!',
    `! Last configuration change at ${config.lastChange}`,
    configTop,
    `enable secret ${config.enableSecret}`,
    configBeforeUsers,
    ...users,
    configAfterUsers,
    ...communities,
    configAfterCommunities,
  ].join('\n');
}

/** `show running-config`, with IOS's header and its byte count. */
export function runningConfig(config: RouterConfig): string {
  const body = configBody(config);
  return `Building configuration...\n\nCurrent configuration : ${body.length + 1} bytes\n${body}`;
}

/** `show startup-config`: what was last saved (`write memory`). */
export function startupConfig(config: RouterConfig): string {
  const body = configBody(config);
  return `Using ${body.length + 1} out of 262144 bytes\n${body}`;
}

/** Where a secret starts in a config line, per kind of line (tech-support removes what follows). */
const secretPrefixes = [
  /^enable (?:secret|password) /,
  /^username \S+(?: privilege \d+)? (?:secret|password) /,
  /^ {2}key-string /,
  /^ ip ospf authentication-key /,
  /^ neighbor \S+ password /,
  /^crypto isakmp key /,
  /^ {2}pre-shared-key address \S+ key /,
  /^snmp-server community /,
  /^tacacs-server key /,
  /^ntp authentication-key \d+ md5 /,
];

/** `show tech-support` prints the config the way IOS does there: every secret `<removed>`. */
export function techSupportConfig(): string {
  return runningConfig(baseConfig())
    .split('\n')
    .map((line) => {
      const prefix = secretPrefixes.map((pattern) => pattern.exec(line)).find((match) => match !== null);
      return prefix ? `${prefix[0]}<removed>` : line;
    })
    .join('\n');
}
