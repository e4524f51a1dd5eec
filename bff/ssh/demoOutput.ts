/**
 * Deterministic, plausible IOS-style output of the demo router's show commands. Texts use `\n`;
 * the shell turns them into `\r\n` on the way out.
 */
import { hostname, techSupportConfig } from './demoConfig.js';

export { hostname };

export const bgpSummary = `BGP router identifier 10.255.0.1, local AS number 65001
BGP table version is 1842, main routing table version 1842
412 network entries using 102176 bytes of memory
651 path entries using 88536 bytes of memory

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.0.12.2       4        65002  184321  184010     1842    0    0 12w3d          208
10.0.13.3       4        65003  183977  184006     1842    0    0 12w3d          197
192.0.2.9       4        64512   22871   22876     1842    0    0 3d04h            6
198.51.100.1    4        64999       0       0        1    0    0 never    Idle (Admin)`;

const interfaces = [
  { name: 'GigabitEthernet0/0', admin: 'up', proto: 'up', address: '10.0.12.1', prefix: 30, description: 'Link to lab-rtr-02' },
  { name: 'GigabitEthernet0/1', admin: 'up', proto: 'up', address: '10.0.13.1', prefix: 30, description: 'Link to lab-rtr-03' },
  { name: 'GigabitEthernet0/2', admin: 'administratively down', proto: 'down', address: null, prefix: 0, description: 'spare' },
  { name: 'GigabitEthernet0/3', admin: 'up', proto: 'up', address: '192.0.2.10', prefix: 30, description: 'Transit: AS64512' },
  { name: 'Loopback0', admin: 'up', proto: 'up', address: '10.255.0.1', prefix: 32, description: 'Router ID' },
] as const;

export function showInterfaces(): string {
  return interfaces
    .map(({ name, admin, proto, address, prefix, description }, i) =>
      [
        `${name} is ${admin}, line protocol is ${proto}`,
        name.startsWith('Loopback') ? '  Hardware is Loopback' : `  Hardware is iGbE, address is 5254.00a1.0${i}2f (bia 5254.00a1.0${i}2f)`,
        `  Description: ${description}`,
        address ? `  Internet address is ${address}/${prefix}` : '  Internet address is unassigned',
        '  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,',
        '     reliability 255/255, txload 1/255, rxload 1/255',
        '  5 minute input rate 2000 bits/sec, 3 packets/sec',
        '  5 minute output rate 1000 bits/sec, 2 packets/sec',
        `     ${1_204_112 + i * 7919} packets input, ${98_233_120 + i * 104_729} bytes, 0 no buffer`,
        `     ${1_107_451 + i * 6151} packets output, ${87_004_311 + i * 99_991} bytes, 0 underruns`,
      ].join('\n'),
    )
    .join('\n');
}

export function showIpInterfaceBrief(): string {
  const row = (cells: string[]) => `${cells[0]!.padEnd(27)}${cells[1]!.padEnd(16)}${cells[2]!.padEnd(4)}${cells[3]!.padEnd(7)}${cells[4]!.padEnd(22)}${cells[5]}`;
  return [
    row(['Interface', 'IP-Address', 'OK?', 'Method', 'Status', 'Protocol']),
    ...interfaces.map((i) => row([i.name, i.address ?? 'unassigned', 'YES', 'NVRAM', i.admin, i.proto])),
  ].join('\n');
}

export function showIpInterface(): string {
  return interfaces
    .map((i) =>
      [
        `${i.name} is ${i.admin}, line protocol is ${i.proto}`,
        i.address ? `  Internet address is ${i.address}/${i.prefix}` : '  Internet protocol processing disabled',
        ...(i.address ? ['  Broadcast address is 255.255.255.255', '  MTU is 1500 bytes', '  Helper address is not set', '  Outgoing Common access list is not set', '  Inbound  Common access list is not set', '  Proxy ARP is enabled', '  ICMP redirects are always sent'] : []),
      ].join('\n'),
    )
    .join('\n');
}

export const ipRoute = `Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       a - application route
       + - replicated route, % - next hop override, p - overrides from PfR

Gateway of last resort is 192.0.2.9 to network 0.0.0.0

B*    0.0.0.0/0 [20/0] via 192.0.2.9, 3d04h
      10.0.0.0/8 is variably subnetted, 8 subnets, 2 masks
C        10.0.12.0/30 is directly connected, GigabitEthernet0/0
L        10.0.12.1/32 is directly connected, GigabitEthernet0/0
C        10.0.13.0/30 is directly connected, GigabitEthernet0/1
L        10.0.13.1/32 is directly connected, GigabitEthernet0/1
O        10.0.23.0/30 [110/2] via 10.0.13.3, 12w3d, GigabitEthernet0/1
                      [110/2] via 10.0.12.2, 12w3d, GigabitEthernet0/0
C        10.255.0.1/32 is directly connected, Loopback0
O        10.255.0.2/32 [110/2] via 10.0.12.2, 12w3d, GigabitEthernet0/0
O        10.255.0.3/32 [110/2] via 10.0.13.3, 12w3d, GigabitEthernet0/1
B     172.16.0.0/16 [20/0] via 10.0.12.2, 12w3d
B     172.17.0.0/16 [20/0] via 10.0.13.3, 12w3d
      192.0.2.0/24 is variably subnetted, 2 subnets, 2 masks
C        192.0.2.8/30 is directly connected, GigabitEthernet0/3
L        192.0.2.10/32 is directly connected, GigabitEthernet0/3
B     203.0.113.0/24 [20/0] via 192.0.2.9, 3d04h`;

export const cdpNeighbors = `Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge
                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone,
                  D - Remote, C - CVTA, M - Two-port Mac Relay

Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID
lab-rtr-02.lab.example.net
                 Gig 0/0           163              R B   IOSv      Gig 0/0
lab-rtr-03.lab.example.net
                 Gig 0/1           141              R B   IOSv      Gig 0/1
transit-pe-7     Gig 0/3           127              R     ASR1001-X Gig 0/0/3

Total cdp entries displayed : 3`;

export const cdpGlobal = `Global CDP information:
        Sending CDP packets every 60 seconds
        Sending a holdtime value of 180 seconds
        Sending CDPv2 advertisements is  enabled`;

export const version = `Cisco IOS Software, IOSv Software (VIOS-ADVENTERPRISEK9-M), Version 15.9(3)M4
Technical Support: http://www.cisco.com/techsupport
ROM: Bootstrap program is IOSv

${hostname} uptime is 12 weeks, 3 days, 4 hours, 11 minutes
System image file is "flash0:/vios-adventerprisek9-m"
Cisco IOSv (revision 1.0) with 460033K/62464K bytes of memory.
Processor board ID 9MOU1XGX8RHQ7L3LVPSKP
4 Gigabit Ethernet interfaces
Configuration register is 0x0

(This is the NetStacks built-in demo router: a simulation, not real gear.)`;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const time = (d: Date) => `${[d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':')}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;

/** `show clock`: `14:02:11.482 UTC Tue Jun 3 2025` (NTP-synchronised, so no leading `*`). */
export function showClock(nowMs: number): string {
  const d = new Date(nowMs);
  return `${time(d)} UTC ${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

/** A syslog stamp as `service timestamps log datetime msec` prints it: `Jun  3 14:02:11.482`. */
export function logStamp(nowMs: number): string {
  const d = new Date(nowMs);
  return `${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time(d)}`;
}

const bootLog = [
  'Mar  4 09:02:44.310: %LINK-3-UPDOWN: Interface GigabitEthernet0/3, changed state to up',
  'Mar  4 09:02:45.311: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/3, changed state to up',
  'Mar  4 09:03:02.877: %BGP-5-ADJCHANGE: neighbor 192.0.2.9 Up',
  'Mar  4 09:13:51.004: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] [Source: 10.0.99.20] [localport: 22] at 09:13:51 UTC Tue Mar 4 2025',
  'Mar  4 09:14:07.123: %SYS-5-CONFIG_I: Configured from console by netops on vty0 (10.0.99.20)',
  'Mar  4 11:40:19.655: %OSPF-5-ADJCHG: Process 1, Nbr 10.255.0.3 on GigabitEthernet0/1 from LOADING to FULL, Loading Done',
];

/** `show logging`: the buffer header, the router's own history, then this session's events. */
export function showLogging(sessionLog: readonly string[]): string {
  const lines = [...bootLog, ...sessionLog];
  return `Syslog logging: enabled (0 messages dropped, 3 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)

No Active Message Discriminator.

No Inactive Message Discriminator.

    Console logging: level debugging, ${lines.length} messages logged, xml disabled,
                     filtering disabled
    Monitor logging: level debugging, 0 messages logged, xml disabled,
                     filtering disabled
    Buffer logging:  level debugging, ${lines.length} messages logged, xml disabled,
                    filtering disabled
    Exception Logging: size (4096 bytes)
    Count and timestamp logging messages: disabled
    Persistent logging: disabled

No active filter modules.

    Trap logging: level informational, ${lines.length} message lines logged
        Logging to 10.0.99.10  (udp port 514, audit disabled,
              link up),
              ${lines.length} message lines logged,
              0 message lines rate-limited,
              0 message lines dropped-by-MD,
              xml disabled, sequence number disabled
              filtering disabled
        Logging Source-Interface:       VRF Name:
        Loopback0

Log Buffer (64000 bytes):

${lines.map((line) => `*${line}`).join('\n')}`;
}

const knownHosts: Record<string, string> = { 'lab-rtr-02': '10.255.0.2', 'lab-rtr-03': '10.255.0.3' };

export interface PingOptions {
  repeat: number;
  size: number;
  timeoutSeconds: number;
}

/**
 * `ping`: every address is reachable over the default route, except TEST-NET-3 (203.0.113.0/24),
 * whose link "is down", so both outcomes can be shown. Host names: the config's `ip host` entries.
 */
export function ping(target: string, o: PingOptions): string {
  const address = /^\d/.test(target) ? target : knownHosts[target.toLowerCase()];
  if (!address) return '% Unrecognized host or address, or protocol not running.';
  const reachable = !address.startsWith('203.0.113.');
  const marks = (reachable ? '!' : '.').repeat(o.repeat).replace(/(.{70})/g, '$1\n').trimEnd();
  const near = /^10\.(0\.1[23]|255\.0)\./.test(address);
  return [
    'Type escape sequence to abort.',
    `Sending ${o.repeat}, ${o.size}-byte ICMP Echos to ${address}, timeout is ${o.timeoutSeconds} seconds:`,
    marks,
    reachable
      ? `Success rate is 100 percent (${o.repeat}/${o.repeat}), round-trip min/avg/max = ${near ? '1/2/4' : '12/14/19'} ms`
      : `Success rate is 0 percent (0/${o.repeat})`,
  ].join('\n');
}

/** `show tech-support`: several megabytes, produced lazily in chunks (already `\r\n`). */
export function* techSupport(totalBytes = 4 * 1024 * 1024): Generator<string> {
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const body = [showInterfaces(), bgpSummary, techSupportConfig()].map(crlf).join('\r\n');
  let produced = 0;
  for (let section = 0; produced < totalBytes; section += 1) {
    const chunk = `------------------ show tech-support section ${section} ------------------\r\n${body}\r\n`;
    produced += chunk.length;
    yield chunk;
  }
}

/** One line of `debug ip packet`: carries its own clock and sequence number (for the benchmark). */
export function debugPacketLine(seq: number, nowMs: number): string {
  const a = seq % 250;
  return `*${nowMs} seq=${seq} IP: s=10.0.12.${a + 1} (GigabitEthernet0/0), d=10.255.0.1, len 100, rcvd 4, proto=1 ttl=254\r\n`;
}
