/**
 * Every size a user controls on the demo router is bounded (the `debug ip packet rate 1e20` crash):
 * per argument, huge, negative and non-numeric values are refused or capped with a note, and the
 * router answers the next command. Against the product's router process, which must never restart.
 */
import { EventEmitter } from 'node:events';
import type { ServerChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoRouter, type SupervisedDemoRouter } from './demoRouter.js';
import { DemoShell, shellLimits } from './demoShell.js';
import { type DemoTerminal, openDemoTerminal } from './demoTestClient.js';

let router: SupervisedDemoRouter;
let t: DemoTerminal;

beforeAll(async () => {
  router = await startDemoRouter();
});
afterAll(async () => {
  expect(router.restarts).toBe(0);
  await router.close();
});
afterEach(() => t?.close());

const invalid = /% Invalid input detected at '\^' marker\.\r\n\r\nlab-rtr-01[^\r\n]*$/;
const huge = (digit: string, length: number) => digit.repeat(length);

/** The router still does its job: the next command gets its answer and a prompt. */
async function answersNextCommand(): Promise<void> {
  const reply = await t.run('show clock');
  expect(reply).toMatch(/^show clock\r\n\d\d:\d\d:\d\d\.\d{3} UTC .+\r\nlab-rtr-01#$/);
}

async function refuses(lines: string[]): Promise<void> {
  for (const line of lines) expect(await t.run(line), line).toMatch(invalid);
}

describe('§4 demo router bounds every argument', () => {
  beforeEach(async () => {
    t = await openDemoTerminal(router);
  });

  it('debug ip packet rate: refuses what is not a positive integer, caps a huge one at 10 MB/s', async () => {
    await refuses(['-5', 'NaN', '0', '1e9', '0x10', 'Infinity', '-99999999999999999999'].map((rate) => `debug ip packet rate ${rate}`));
    for (const rate of ['100000000000000000000', '4294967296', huge('9', 400)]) {
      const reply = await t.run(`debug ip packet rate ${rate}`, (since) => since.includes(' seq=5 '));
      expect(reply).toContain('\r\n% Rate capped at 10000000 bytes/s (demo router limit)\r\nIP packet debugging is on\r\n');
      await t.run('undebug all', (since) => since.endsWith('All possible debugging has been turned off\r\nlab-rtr-01#'));
    }
    await answersNextCommand();
  });

  it('ping repeat: refuses out-of-range counts, caps a large one at 1000 echoes', async () => {
    await refuses(['-1', 'NaN', '0', '2147483648', huge('9', 300)].map((n) => `ping 10.0.12.2 repeat ${n}`));
    const reply = await t.run('ping 10.0.12.2 repeat 2147483647');
    expect(reply).toContain('% Repeat count capped at 1000 (demo router limit)\r\nType escape sequence to abort.\r\nSending 1000, 100-byte ICMP Echos');
    expect(reply.match(/!/g)).toHaveLength(1000);
    await answersNextCommand();
  });

  it('ping size and timeout: refuses what IOS refuses', async () => {
    await refuses(['-1', 'NaN', '35', '18025', huge('9', 300)].map((n) => `ping 10.0.12.2 size ${n}`));
    await refuses(['-1', 'NaN', '3601', huge('9', 300)].map((n) => `ping 10.0.12.2 timeout ${n}`));
    await answersNextCommand();
  });

  it('ping target: refuses a name too long and an address out of range', async () => {
    await refuses([`ping ${'a'.repeat(65)}`, 'ping 999.1.1.1', 'ping -1']);
    expect(body(await t.run(`ping ${'a'.repeat(64)}`))).toBe('% Unrecognized host or address, or protocol not running.');
    await answersNextCommand();
  });

  it('terminal length and width: 0-512 only', async () => {
    for (const setting of ['length', 'width']) await refuses(['-1', 'NaN', '513', huge('9', 400)].map((n) => `terminal ${setting} ${n}`));
    await answersNextCommand();
  });

  it('username: name at most 64 characters, secret at most 127, privilege 0-15, at most 32 users', async () => {
    await t.run('configure terminal');
    await refuses([`username ${'u'.repeat(65)} secret x`, `username eve secret ${'x'.repeat(128)}`, 'username eve privilege 16 secret x', 'username eve privilege -1 secret x', 'username eve privilege NaN secret x']);
    expect(await t.run(`username eve secret ${'x'.repeat(127)}`)).toMatch(/\r\nlab-rtr-01\(config\)#$/);
    for (let i = 0; i < 29; i += 1) await t.run(`username user${i} secret pw${i}`);
    expect(body(await t.run('username one-too-many secret pw'))).toBe('% Username table full: the demo router keeps at most 32 local users');
    await t.run('end');
    await answersNextCommand();
  });

  it('enable secret and snmp-server community: bounded length, at most 16 communities', async () => {
    await t.run('conf t');
    await refuses([`enable secret ${'s'.repeat(128)}`, `snmp-server community ${'c'.repeat(65)} RO`, 'snmp-server community ok RX']);
    for (let i = 0; i < 14; i += 1) await t.run(`snmp-server community comm${i} RO`);
    expect(body(await t.run('snmp-server community one-too-many RO'))).toBe('% Community table full: the demo router keeps at most 16 communities');
    await t.run('end');
    await answersNextCommand();
  });

  it('the command line: keeps at most 512 characters and rings the bell past them', async () => {
    const from = t.output().length;
    t.type('a'.repeat(5000));
    const bell = '\x07';
    const echoed = await t.waitFor((since) => since.split(bell).length === 5000 - 512 + 1, from);
    expect(echoed.replaceAll(bell, '')).toBe('a'.repeat(512));
    const erasedFrom = t.output().length;
    t.type('\x15');
    await t.waitFor((since) => since === '\b \b'.repeat(512), erasedFrom);
    await answersNextCommand();
  });

  it('the enable password: takes at most 127 characters of a huge one', async () => {
    await t.run('enable', (since) => since.endsWith('Password: '));
    expect(await t.run('p'.repeat(20_000))).toBe('\r\nlab-rtr-01#');
    await answersNextCommand();
  });

  it('escape sequences, ? and Tab on the longest line, and a filter pattern: bounded too', async () => {
    t.type(`\x1b[${'1;'.repeat(5000)}A\x15`);
    const from = t.output().length;
    t.type(`show ${'x'.repeat(505)}?`);
    expect(await t.waitFor((since) => since.includes('% Unrecognized command') && since.endsWith('x'), from)).toContain('% Unrecognized command');
    t.type('\t\x15');
    await refuses([`show clock | include ${'p'.repeat(129)}`, `do ${'x'.repeat(500)}`]);
    await answersNextCommand();
  });

  it('random bytes (no Enter) leave it answering after Ctrl-C, a stray ESC included', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    const noise = Buffer.from(Array.from({ length: 20_000 }, random).filter((byte) => byte !== 13 && byte !== 10));
    t.type(noise.toString('latin1'));
    const from = t.output().length;
    t.type('\x1b\x03show clock\r');
    await t.waitFor((since) => /\r\n\d\d:\d\d:\d\d\.\d{3} UTC [^\r]+\r\nlab-rtr-01#$/.test(since), from);
  });
});

/** A channel that takes no more output until the test says so: what a reader that stopped reading looks like. */
class StalledChannel extends EventEmitter {
  written = '';
  accepting = false;
  write(text: string): boolean {
    this.written += text;
    return this.accepting;
  }
  end(): void {}
}

describe('§4 demo router bounds its type-ahead', () => {
  it('keeps at most 4096 typed characters while its output cannot drain, and runs them once it can', () => {
    const channel = new StalledChannel();
    new DemoShell(channel as unknown as ServerChannel, 'netops', '127.0.0.1', () => Date.UTC(2025, 2, 4, 9, 30));
    const command = 'show clock\r';
    channel.emit('data', Buffer.from(command.repeat(10_000)));
    channel.written = '';
    channel.accepting = true;
    channel.emit('drain');
    const answered = channel.written.match(/\r\n09:30:00\.000 UTC Tue Mar 4 2025\r\n/g)?.length ?? 0;
    expect(answered).toBe(Math.floor(shellLimits.maxTypeahead / command.length));
    // The last command was cut off where the buffer ended: it waits, unfinished, on the line.
    expect(channel.written.endsWith(`\r\nlab-rtr-01#${command.slice(0, shellLimits.maxTypeahead % command.length)}`)).toBe(true);
  });
});

function body(reply: string): string {
  return reply.split('\r\n').slice(1, -1).join('\n');
}
