/**
 * Per-session output sequence numbers. Every output frame of a session carries the next `seq`;
 * a receiver that sees a jump knows frames were lost (e.g. during a broker outage).
 */
export interface SeqGap {
  expected: number;
  received: number;
  missing: number;
}

/** Returns the gap between the last seen seq and the received one, or null when in order. */
export function seqGap(lastSeen: number | null, received: number): SeqGap | null {
  if (lastSeen === null || received <= lastSeen + 1) return null;
  return { expected: lastSeen + 1, received, missing: received - lastSeen - 1 };
}
