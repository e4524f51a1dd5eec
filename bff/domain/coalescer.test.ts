import { describe, expect, it } from 'vitest';
import { OutputCoalescer } from './coalescer.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('adaptive output coalescing', () => {
  it('sends light output on the next turn, merging one burst', async () => {
    const sent: string[] = [];
    const c = new OutputCoalescer({ fanout: () => 1000, flush: (t) => sent.push(t) });
    c.push('a');
    c.push('b');
    await tick();
    expect(sent).toEqual(['ab']);
    c.dispose();
  });

  it('delays heavy output by fan-out, and flushes at once past the size cap', async () => {
    const sent: string[] = [];
    const c = new OutputCoalescer({ fanout: () => 1000, flush: (t) => sent.push(t), maxPendingChars: 10 });
    c.push('first');
    await tick();
    c.push('x'); // right after a flush: heavy, waits delayMs(1000) = 20 ms
    await tick();
    expect(sent).toEqual(['first']);
    c.push('0123456789');
    expect(sent).toEqual(['first', 'x0123456789']);
    expect(c.delayMs(10)).toBe(0);
    expect(c.delayMs(1000)).toBe(20);
    expect(c.delayMs(100_000)).toBe(40);
    c.dispose();
  });
});
