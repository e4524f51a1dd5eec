/**
 * The session owner's terminal socket, driven by the runner: types commands and watches the
 * output (it receives every output frame, like a viewer), so the runner knows when a command ended.
 */
import WebSocket from 'ws';
import { until } from '../bff/testing/eventually.js';

const promptTail = '\r\nlab-rtr-01#';

export class OwnerTerminal {
  outputChars = 0;
  outputFrames = 0;
  lastOutputAt = 0;
  private tail = '';
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;

  constructor(url: string, headers: Record<string, string>) {
    this.ws = new WebSocket(url, { headers, perMessageDeflate: false, skipUTF8Validation: true });
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString('utf8'));
      if (frame.type !== 'output') return;
      this.outputChars += frame.data.length;
      this.outputFrames += 1;
      this.lastOutputAt = Date.now();
      this.tail = (this.tail + frame.data).slice(-256);
    });
  }

  /** Waits for the socket and a router prompt; `nudge` presses Enter to get a fresh one. */
  async ready(nudge = false, timeoutMs = 15_000): Promise<void> {
    await this.opened;
    if (nudge) this.type('\r');
    await this.waitFor(() => this.tail.includes('lab-rtr-01#'), 'the router prompt', timeoutMs);
  }

  type(text: string): void {
    this.ws.send(JSON.stringify({ type: 'input', data: text }));
  }

  /** Types a command and resolves when the prompt comes back after it (one-shot commands). */
  async run(command: string, timeoutMs = 120_000): Promise<void> {
    this.tail = '';
    this.type(`${command}\r`);
    await this.waitFor(() => this.tail.endsWith(promptTail), `the prompt after "${command}"`, timeoutMs);
  }

  /** Resolves when `text` shows up in the output (within the last 256 characters). */
  async waitForText(text: string, timeoutMs = 60_000): Promise<void> {
    await this.waitFor(() => this.tail.includes(text), `"${text}"`, timeoutMs);
  }

  /** Resolves once no output arrived for `quietMs` (a stopped stream has drained). */
  async quiet(quietMs = 500, timeoutMs = 30_000): Promise<void> {
    await this.waitFor(() => Date.now() - this.lastOutputAt >= quietMs, 'the output to stop', timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }

  private waitFor(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    return until(check, `the owner terminal: ${what}`, timeoutMs, 10);
  }
}
