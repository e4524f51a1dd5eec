/**
 * The demo router's commands per mode, as trees for demoParser.ts, and what each one does to the
 * session. Every argument a user types is bounded here (its parameter) or capped with a note.
 */
import {
  baseConfig, configLimits, copyConfig, passwordCredential, runningConfig, secretCredential, startupConfig, type RouterConfig,
} from './demoConfig.js';
import {
  bgpSummary, cdpGlobal, cdpNeighbors, ipRoute, ping, showClock, showInterfaces, showIpInterface, showIpInterfaceBrief,
  showLogging, techSupport, version,
} from './demoOutput.js';
import { type CommandNode, type Mode, integer, ipv4, restOfLine, word } from './demoParser.js';

export const commandLimits = {
  /** `debug ip packet rate`: above this many bytes/s the router caps the rate (and says so). */
  maxDebugRate: 10_000_000,
  defaultDebugRate: 2000,
  /** `ping … repeat`: IOS takes up to 2^31-1 and would print one `!` each. */
  maxPingRepeat: 1000,
  historySize: 20,
  sessionLogLines: 100,
} as const;

export interface SessionState {
  mode: Mode;
  config: RouterConfig;
  /** What `write memory` saved: `show startup-config`. */
  saved: RouterConfig;
  configChanged: boolean;
  terminalLength: number;
  terminalWidth: number;
  history: string[];
  /** This session's syslog lines (`show logging`), bounded. */
  log: string[];
  user: string;
  peer: string;
}

export function newSessionState(user: string, peer: string): SessionState {
  const config = baseConfig();
  return { mode: 'exec', config, saved: copyConfig(config), configChanged: false, terminalLength: 24, terminalWidth: 80, history: [], log: [], user, peer };
}

export interface CommandContext {
  state: SessionState;
  args: Record<string, string | number>;
  now(): number;
  debugRate(): number | null;
  startDebug(bytesPerSecond: number): void;
  stopDebug(): void;
  /** Prints `Password: ` and reads the enable secret without echo. */
  askEnablePassword(): Reply;
  /** Ends the SSH session. */
  close(): Reply;
  /** Adds a syslog line stamped now. */
  log(message: string): void;
  /** Runs an EXEC command line from config mode (`do …`). */
  runExec(line: string): Reply;
}

export interface Reply {
  /** Lines joined with `\n`. */
  text?: string;
  /** Large output, written chunk by chunk as the channel drains (already `\r\n`). */
  chunks?: () => Iterable<string>;
  /** False: no prompt after the reply (the debug stream starts instead, as the bench expects). */
  prompt?: boolean;
}

export type Action = (ctx: CommandContext) => Reply | string | void;
type Node = CommandNode<Action>;

const node = (keyword: string, help: string, run?: Action, children?: Node[], extra: Partial<Node> = {}): Node => ({ keyword, help, run, children, ...extra });
const privileged = { privileged: true };

const showCommands: Node[] = [
  node('cdp', 'CDP information', () => cdpGlobal, [node('neighbors', 'CDP neighbor entries', () => cdpNeighbors)]),
  node('clock', 'Display the system clock', (ctx) => showClock(ctx.now())),
  node('debugging', 'State of each debugging option', (ctx) => (ctx.debugRate() === null ? '' : 'IP:\n  IP packet debugging is on'), undefined, privileged),
  node('history', 'Display the session command history', (ctx) => ctx.state.history.map((line) => `  ${line}`).join('\n')),
  node('interfaces', 'Interface status and configuration', () => showInterfaces()),
  node('ip', 'IP information', undefined, [
    node('bgp', 'BGP information', undefined, [node('summary', 'Summarized information of BGP state', () => bgpSummary)]),
    node('interface', 'IP interface status and configuration', () => showIpInterface(), [
      node('brief', 'Brief summary of IP status and configuration', () => showIpInterfaceBrief()),
    ]),
    node('route', 'IP routing table', () => ipRoute),
  ]),
  node('logging', 'Show the contents of logging buffers', (ctx) => showLogging(ctx.state.log), undefined, privileged),
  node('privilege', 'Show current privilege level', (ctx) => `Current privilege level is ${ctx.state.mode === 'user' ? 1 : 15}`),
  node('running-config', 'Current operating configuration', (ctx) => runningConfig(ctx.state.config), undefined, privileged),
  node('startup-config', 'Contents of startup configuration', (ctx) => startupConfig(ctx.state.saved), undefined, privileged),
  node('tech-support', 'Show system information for Tech-Support', () => ({ chunks: () => techSupport() }), undefined, privileged),
  node('users', 'Display information about terminal lines', (ctx) =>
    `    Line       User       Host(s)              Idle       Location\n*  2 vty 0     ${ctx.state.user.padEnd(10)} idle                 00:00:00 ${ctx.state.peer}\n\n  Interface    User               Mode         Idle     Peer Address`),
  node('version', 'System hardware and software status', () => version),
];

function runPing(ctx: CommandContext): string {
  const { target, repeat = 5, size = 100, timeout = 2 } = ctx.args;
  return ping(String(target), { repeat: Number(repeat), size: Number(size), timeoutSeconds: Number(timeout) });
}

// Ping options may come in any order, each after the target: the list is its own children.
const pingOptions: Node[] = [];
const pingOption = (keyword: string, help: string, param: Node['param']): Node => ({ keyword, help, children: [{ param, help: param!.help, run: runPing, children: pingOptions }] });
pingOptions.push(
  pingOption('repeat', 'specify repeat count', integer('repeat', 1, 2147483647, 'Repeat count', { at: commandLimits.maxPingRepeat, note: `% Repeat count capped at ${commandLimits.maxPingRepeat} (demo router limit)` })),
  pingOption('size', 'specify datagram size', integer('size', 36, 18024, 'Datagram size')),
  pingOption('timeout', 'specify timeout interval', integer('timeout', 0, 3600, 'Timeout in seconds')),
);
const hostName = /^[A-Za-z][A-Za-z0-9.-]*$/;

function stopDebug(ctx: CommandContext): string {
  ctx.stopDebug();
  return 'All possible debugging has been turned off';
}

function startDebug(ctx: CommandContext): Reply {
  const rate = Number(ctx.args.rate ?? commandLimits.defaultDebugRate);
  ctx.startDebug(rate);
  return { text: 'IP packet debugging is on\n', prompt: false };
}

function configureTerminal(ctx: CommandContext): string {
  ctx.state.mode = 'config';
  return 'Enter configuration commands, one per line.  End with CNTL/Z.';
}

/** Exec commands; the `privileged` ones are missing at the `>` prompt. */
export const execCommands: Node[] = [
  node('configure', 'Enter configuration mode', undefined, [node('terminal', 'Configure from the terminal', configureTerminal)], privileged),
  node('debug', 'Debugging functions (see also \'undebug\')', undefined, [
    node('ip', 'IP information', undefined, [
      node('packet', 'General IP debugging and IPSO security transactions', startDebug, [
        node('rate', 'Output rate of this demo packet log', undefined, [
          { param: integer('rate', 1, Number.POSITIVE_INFINITY, 'Bytes per second', { at: commandLimits.maxDebugRate, note: `% Rate capped at ${commandLimits.maxDebugRate} bytes/s (demo router limit)` }), help: 'Bytes per second', run: startDebug },
        ]),
      ]),
    ]),
  ], privileged),
  node('disable', 'Turn off privileged commands', (ctx) => void (ctx.state.mode = 'user'), undefined, privileged),
  node('enable', 'Turn on privileged commands', (ctx) => ctx.askEnablePassword()),
  node('exit', 'Exit from the EXEC', (ctx) => ctx.close()),
  node('help', 'Description of the interactive help system', () => helpText),
  node('logout', 'Exit from the EXEC', (ctx) => ctx.close()),
  node('no', 'Disable debugging functions', undefined, [
    node('debug', 'Debugging functions', undefined, [node('all', 'Disable all debugging', stopDebug), node('ip', 'IP information', undefined, [node('packet', 'IP packet debugging', stopDebug)])]),
  ], privileged),
  node('ping', 'Send echo messages', undefined, [
    { param: ipv4('target', 'Ping destination address'), help: 'Ping destination address', run: runPing, children: pingOptions },
    { param: word('target', 'Ping destination host name', 64, hostName), help: 'Ping destination host name', run: runPing, children: pingOptions },
  ]),
  node('quit', 'Exit from the EXEC', (ctx) => ctx.close(), undefined, { hidden: true }),
  node('show', 'Show running system information', undefined, showCommands),
  node('terminal', 'Set terminal line parameters', undefined, [
    node('length', 'Set number of lines on a screen', undefined, [{ param: integer('lines', 0, 512, 'Number of lines on screen (0 for no pausing)'), help: 'Number of lines on screen (0 for no pausing)', run: (ctx) => void (ctx.state.terminalLength = Number(ctx.args.lines)) }]),
    node('width', 'Set width of the display terminal', undefined, [{ param: integer('columns', 0, 512, 'Number of characters on a screen line'), help: 'Number of characters on a screen line', run: (ctx) => void (ctx.state.terminalWidth = Number(ctx.args.columns)) }]),
  ]),
  node('undebug', 'Disable debugging functions (see also \'debug\')', undefined, [node('all', 'Enable all debugging', stopDebug)], privileged),
  node('write', 'Write running configuration to memory, network, or terminal', writeMemory, [
    node('memory', 'Write to NV memory', writeMemory),
    node('terminal', 'Write to terminal', (ctx) => runningConfig(ctx.state.config)),
  ], privileged),
];

function writeMemory(ctx: CommandContext): string {
  ctx.state.saved = copyConfig(ctx.state.config);
  return 'Building configuration...\n[OK]';
}

function changed(ctx: CommandContext): void {
  ctx.state.configChanged = true;
  ctx.state.config.lastChange = `${showClock(ctx.now()).replace(/\.\d+/, '')} by ${ctx.state.user}`;
}

function setUser(kind: 'secret' | 'password') {
  return (ctx: CommandContext): string | void => {
    const name = String(ctx.args.name);
    const { users } = ctx.state.config;
    if (!users.has(name) && users.size >= configLimits.maxUsers) return `% Username table full: the demo router keeps at most ${configLimits.maxUsers} local users`;
    const text = String(ctx.args.secret);
    const credential = kind === 'secret' ? secretCredential(text, name).credential : passwordCredential(text);
    users.set(name, { privilege: ctx.args.privilege === undefined ? null : Number(ctx.args.privilege), credential });
    changed(ctx);
  };
}

function setEnableSecret(ctx: CommandContext): void {
  const { credential, plain } = secretCredential(String(ctx.args.secret), 'enable');
  ctx.state.config.enableSecret = credential.replace(/^secret /, '');
  ctx.state.config.enablePlain = plain;
  changed(ctx);
}

function setCommunity(access: 'RO' | 'RW') {
  return (ctx: CommandContext): string | void => {
    const community = String(ctx.args.community);
    const { communities } = ctx.state.config;
    if (!communities.has(community) && communities.size >= configLimits.maxCommunities) return `% Community table full: the demo router keeps at most ${configLimits.maxCommunities} communities`;
    communities.set(community, access);
    changed(ctx);
  };
}

function removeCommunity(ctx: CommandContext): void {
  if (ctx.state.config.communities.delete(String(ctx.args.community))) changed(ctx);
}

function removeUser(ctx: CommandContext): void {
  if (ctx.state.config.users.delete(String(ctx.args.name))) changed(ctx);
}

function leaveConfig(ctx: CommandContext): void {
  ctx.state.mode = 'exec';
  ctx.log(`%SYS-5-CONFIG_I: Configured from console by ${ctx.state.user} on vty0 (${ctx.state.peer})`);
}

const secretParam = (help: string) => ({ param: restOfLine('secret', help, configLimits.maxSecretLength), help });
const nameParam = word('name', 'User name', configLimits.maxNameLength);
const credentials = (): Node[] => [
  node('password', 'Specify the password for the user', undefined, [{ ...secretParam('The password (shown as type 7)'), run: setUser('password') }]),
  node('secret', 'Specify the secret for the user', undefined, [{ ...secretParam('The secret (stored hashed, type 9)'), run: setUser('secret') }]),
];

export const configCommands: Node[] = [
  node('do', 'To run exec commands in config mode', undefined, [{ param: restOfLine('line', 'Exec Command', 512), help: 'Exec Command', run: (ctx) => ctx.runExec(String(ctx.args.line)) }]),
  node('enable', 'Modify enable password parameters', undefined, [
    node('secret', 'Assign the privileged level secret', undefined, [{ ...secretParam('The secret: \'enable\' then accepts only it'), run: setEnableSecret }]),
  ]),
  node('end', 'Exit from configure mode', leaveConfig),
  node('exit', 'Exit from configure mode', leaveConfig),
  node('no', 'Negate a command or set its defaults', undefined, [
    node('snmp-server', 'Modify SNMP engine parameters', undefined, [node('community', 'Enable SNMP; set community string and access privs', undefined, [
      { param: word('community', 'SNMP community string', configLimits.maxNameLength), help: 'SNMP community string', run: removeCommunity },
    ])]),
    node('username', 'Establish User Name Authentication', undefined, [{ param: nameParam, help: 'User name', run: removeUser }]),
  ]),
  node('snmp-server', 'Modify SNMP engine parameters', undefined, [
    node('community', 'Enable SNMP; set community string and access privs', undefined, [
      {
        param: word('community', 'SNMP community string', configLimits.maxNameLength), help: 'SNMP community string', run: setCommunity('RO'),
        children: [node('ro', 'Read-only access with this community string', setCommunity('RO'), undefined, { display: 'RO' }), node('rw', 'Read-write access with this community string', setCommunity('RW'), undefined, { display: 'RW' })],
      },
    ]),
  ]),
  node('username', 'Establish User Name Authentication', undefined, [
    {
      param: nameParam, help: 'User name',
      children: [
        node('privilege', 'Set user privilege level', undefined, [{ param: integer('privilege', 0, 15, 'User privilege level'), help: 'User privilege level', children: credentials() }]),
        ...credentials(),
      ],
    },
  ]),
];

/**
 * `| include …` after a show command (the keyword is the parse path's first word). Plain text,
 * not a regular expression: a user's pattern must not be able to make the router backtrack for ever.
 */
export const filterCommands: Node[] = [
  ['begin', 'Begin with the line that matches'],
  ['count', 'Count number of lines which match'],
  ['exclude', 'Exclude lines that match'],
  ['include', 'Include lines that match'],
].map(([kind, help]) => node(kind!, help!, undefined, [{ param: restOfLine('pattern', 'Text to match', 128), help: 'Text to match', run: () => undefined }]));

export function commandsFor(mode: Mode): Node[] {
  return mode === 'config' ? configCommands : execCommands;
}

export const helpText = `Help may be requested at any point in a command by entering
a question mark '?'.  If nothing matches, the help list will
be empty and you must backup until entering a '?' shows the
available options.
Two styles of help are provided:
1. Full help is available when you are ready to enter a
   command argument (e.g. 'show ?') and describes each possible
   argument.
2. Partial help is provided when an abbreviated argument is entered
   and you want to know what arguments match the input
   (e.g. 'show pr?'.)

This is the NetStacks demo router, a simulation:
  enable              asks "Password:" (not echoed). Any non-empty password works, unless
                      this session set 'enable secret <pw>': then only that one. It asks at
                      the # prompt too, so the password prompt is always one command away.
  configure terminal  username <name> [privilege <0-15>] secret|password <pw>,
                      enable secret <pw>, snmp-server community <string> [RO|RW],
                      no username <name>, do <exec command>, end. Changes last for this
                      SSH session only; 'write memory' saves them to its startup-config.
  debug ip packet [rate <bytes/s>]  a packet log until 'undebug all' (at most ${commandLimits.maxDebugRate} B/s)
  show ... | include|exclude|begin|count <text>  filter by plain text`;
