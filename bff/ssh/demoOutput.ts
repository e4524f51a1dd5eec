/** Deterministic, plausible IOS-style output of the demo router's commands. */
export const hostname = 'lab-rtr-01';

const bgpSummary = `BGP router identifier 10.255.0.1, local AS number 65001
BGP table version is 1842, main routing table version 1842
412 network entries using 102176 bytes of memory
651 path entries using 88536 bytes of memory

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.0.12.2       4        65002  184321  184010     1842    0    0 12w3d          208
10.0.13.3       4        65003  183977  184006     1842    0    0 12w3d          197
192.0.2.9       4        64512   22871   22876     1842    0    0 3d04h            6
198.51.100.1    4        64999       0       0        1    0    0 never    Idle (Admin)`;

const interfaces = [
  ['GigabitEthernet0/0', 'up', 'up', '10.0.12.1/30', 'Link to lab-rtr-02'],
  ['GigabitEthernet0/1', 'up', 'up', '10.0.13.1/30', 'Link to lab-rtr-03'],
  ['GigabitEthernet0/2', 'administratively down', 'down', 'unassigned', 'spare'],
  ['Loopback0', 'up', 'up', '10.255.0.1/32', 'Router ID'],
] as const;

function showInterfaces(): string {
  return interfaces
    .map(([name, admin, proto, address, description], i) =>
      [
        `${name} is ${admin}, line protocol is ${proto}`,
        `  Hardware is iGbE, address is 5254.00a1.0${i}2f (bia 5254.00a1.0${i}2f)`,
        `  Description: ${description}`,
        `  Internet address is ${address}`,
        '  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,',
        '     reliability 255/255, txload 1/255, rxload 1/255',
        '  5 minute input rate 2000 bits/sec, 3 packets/sec',
        '  5 minute output rate 1000 bits/sec, 2 packets/sec',
        `     ${1_204_112 + i * 7919} packets input, ${98_233_120 + i * 104_729} bytes, 0 no buffer`,
        `     ${1_107_451 + i * 6151} packets output, ${87_004_311 + i * 99_991} bytes, 0 underruns`,
      ].join('\r\n'),
    )
    .join('\r\n');
}

const runningConfig = `Building configuration...

Current configuration : 1534 bytes
!
version 15.9
service timestamps log datetime msec
hostname ${hostname}
!
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
!
interface GigabitEthernet0/0
 description Link to lab-rtr-02
 ip address 10.0.12.1 255.255.255.252
!
interface GigabitEthernet0/1
 description Link to lab-rtr-03
 ip address 10.0.13.1 255.255.255.252
!
router bgp 65001
 bgp router-id 10.255.0.1
 neighbor 10.0.12.2 remote-as 65002
 neighbor 10.0.13.3 remote-as 65003
 neighbor 192.0.2.9 remote-as 64512
 neighbor 198.51.100.1 remote-as 64999
 neighbor 198.51.100.1 shutdown
!
line vty 0 4
 transport input ssh
!
end`;

const version = `Cisco IOS Software, IOSv Software (VIOS-ADVENTERPRISEK9-M), Version 15.9(3)M4
Technical Support: http://www.cisco.com/techsupport
ROM: Bootstrap program is IOSv

${hostname} uptime is 12 weeks, 3 days, 4 hours, 11 minutes
System image file is "flash0:/vios-adventerprisek9-m"
Cisco IOSv (revision 1.0) with 460033K/62464K bytes of memory.
Processor board ID 9MOU1XGX8RHQ7L3LVPSKP
4 Gigabit Ethernet interfaces
Configuration register is 0x0

(This is the NetStacks built-in demo router: a simulation, not real gear.)`;

function ping(target: string): string {
  return [
    'Type escape sequence to abort.',
    `Sending 5, 100-byte ICMP Echos to ${target}, timeout is 2 seconds:`,
    '!!!!!',
    'Success rate is 100 percent (5/5), round-trip min/avg/max = 1/2/4 ms',
  ].join('\r\n');
}

export const helpText = `Exec commands:
  show ip bgp summary     BGP neighbor summary
  show interfaces         Interface status and counters
  show running-config     Current operating configuration
  show version            System hardware and software status
  show tech-support       Everything (large output)
  ping <address>          Send echo messages
  debug ip packet [rate <bytes/s>]   Stream a packet log until 'undebug all'
  undebug all             Stop all debugging
  exit                    Close the session`;

/** The output of a one-shot command, or null when the command is not one of them. */
export function commandOutput(line: string): string | null {
  const words = line.trim().toLowerCase().split(/\s+/);
  const [verb, ...rest] = words;
  const arg = rest.join(' ');
  if (verb === 'show' || verb === 'sh') {
    if (/^ip bgp sum(mary)?$/.test(arg)) return bgpSummary.replace(/\n/g, '\r\n');
    if (/^int(erfaces?)?$/.test(arg)) return showInterfaces();
    if (/^run(ning-config)?$/.test(arg)) return runningConfig.replace(/\n/g, '\r\n');
    if (/^ver(sion)?$/.test(arg)) return version.replace(/\n/g, '\r\n');
    return null;
  }
  if (verb === 'ping' && rest.length === 1 && /^[\w.:-]+$/.test(rest[0]!)) return ping(rest[0]!);
  if (verb === '?' || verb === 'help') return helpText.replace(/\n/g, '\r\n');
  return null;
}

/** `show tech-support`: several megabytes, produced lazily in chunks. */
export function* techSupport(totalBytes = 4 * 1024 * 1024): Generator<string> {
  let produced = 0;
  let section = 0;
  while (produced < totalBytes) {
    const chunk = [
      `------------------ show tech-support section ${section} ------------------`,
      showInterfaces(),
      bgpSummary.replace(/\n/g, '\r\n'),
      runningConfig.replace(/\n/g, '\r\n'),
    ].join('\r\n') + '\r\n';
    produced += chunk.length;
    section += 1;
    yield chunk;
  }
}

/** One line of `debug ip packet`: carries its own clock and sequence number (for the benchmark). */
export function debugPacketLine(seq: number, nowMs: number): string {
  const a = seq % 250;
  return `*${nowMs} seq=${seq} IP: s=10.0.12.${a + 1} (GigabitEthernet0/0), d=10.255.0.1, len 100, rcvd 4, proto=1 ttl=254\r\n`;
}
