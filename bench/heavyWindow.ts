/**
 * Experiment preload (bench/scenarios/experiments.ts), never part of a normal run: our coalescer
 * counts output as heavy only when the previous flush was under 5 ms ago (heavyWindowMs), so a
 * 10 KB/s stream (a chunk every 10 ms) is "light" and fans out per chunk even to 1,000 sockets.
 * This widens the window to the fan-out delay + 5 ms, so at 1,000 sockets (20 ms delay) output
 * that arrives within 25 ms of the last flush is gathered. The delay itself is unchanged.
 */
import { OutputCoalescer } from '../bff/domain/coalescer.js';

interface Internals {
  heavyWindowMs: number;
  options: { fanout: () => number };
}

const push = OutputCoalescer.prototype.push;

OutputCoalescer.prototype.push = function pushWithWiderWindow(this: OutputCoalescer, text: string): void {
  const self = this as unknown as Internals;
  self.heavyWindowMs = 5 + this.delayMs(self.options.fanout());
  push.call(this, text);
};
