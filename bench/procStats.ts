/** CPU time and resident memory of another process, read from /proc (Linux). */
import { readFileSync } from 'node:fs';

const ticksPerSecond = 100; // getconf CLK_TCK on Linux x86-64 and arm64

/** utime + stime of `pid` in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** VmRSS (current) and VmHWM (peak over the process lifetime) in bytes. */
export function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

export interface ProcWindow {
  cpuPercent: number;
  peakRss: number;
  lastRss: number;
  seconds: number;
}

/** Samples a process every `everyMs`: CPU over the window and the highest RSS seen. */
export class ProcSampler {
  private startCpu = 0;
  private startAt = 0;
  private peakRss = 0;
  private lastRss = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number, private readonly everyMs = 100) {}

  start(): this {
    this.startCpu = cpuSeconds(this.pid);
    this.startAt = performance.now();
    this.peakRss = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  /** RSS samples taken over `ms`: their median, for a steady figure despite GC. */
  static async steadyRss(pid: number, ms = 1_000): Promise<number> {
    const samples: number[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until) {
      samples.push(memory(pid).rss);
      await new Promise((r) => setTimeout(r, 50));
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  }

  stop(): ProcWindow {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    const seconds = (performance.now() - this.startAt) / 1000;
    return { cpuPercent: ((cpuSeconds(this.pid) - this.startCpu) / seconds) * 100, peakRss: this.peakRss, lastRss: this.lastRss, seconds };
  }

  private sample(): void {
    try {
      this.lastRss = memory(this.pid).rss;
      this.peakRss = Math.max(this.peakRss, this.lastRss);
    } catch {
      // The process is gone; the window ends with what was seen.
    }
  }
}

/**
 * Waits until `pid` uses less than `maxPercent` of a core over 300 ms (or `timeoutMs` passed):
 * the work a previous round left behind (viewers closed out, audit written) is done.
 */
export async function waitIdle(pid: number, maxPercent = 5, timeoutMs = 15_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 300));
    if (((cpuSeconds(pid) - before) / 0.3) * 100 < maxPercent) return;
  }
}

/**
 * TCP connections the kernel dropped because a listen socket's accept queue was full (system-wide
 * TcpExt ListenOverflows): each costs the client a SYN retransmit, 1 s, then 3 s, 7 s…
 */
export function listenOverflows(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  const index = names?.indexOf('ListenOverflows') ?? -1;
  return index > 0 ? Number(values?.[index] ?? 0) : 0;
}

function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle + iowait are not busy.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

/**
 * How busy the whole machine is over `ms` (100 = every core), measured while the bench itself is
 * idle: the load other work puts on the shared cores, for context next to each scenario.
 */
export async function machineBusyPercent(ms = 1_000): Promise<number> {
  const before = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const after = cpuTimes();
  return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
}
