import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { techSupport } from './demoOutput.js';
import { type DemoTerminal, openDemoTerminal, promptAtEnd, startTestRouter } from './demoTestClient.js';

let router: Awaited<ReturnType<typeof startTestRouter>>;
const terminals: DemoTerminal[] = [];

beforeAll(async () => {
  router = await startTestRouter();
});
afterAll(() => router.close());
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});

async function terminal(): Promise<DemoTerminal> {
  const opened = await openDemoTerminal(router);
  terminals.push(opened);
  return opened;
}

/** What a user reads: CRLF as LF, the echoed command line and the final prompt left out. */
function body(reply: string): string {
  return reply.split('\r\n').slice(1, -1).join('\n');
}

/** Types `text` without Enter and waits until the output since then ends with `tail`. */
async function typeUntil(t: DemoTerminal, text: string, tail: string): Promise<string> {
  const from = t.output().length;
  t.type(text);
  return t.waitFor((since) => since.endsWith(tail), from);
}

describe('§4 demo router: the commands the product and the bench rely on', () => {
  it('greets with its banner and the privileged prompt', async () => {
    const t = await terminal();
    expect(t.output()).toContain('NetStacks demo router lab-rtr-01');
    expect(t.output()).toMatch(/\r\nlab-rtr-01#$/);
  });

  it('answers show ip bgp summary, show interfaces, show version and show running-config', async () => {
    const t = await terminal();
    expect(body(await t.run('show ip bgp summary'))).toContain('BGP router identifier 10.255.0.1, local AS number 65001');
    expect(body(await t.run('show interfaces'))).toMatch(/^GigabitEthernet0\/0 is up, line protocol is up/);
    expect(body(await t.run('show version'))).toContain('Configuration register is 0x0');
    const config = body(await t.run('show running-config'));
    expect(config).toMatch(/^Building configuration\.\.\.\n\nCurrent configuration : \d+ bytes\n/);
    expect(config).toContain('router bgp 65001');
    expect(config.endsWith('\nend')).toBe(true);
  });

  it('pings: five replies by default, dots for a network that is down, a name from ip host', async () => {
    const t = await terminal();
    expect(body(await t.run('ping 10.0.12.2'))).toBe(
      'Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 10.0.12.2, timeout is 2 seconds:\n!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 1/2/4 ms',
    );
    expect(body(await t.run('ping 203.0.113.7 repeat 3 size 1500'))).toContain('Sending 3, 1500-byte ICMP Echos to 203.0.113.7, timeout is 2 seconds:\n...\nSuccess rate is 0 percent (0/3)');
    expect(body(await t.run('ping lab-rtr-03'))).toContain('ICMP Echos to 10.255.0.3');
    expect(body(await t.run('ping no-such-host'))).toBe('% Unrecognized host or address, or protocol not running.');
  });

  it('sends show tech-support byte for byte as techSupport() produces it, then the prompt the bench waits for', async () => {
    const t = await terminal();
    const expected = [...techSupport()].join('');
    const reply = await t.run('show tech-support', (since) => since.length >= expected.length && promptAtEnd.test(since), 30_000);
    expect(reply).toBe(`show tech-support\r\n${expected}\r\nlab-rtr-01#`);
    expect(expected).toContain('enable secret <removed>');
  });

  it('streams stamped debug ip packet lines after "IP packet debugging is on" until undebug all', async () => {
    const t = await terminal();
    const reply = await t.run('debug ip packet rate 4000', (since) => /\*\d+ seq=2 IP: /.test(since));
    expect(reply).toMatch(/^debug ip packet rate 4000\r\nIP packet debugging is on\r\n\*\d{13} seq=0 IP: s=10\.0\.12\.1 \(GigabitEthernet0\/0\), d=10\.255\.0\.1, len 100, rcvd 4, proto=1 ttl=254\r\n/);
    const stopped = await t.run('undebug all', (since) => since.endsWith('All possible debugging has been turned off\r\nlab-rtr-01#'));
    expect(stopped).toContain('All possible debugging has been turned off');
    expect(body(await t.run('show debugging'))).toBe('');
  });

  it('stops the debug stream for u all and no debug all too, and restarts its sequence at 0', async () => {
    const t = await terminal();
    await t.run('debug ip packet', (since) => since.includes('seq=1 '));
    await t.run('u all', (since) => since.endsWith('turned off\r\nlab-rtr-01#'));
    const again = await t.run('debug ip packet rate 8000', (since) => since.includes(' seq=0 '));
    expect(again).toContain('IP packet debugging is on');
    await t.run('no debug all', (since) => since.endsWith('turned off\r\nlab-rtr-01#'));
  });
});

describe('§4 demo router: it feels like IOS', () => {
  it('shows interfaces in brief, the routing table, the log, CDP neighbours and the clock', async () => {
    const t = await terminal();
    const brief = body(await t.run('show ip interface brief'));
    expect(brief.split('\n')[0]).toBe('Interface                  IP-Address      OK? Method Status                Protocol');
    expect(brief).toContain('GigabitEthernet0/2         unassigned      YES NVRAM  administratively down down');
    expect(body(await t.run('show ip route'))).toContain('Gateway of last resort is 192.0.2.9 to network 0.0.0.0');
    const log = body(await t.run('show logging'));
    expect(log).toMatch(/^Syslog logging: enabled/);
    expect(log).toMatch(/\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success \[user: netops\] \[Source: 127\.0\.0\.1\]/);
    const cdp = body(await t.run('show cdp neighbors'));
    expect(cdp).toContain('Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID');
    expect(cdp).toContain('Total cdp entries displayed : 3');
    expect(body(await t.run('show clock'))).toMatch(/^\d\d:\d\d:\d\d\.\d{3} UTC (Sun|Mon|Tue|Wed|Thu|Fri|Sat) \w{3} \d{1,2} \d{4}$/);
  });

  it('takes unique prefixes of every word: sh ip int br, sh run, conf t', async () => {
    const t = await terminal();
    expect(body(await t.run('sh ip int br'))).toBe(body(await t.run('show ip interface brief')));
    expect(body(await t.run('sh run'))).toBe(body(await t.run('show running-config')));
    expect(await t.run('conf t')).toBe('conf t\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\nlab-rtr-01(config)#');
    expect(await t.run('end')).toBe('end\r\nlab-rtr-01#');
  });

  it('answers a wrong word with a caret under it, an ambiguous prefix, a missing word and an unknown command as IOS does', async () => {
    const t = await terminal();
    expect(await t.run('show ip rout x')).toBe(`show ip rout x\r\n${' '.repeat('lab-rtr-01#show ip rout '.length)}^\r\n% Invalid input detected at '^' marker.\r\n\r\nlab-rtr-01#`);
    expect(body(await t.run('sh i'))).toBe('% Ambiguous command:  "sh i"');
    expect(body(await t.run('show ip'))).toBe('% Incomplete command.\n');
    expect(body(await t.run('frobnicate'))).toBe('% Unknown command or computer name, or unable to find computer address');
  });

  it('lists what may follow on ?, at once and keeping the line: show ?, show ip ?, sh?', async () => {
    const t = await terminal();
    const show = await typeUntil(t, 'show ?', '\r\nlab-rtr-01#show ');
    for (const sub of ['cdp', 'clock', 'interfaces', 'ip', 'logging', 'running-config', 'tech-support', 'version']) expect(show).toMatch(new RegExp(`\\r\\n  ${sub} +\\S`));
    const ip = await typeUntil(t, 'ip ?', '\r\nlab-rtr-01#show ip ');
    expect(ip).toMatch(/^ip \?\r\n {2}bgp +BGP information\r\n {2}interface +IP interface status and configuration\r\n {2}route +IP routing table\r\n\r\nlab-rtr-01#show ip $/);
    expect(body(await t.run('route'))).toContain('Gateway of last resort');
    expect(await typeUntil(t, 'sh?', '#sh')).toBe('sh?\r\nshow  \r\n\r\nlab-rtr-01#sh');
    t.type('\x15');
    expect(await typeUntil(t, 'ping 10.0.12.2 ?', '#ping 10.0.12.2 ')).toMatch(/repeat +specify repeat count[\s\S]*<cr>/);
  });

  it('completes a unique prefix on Tab and recalls the last command with the up arrow', async () => {
    const t = await terminal();
    expect(await typeUntil(t, 'sh ver\t', 'version ')).toBe('sh version ');
    expect(body(await t.run(''))).toContain('Configuration register is 0x0');
    expect(await typeUntil(t, '\x1b[A', 'sh version ')).toBe('sh version ');
    t.type('\x15');
  });

  it('accepts terminal length 0 and prints the whole config with the default length too (no pager)', async () => {
    const t = await terminal();
    const full = body(await t.run('show running-config'));
    expect(full).not.toContain('--More--');
    expect(full.split('\n').length).toBeGreaterThan(24);
    expect(await t.run('terminal length 0')).toBe('terminal length 0\r\nlab-rtr-01#');
    expect(body(await t.run('show running-config'))).toBe(full);
  });

  it('filters show output with | include, | exclude, | begin and | count, as plain text', async () => {
    const t = await terminal();
    expect(body(await t.run('show running-config | include snmp-server community'))).toBe('snmp-server community N0c-Publ1c RO\nsnmp-server community Pr1v4te-RW RW');
    expect(body(await t.run('sh run | count username'))).toBe('Number of lines which match regexp = 2');
    expect(body(await t.run('sh ip int br | begin Loopback'))).toMatch(/^Loopback0 +10\.255\.0\.1/);
    expect(body(await t.run('sh ip int br | exclude Gigabit'))).toMatch(/^Interface[^\n]*\nLoopback0/);
    expect(body(await t.run('sh run | i (a+)+$'))).toBe('');
  });

  it('stops show tech-support on Ctrl-C and is ready for the next command', async () => {
    const t = await terminal();
    const from = t.output().length;
    t.type('show tech-support\r');
    await t.waitFor((since) => since.includes('section 1 '), from);
    t.type('\x03');
    await t.waitFor((since) => since.endsWith('^C\r\nlab-rtr-01#'), from);
    expect(body(await t.run('show clock'))).toMatch(/UTC/);
  });

  it('ends the session on exit', async () => {
    const t = await terminal();
    t.type('exit\r');
    await t.waitFor(() => t.closed);
  });
});

describe('§13 demo router: sensitive data for masking and auto-pause', () => {
  it('enable prints "Password: " without a newline, echoes nothing of the password and gives the # prompt', async () => {
    const t = await terminal();
    expect(await t.run('disable')).toBe('disable\r\nlab-rtr-01>');
    expect(body(await t.run('show running-config'))).toContain("% Invalid input detected at '^' marker.");
    expect(await t.run('enable', (since) => since.endsWith('Password: '))).toBe('enable\r\nPassword: ');
    expect(await t.run('Typed-Secret-1')).toBe('\r\nlab-rtr-01#');
    expect(t.output()).not.toContain('Typed-Secret-1');
    expect(await t.run('enable', (since) => since.endsWith('Password: '))).toBe('enable\r\nPassword: ');
    expect(await t.run('again')).toBe('\r\nlab-rtr-01#');
  });

  it('asks again on an empty password and says % Bad secrets after three', async () => {
    const t = await terminal();
    await t.run('enable', (since) => since.endsWith('Password: '));
    expect(await t.run('', (since) => since.endsWith('Password: '))).toBe('\r\nPassword: ');
    expect(await t.run('', (since) => since.endsWith('Password: '))).toBe('\r\nPassword: ');
    expect(await t.run('')).toBe('\r\n% Bad secrets\r\n\r\nlab-rtr-01#');
  });

  it('carries realistic secret-bearing lines in show running-config', async () => {
    const t = await terminal();
    const config = body(await t.run('show running-config'));
    for (const line of [
      'enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0',
      'username netops privilege 15 password 7 094F471A1A0A',
      'snmp-server community N0c-Publ1c RO',
      'snmp-server community Pr1v4te-RW RW',
      '  key-string 7 0822455D0A16544541',
      'crypto isakmp key Tr4nsit-PSK-2025 address 192.0.2.9',
      '  pre-shared-key address 198.51.100.1 key 7 1511021F07257A767B',
      'tacacs-server key 7 104D000A0618',
      ' ip ospf authentication-key 7 13061E010803557878',
    ]) expect(config.split('\n')).toContain(line);
    expect(config).toMatch(/^username admin privilege 15 secret 9 \$9\$[./\w]{14}\$[./\w]{43}$/m);
  });

  it('configures users, the enable secret and a community in configure terminal, echoing what is typed, and shows them in the config', async () => {
    const t = await terminal();
    await t.run('configure terminal');
    expect(await t.run('username alice privilege 15 secret Al1ce-Pa55')).toBe('username alice privilege 15 secret Al1ce-Pa55\r\nlab-rtr-01(config)#');
    await t.run('username bob password b0b-pw');
    await t.run('enable secret En4ble-Me');
    await t.run('snmp-server community Sn-Mp-RO RO');
    await t.run('snmp-server community Sn-Mp-RW rw');
    expect(await t.run('exit')).toBe('exit\r\nlab-rtr-01#');
    const config = body(await t.run('show running-config'));
    expect(config).toMatch(/^username alice privilege 15 secret 9 \$9\$[./\w]{14}\$[./\w]{43}$/m);
    expect(config).toMatch(/^username bob password 7 \d{2}[0-9A-F]{12}$/m);
    expect(config).toMatch(/^enable secret 9 \$9\$/m);
    expect(config).toContain('snmp-server community Sn-Mp-RO RO\nsnmp-server community Sn-Mp-RW RW');
    expect(config).not.toContain('Al1ce-Pa55');
    expect(body(await t.run('show logging'))).toContain('%SYS-5-CONFIG_I: Configured from console by netops on vty0 (127.0.0.1)');
  });

  it('accepts only the enable secret this session set, and keeps session changes out of other sessions', async () => {
    const t = await terminal();
    await t.run('conf t');
    await t.run('enable secret Only-This');
    await t.run('username carol secret c4rol');
    await t.run('end');
    await t.run('enable', (since) => since.endsWith('Password: '));
    expect(await t.run('not-it', (since) => since.endsWith('Password: '))).toBe('\r\nPassword: ');
    expect(await t.run('Only-This')).toBe('\r\nlab-rtr-01#');
    const other = await terminal();
    const config = body(await other.run('show running-config'));
    expect(config).not.toContain('carol');
    expect(config).toContain('enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0');
  });

  it('leaves config mode on Ctrl-Z and runs exec commands with do', async () => {
    const t = await terminal();
    await t.run('conf t');
    expect(body(await t.run('do show ip interface brief'))).toMatch(/^Interface/);
    expect(await typeUntil(t, '\x1a', '#')).toBe('^Z\r\nlab-rtr-01#');
  });
});
