/**
 * Wall-clock time with sub-millisecond resolution. The bench device stamps lines with Date.now()
 * (whole ms); receipt must be on the same clock, but Date.now() alone would round every latency
 * to a whole ms. performance.now() is precise, so it is anchored once to the moment Date.now()
 * ticks over. Latency = receipt − stamp then includes 0..1 ms of the stamp's truncation: a slight
 * overestimate, the same for our server and the baseline.
 */
let offset = calibrate();

function calibrate(): number {
  const start = Date.now();
  let now = start;
  // Spin until the millisecond changes (at most ~1 ms), then anchor performance.now() to it.
  while (now === start) now = Date.now();
  return now - performance.now();
}

/** Re-anchor (call when idle: monotonic and wall clocks drift apart slowly). */
export function recalibrate(): void {
  offset = calibrate();
}

export function wallNow(): number {
  return performance.now() + offset;
}
