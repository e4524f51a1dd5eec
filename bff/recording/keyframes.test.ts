/**
 * DESIGN.md §14 keyframes: the keyframe terminal leaves long runs of plain lines unparsed
 * (skippablePlainSpan); every keyframe must still be exactly the screen of a terminal that parsed
 * everything.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingEvent } from '../../protocol/index.js';
import { TerminalScreen } from '../relay/screen.js';
import { KeyframeBuilder, OutputRun, skippablePlainSpan } from './keyframes.js';

const disposers: Array<() => void> = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

function builder(cols: number, rows: number): KeyframeBuilder {
  // A keyframe after every feed, so each one can be compared.
  const b = new KeyframeBuilder({ cols, rows, everyMs: 0, everyChars: 1 });
  disposers.push(() => b.dispose());
  return b;
}

function reference(cols: number, rows: number): TerminalScreen {
  const screen = new TerminalScreen({ cols, rows, scrollback: 0 });
  disposers.push(() => screen.dispose());
  return screen;
}

const line = (n: number, width = 90) => `*${n} IP: s=10.0.12.${n % 250} (GigabitEthernet0/0), d=10.255.0.1, len 100`.padEnd(width, '.').slice(0, width) + '\r\n';
const lines = (from: number, count: number, width?: number) => Array.from({ length: count }, (_, i) => line(from + i, width)).join('');

describe('§14 keyframes of long plain output', () => {
  it('finds the span between the first CR of the plain tail and the last CR with 2 × rows + 2 line feeds after it', () => {
    const text = `\x1b[1mtitle\x1b[0m\r\n${lines(0, 1000)}`;
    const span = skippablePlainSpan(new OutputRun([text]), 24)!;
    expect(text[span.from - 1]).toBe('\r');
    expect(text[span.to - 1]).toBe('\r');
    expect(text.slice(0, span.from)).toBe('\x1b[1mtitle\x1b[0m\r');
    expect(text.slice(span.to).split('\n').length - 1).toBe(2 * 24 + 2);
    // Too little plain output after the last escape sequence, or none at all: nothing to skip.
    expect(skippablePlainSpan(new OutputRun([`${lines(0, 1000)}\x1b[H`]), 24)).toBeNull();
    expect(skippablePlainSpan(new OutputRun([lines(0, 60)]), 24)).toBeNull();
  });

  it('reads output pieces as the one text they make, wherever they are cut', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\r\n', 'ab', '\x1b[0m', '\t', 'x'.repeat(300), '\n'), { maxLength: 400 }), fc.array(fc.nat(), { maxLength: 20 }), (parts, cuts) => {
        const text = parts.join('');
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
        const whole = new OutputRun([text]);
        const cut = new OutputRun(pieces);
        expect(cut.length).toBe(text.length);
        expect(cut.plainTailStart()).toBe(whole.plainTailStart());
        expect(skippablePlainSpan(cut, 3)).toEqual(skippablePlainSpan(whole, 3));
        for (const p of [0, 1, 7, text.length >> 1, text.length - 1]) {
          expect(cut.lastIndexOf('\n', p)).toBe(text.lastIndexOf('\n', p));
          expect(cut.indexOf('\r', p)).toBe(text.indexOf('\r', p));
          expect(cut.slice(p, p + 500).join('')).toBe(text.slice(p, p + 500));
        }
      }),
    );
  });

  it('keyframes equal a terminal fed everything, on a debug stream, with escape sequences, a scroll region, an open OSC and the alternate screen before the plain run', async () => {
    const prefixes = [
      '',
      '\x1b[44m\x1b[2J\x1b[H',
      '\x1b[5;10r\x1b[7;1H',
      '\x1b]0;title never ended ',
      '\x1b[?1049h\x1b[31m',
      'no line end yet\x1b[3',
      'abc\ndef\n',
    ];
    for (const prefix of prefixes) {
      const b = builder(80, 24);
      const full = reference(80, 24);
      const events: RecordingEvent[] = [[0, 'o', prefix], [1, 'o', lines(0, 400)], [2, 'o', lines(400, 5)]];
      await b.feed(events);
      for (const [, , data] of events) full.write(data, 0);
      expect((await b.take())!.data, JSON.stringify(prefix)).toBe((await full.snapshot()).data);
    }
  });

  it('skips most of a long debug stream and still ends on the same screen over many chunks and a resize', async () => {
    const b = builder(120, 30);
    const full = reference(120, 30);
    let n = 0;
    for (let chunk = 0; chunk < 6; chunk++) {
      const events: RecordingEvent[] = [[chunk, 'o', lines(n, 500, 130)]];
      if (chunk === 3) events.push([chunk, 'r', '100x20'], [chunk, 'o', lines(n + 500, 300)]);
      n += 1000;
      await b.feed(events);
      for (const [, type, data] of events) {
        if (type === 'o') full.write(data, 0);
        else full.resize(100, 20);
      }
      const keyframe = (await b.take())!;
      const expected = await full.snapshot();
      expect({ data: keyframe.data, cols: keyframe.cols, rows: keyframe.rows }).toEqual({ data: expected.data, cols: expected.cols, rows: expected.rows });
    }
    expect(b.skippedChars).toBeGreaterThan(0.8 * 6 * 500 * 132);
  });

  it('equals a terminal fed everything for random mixes of escape sequences and long plain runs', async () => {
    const control = fc.constantFrom('\x1b[H', '\x1b[2J', '\x1b[31m', '\x1b[0m', '\x1b[44m', '\x1b[3;8r', '\x1b[r', '\x1b[?1049h', '\x1b[?1049l', '\x1b[?7l', '\x1b[?7h', '\x1b[4h', '\x1b[4l', '\x1b]0;t', '\x07', '\x1b[', '\x1b(0', '\x1b(B', '\x1b7', '\x1b8', '\x1b[10;5H', '\b', '\t');
    const plain = fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 200 }), fc.constantFrom('\r\n', '\n', '\r\n\r\n'), fc.constantFrom('', '漢字', 'ü')).map(([count, width, end, extra]) =>
      Array.from({ length: count }, (_, i) => `${extra}${String(i).repeat(width).slice(0, width)}${end}`).join(''),
    );
    const piece = fc.oneof(control, plain, fc.string({ maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(piece, { maxLength: 6 }).map((p) => p.join('')), { minLength: 1, maxLength: 4 }), fc.constantFrom([80, 24], [40, 10]), async (chunks, [cols, rows]) => {
        const b = builder(cols!, rows!);
        const full = reference(cols!, rows!);
        for (const [i, text] of chunks.entries()) {
          if (text === '') continue;
          await b.feed([[i, 'o', text]]);
          full.write(text, 0);
          expect((await b.take())!.data).toBe((await full.snapshot()).data);
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
