import { describe, expect, it } from 'vitest';
import { RecentOutput } from './recentOutput.js';

describe('RecentOutput (the output that seeds a headless screen)', () => {
  it('keeps everything while under the bound', () => {
    const recent = new RecentOutput(100, 60);
    recent.push('one\r\n');
    recent.push('\x1b[31mtwo\x1b[0m');
    expect(recent.text()).toBe('one\r\n\x1b[31mtwo\x1b[0m');
  });

  it('keeps at least the last `keep` characters once past the bound, from a line start', () => {
    const recent = new RecentOutput(100, 60);
    const lines = Array.from({ length: 40 }, (_, i) => `\x1b[1mline ${String(i).padStart(2, '0')}\x1b[0m\r\n`);
    for (const line of lines) recent.push(line);
    const all = lines.join('');
    const text = recent.text();
    expect(all.endsWith(text)).toBe(true);
    expect(text.length).toBeGreaterThanOrEqual(60 - lines[0]!.length);
    expect(recent.length).toBeLessThanOrEqual(100 + lines[0]!.length);
    expect(text.startsWith('\x1b[1mline ')).toBe(true);
  });

  it('cuts one piece longer than the bound to its tail', () => {
    const recent = new RecentOutput(100, 60);
    recent.push(`${'x'.repeat(500)}\r\n${'y'.repeat(50)}`);
    expect(recent.text()).toBe('y'.repeat(50));
  });

  it('stays bounded over a long stream', () => {
    const recent = new RecentOutput(1000, 800);
    for (let i = 0; i < 100_000; i++) recent.push(`${i}\r\n`);
    expect(recent.length).toBeLessThan(1010);
    expect(recent.text().endsWith('99999\r\n')).toBe(true);
  });
});
