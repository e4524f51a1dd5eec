/**
 * Experiment preload (bench/scenarios/experiments.ts), never part of a normal run: makes our output
 * coalescer flush at 64 KiB pending instead of its 256 KiB default (bff/domain/coalescer.ts
 * maxPendingChars), the bound issue 6 suggests ("flush at 64 KiB, as VS Code's terminal does").
 * It patches the class the server itself imports (same module URL, so the same module instance).
 */
import { OutputCoalescer } from '../bff/domain/coalescer.js';

const flushAtChars = 64 * 1024;
const push = OutputCoalescer.prototype.push;

OutputCoalescer.prototype.push = function pushWithSmallerBound(this: OutputCoalescer, text: string): void {
  // A readonly field in TypeScript, an ordinary property at run time.
  (this as unknown as { maxPendingChars: number }).maxPendingChars = flushAtChars;
  push.call(this, text);
};
