declare global {
  interface Window {
    /** ms from navigation start to the first output frame on the viewer page (read by e2e). */
    __nsFirstOutputMs?: number;
  }
}

/** Records the first output frame once per page load; performance.now() counts from navigation start. */
export function recordFirstOutput(): void {
  if (window.__nsFirstOutputMs === undefined) window.__nsFirstOutputMs = performance.now();
}
