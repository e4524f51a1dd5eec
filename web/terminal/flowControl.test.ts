import { describe, expect, it } from 'vitest';
import { FlowControlledWriter, HIGH_WATERMARK_CHARS, MAX_QUEUED_CHARS } from './flowControl.js';

function fakeTerminal() {
  const writes: string[] = [];
  const callbacks: (() => void)[] = [];
  const writer = new FlowControlledWriter((data, done) => {
    writes.push(data);
    callbacks.push(done);
  });
  const parseAll = () => {
    while (callbacks.length) callbacks.shift()!();
  };
  return { writer, writes, parseAll };
}

describe('write-callback flow control', () => {
  it('writes straight through while the parser keeps up', () => {
    const { writer, writes } = fakeTerminal();
    writer.write('a');
    writer.write('b');
    expect(writes).toEqual(['a', 'b']);
  });

  it('queues above the high watermark and flushes the queue as one write, in order', () => {
    const { writer, writes, parseAll } = fakeTerminal();
    const big = 'x'.repeat(HIGH_WATERMARK_CHARS);
    writer.write(big);
    writer.write('1');
    writer.write('2');
    expect(writes).toEqual([big]);
    parseAll();
    expect(writes).toEqual([big, '12']);
    expect(writer.pendingChars).toBe(0);
  });

  it('drops an unbounded backlog with a notice instead of growing forever', () => {
    const { writer, writes, parseAll } = fakeTerminal();
    writer.write('x'.repeat(HIGH_WATERMARK_CHARS));
    for (let i = 0; i < 3; i += 1) writer.write('y'.repeat(MAX_QUEUED_CHARS / 2));
    parseAll();
    expect(writes[1]).toContain('output skipped');
    expect(writer.pendingChars).toBe(0);
  });
});
