/**
 * A mergeable latency histogram with ~1% relative precision: buckets grow by 1% from 0.01 ms up to
 * ten minutes. Workers send their counts to the runner, which adds them up; storing every sample
 * of a 2 MB/s stream (18,000 lines a second per viewer) would not fit through IPC.
 */
const smallestMs = 0.01;
const growth = 1.01;
const bucketCount = Math.ceil(Math.log(600_000 / smallestMs) / Math.log(growth)) + 2;

export interface HistogramData {
  counts: number[];
  total: number;
  maxMs: number;
  sumMs: number;
}

export class Histogram {
  private counts = new Float64Array(bucketCount);
  total = 0;
  maxMs = 0;
  sumMs = 0;

  record(ms: number): void {
    const index = ms <= smallestMs ? 0 : Math.min(bucketCount - 1, Math.ceil(Math.log(ms / smallestMs) / Math.log(growth)));
    this.counts[index]! += 1;
    this.total += 1;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  merge(other: HistogramData): void {
    other.counts.forEach((n, i) => (this.counts[i]! += n));
    this.total += other.total;
    this.sumMs += other.sumMs;
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  /** The upper edge of the bucket holding quantile q (0..1), capped at the exact maximum. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < bucketCount; i += 1) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxMs, smallestMs * growth ** i);
    }
    return this.maxMs;
  }

  summary(): LatencySummary | null {
    if (this.total === 0) return null;
    return {
      samples: this.total,
      p50: this.quantile(0.5)!,
      p99: this.quantile(0.99)!,
      p999: this.quantile(0.999)!,
      max: this.maxMs,
      mean: this.sumMs / this.total,
    };
  }

  toJSON(): HistogramData {
    return { counts: Array.from(this.counts), total: this.total, maxMs: this.maxMs, sumMs: this.sumMs };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxMs = 0;
    this.sumMs = 0;
  }
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}
