/**
 * One SSH shell on the demo router: IOS-style line editing (echo, backspace, Ctrl-C/U/W/Z, arrow
 * keys and Ctrl-P/N for history, Tab completion, `?` help as soon as it is typed), the modes
 * (`>`, `#`, `(config)#`), the enable password prompt, and every buffer bounded: the line, the
 * type-ahead kept while output drains, the history, the debug stream.
 */
import type { ServerChannel } from 'ssh2';
import { type CommandContext, commandLimits, commandsFor, newSessionState, type Reply, type SessionState } from './demoCommands.js';
import { hostname } from './demoConfig.js';
import { crlf, helpRows, interpret } from './demoInterpreter.js';
import { logStamp, showClock } from './demoOutput.js';
import { complete } from './demoParser.js';
import { DebugStream } from './demoStreams.js';

export const shellLimits = {
  /** Characters of one command line (IOS beeps at the end of its line buffer too). */
  maxLineLength: 512,
  /** Input kept while a command's output drains; beyond it keystrokes are dropped, as on a router. */
  maxTypeahead: 4096,
  maxPasswordLength: 127,
  maxEscapeLength: 16,
  enableTries: 3,
} as const;

export class DemoShell {
  private line = '';
  private input: 'command' | 'password' = 'command';
  private password = '';
  private passwordTries = 0;
  private typeahead = '';
  private escape: string | null = null;
  private lastWasCr = false;
  private historyIndex = 0;
  private busy = false;
  private abort = false;
  private closed = false;
  private debug: DebugStream | null = null;
  private readonly state: SessionState;
  /** True while the channel pushes back: input waits in `typeahead`, the debug stream pauses. */
  blocked = false;

  constructor(
    private readonly stream: ServerChannel,
    user: string,
    peer: string,
    private readonly now: () => number = Date.now,
  ) {
    this.state = newSessionState(user, peer);
    stream.on('data', (data: Buffer) => this.guard(() => this.receive(data.toString('latin1'))));
    stream.on('drain', () => this.guard(() => {
      this.blocked = false;
      this.drainTypeahead();
    }));
    stream.on('close', () => this.dispose());
    stream.on('error', () => this.dispose());
    this.log(`%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: ${user}] [Source: ${peer}] [localport: 22] at ${showClock(now()).replace(/\.\d+/, '')}`);
    this.send(`\r\nNetStacks demo router ${hostname} — type ? for commands\r\n${this.promptText()}`);
  }

  send(text: string): void {
    if (this.closed || text === '') return;
    if (!this.stream.write(text)) this.blocked = true;
  }

  private dispose(): void {
    this.closed = true;
    this.abort = true;
    this.debug?.stop();
    this.debug = null;
  }

  /** A bug in a command must end this session only, never the router and its other sessions. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch {
      this.fail();
    }
  }

  private fail(): void {
    if (this.closed) return;
    this.send('\r\n% Internal error in the demo router: this session is closed\r\n');
    this.dispose();
    this.stream.end();
  }

  private promptText(): string {
    const mode = this.state.mode;
    return `${hostname}${mode === 'config' ? '(config)#' : mode === 'user' ? '>' : '#'}`;
  }

  private prompt(): string {
    return `\r\n${this.promptText()}`;
  }

  private receive(text: string): void {
    for (const char of text) {
      if (this.busy && char === '\x03') this.abort = true;
      else if (this.busy || this.blocked || this.typeahead.length > 0) this.queue(char);
      else this.key(char);
      if (this.closed) return;
    }
  }

  private queue(char: string): void {
    if (this.typeahead.length < shellLimits.maxTypeahead) this.typeahead += char;
  }

  private drainTypeahead(): void {
    while (this.typeahead.length > 0 && !this.busy && !this.blocked && !this.closed) {
      const char = this.typeahead[0]!;
      this.typeahead = this.typeahead.slice(1);
      this.key(char);
    }
  }

  private key(char: string): void {
    if (this.escape !== null) return this.escapeKey(char);
    const wasCr = this.lastWasCr;
    this.lastWasCr = char === '\r';
    if (char === '\n' && wasCr) return;
    if (this.input === 'password') return this.passwordKey(char);
    switch (char) {
      case '\r':
      case '\n':
        return this.enter();
      case '\x7f':
      case '\b':
        return this.erase(1);
      case '\x03':
        return this.interrupt('^C');
      case '\x1a':
        return this.state.mode === 'config' ? this.interrupt('^Z') : undefined;
      case '\x15':
        return this.erase(this.line.length);
      case '\x17':
        return this.erase(this.line.length - this.line.replace(/\S+\s*$/, '').length);
      case '\x10':
        return this.recall(-1);
      case '\x0e':
        return this.recall(1);
      case '\t':
        return this.tab();
      case '?':
        return this.showHelp();
      case '\x1b':
        this.escape = '';
        return;
    }
    if (char < ' ' || char > '~') return;
    if (this.line.length >= shellLimits.maxLineLength) return this.send('\x07');
    this.line += char;
    this.send(char);
  }

  /**
   * Arrow keys arrive as `ESC [ A` / `ESC O A`; other sequences are ignored. A control character
   * ends a sequence and still acts, as in a terminal: a stray ESC must not swallow the next Ctrl-C.
   */
  private escapeKey(char: string): void {
    if (char < ' ') {
      this.escape = null;
      return this.key(char);
    }
    this.escape += char;
    const sequence = this.escape!;
    const done = sequence.length > shellLimits.maxEscapeLength || (sequence.length === 1 ? char !== '[' && char !== 'O' : char >= '@' && char <= '~');
    if (!done) return;
    this.escape = null;
    if (this.input !== 'command') return;
    if (sequence === '[A' || sequence === 'OA') this.recall(-1);
    if (sequence === '[B' || sequence === 'OB') this.recall(1);
  }

  private erase(count: number): void {
    const n = Math.min(count, this.line.length);
    if (n === 0) return;
    this.line = this.line.slice(0, this.line.length - n);
    this.send('\b \b'.repeat(n));
  }

  private replaceLine(text: string): void {
    this.erase(this.line.length);
    this.line = text.slice(0, shellLimits.maxLineLength);
    this.send(this.line);
  }

  private recall(direction: -1 | 1): void {
    const { history } = this.state;
    const index = this.historyIndex + direction;
    if (index < 0 || index > history.length) return this.send('\x07');
    this.historyIndex = index;
    this.replaceLine(history[index] ?? '');
  }

  private interrupt(echo: string): void {
    this.line = '';
    if (this.state.mode === 'config') this.leaveConfig();
    this.send(`${echo}${this.prompt()}`);
  }

  private leaveConfig(): void {
    this.state.mode = 'exec';
    this.log(`%SYS-5-CONFIG_I: Configured from console by ${this.state.user} on vty0 (${this.state.peer})`);
  }

  private tab(): void {
    const completed = complete(commandsFor(this.state.mode), this.line, this.state.mode);
    if (completed === null) return this.send('\x07');
    if (completed.startsWith(this.line)) {
      this.send(completed.slice(this.line.length));
      this.line = completed;
    } else {
      this.replaceLine(completed);
    }
  }

  private showHelp(): void {
    const rows = helpRows(this.line, this.state.mode);
    this.send(`?\r\n${rows ? rows.join('\r\n') : '% Unrecognized command'}\r\n${this.prompt()}${this.line}`);
  }

  private passwordKey(char: string): void {
    if (char === '\r' || char === '\n') return this.submitPassword();
    if (char === '\x03') {
      this.input = 'command';
      this.password = '';
      return this.send(this.prompt());
    }
    if (char === '\x7f' || char === '\b') this.password = this.password.slice(0, -1);
    else if (char >= ' ' && char <= '~' && this.password.length < shellLimits.maxPasswordLength) this.password += char;
  }

  private submitPassword(): void {
    const typed = this.password;
    this.password = '';
    const wanted = this.state.config.enablePlain;
    if (typed !== '' && (wanted === null || typed === wanted)) {
      this.input = 'command';
      this.state.mode = 'exec';
      return this.send(this.prompt());
    }
    this.passwordTries += 1;
    if (this.passwordTries < shellLimits.enableTries) return this.send('\r\nPassword: ');
    this.input = 'command';
    this.send(`\r\n% Bad secrets\r\n${this.prompt()}`);
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    const { history } = this.state;
    if (line.trim() !== '' && history.at(-1) !== line) history.push(line);
    if (history.length > commandLimits.historySize) history.shift();
    this.historyIndex = history.length;
    if (line.trim() === '') return this.send(this.prompt());
    const reply = interpret(line, this.state.mode, this.promptText().length, (args) => this.context(args));
    if (reply.chunks) return void this.stream_(reply).catch(() => this.fail());
    this.write(reply);
  }

  private write(reply: Reply): void {
    if (reply.text !== undefined && reply.text !== '') this.send(`\r\n${crlf(reply.text)}`);
    if (reply.prompt !== false) this.send(this.prompt());
  }

  /** Writes a large reply chunk by chunk, each once the channel drained; Ctrl-C stops it. */
  private async stream_(reply: Reply): Promise<void> {
    this.busy = true;
    this.abort = false;
    try {
      if (reply.text) this.send(`\r\n${crlf(reply.text)}`);
      this.send('\r\n');
      for (const chunk of reply.chunks!()) {
        if (this.abort || this.closed) break;
        this.send(chunk);
        if (this.blocked) await this.drained();
      }
      this.send(this.abort && !this.closed ? `^C${this.prompt()}` : this.prompt());
    } finally {
      this.busy = false;
      this.abort = false;
    }
    this.drainTypeahead();
  }

  /** Resolves once the channel takes more output, or is gone. */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  private log(message: string): void {
    this.state.log.push(`${logStamp(this.now())}: ${message}`);
    if (this.state.log.length > commandLimits.sessionLogLines) this.state.log.shift();
  }

  private context(args: Record<string, string | number>): CommandContext {
    return {
      state: this.state,
      args,
      now: this.now,
      debugRate: () => this.debug?.bytesPerSecond ?? null,
      startDebug: (rate) => {
        this.debug?.stop();
        this.debug = new DebugStream(this, rate);
      },
      stopDebug: () => {
        this.debug?.stop();
        this.debug = null;
      },
      askEnablePassword: () => {
        this.input = 'password';
        this.passwordTries = 0;
        return { text: 'Password: ', prompt: false };
      },
      close: () => {
        this.send('\r\n');
        this.dispose();
        this.stream.end();
        return { prompt: false };
      },
      log: (message) => this.log(message),
      // The caret of an error points into the line after `do `.
      runExec: (line) => interpret(line, 'exec', this.promptText().length + 'do '.length, (args) => this.context(args)),
    };
  }
}
