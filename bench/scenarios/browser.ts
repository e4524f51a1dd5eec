/**
 * Scenario 9 of issue 6 (browser): the real viewer page (dist/web, served by our server) in
 * Chromium through Playwright while `show tech-support` streams. An init script counts what the
 * page's WebSocket receives, records long tasks (PerformanceObserver 'longtask') and the gaps
 * between animation frames. After the command the owner types a marker; the page keeps up if the
 * marker reaches its socket right after the owner and its terminal soon after.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { techSupport } from '../../bff/ssh/demoOutput.js';
import { until } from '../../bff/testing/eventually.js';
import type { Row, Scenario, ScenarioContext, ScenarioResult } from '../scenario.js';
import { shareDemoSession, spawnBff, startDevice, viewerPassword } from '../targets.js';

const builtApp = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const techSupportChars = [...techSupport()].reduce((sum, chunk) => sum + chunk.length, 0);

interface PageProbe {
  measuring: boolean;
  marker: string | null;
  frames: number;
  chars: number;
  lastMessageAt: number;
  markerAt: number | null;
  longTasks: Array<{ start: number; duration: number }>;
  animationFrames: number;
  maxFrameGap: number;
  framesOver100ms: number;
}

declare global {
  interface Window {
    __benchProbe?: PageProbe;
  }
}

/**
 * Runs in the page before its own scripts. Kept as source text: tsx (esbuild keepNames) would wrap
 * a serialised function's inner functions in a `__name` helper the page does not have.
 */
const probeScript = `(() => {
  const probe = { measuring: false, marker: null, frames: 0, chars: 0, lastMessageAt: 0, markerAt: null,
    longTasks: [], animationFrames: 0, maxFrameGap: 0, framesOver100ms: 0 };
  window.__benchProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (probe.measuring) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        const data = typeof event.data === 'string' ? event.data : '';
        probe.frames += 1;
        probe.chars += data.length;
        probe.lastMessageAt = Date.now();
        if (probe.marker !== null && probe.markerAt === null && data.includes(probe.marker)) probe.markerAt = Date.now();
      });
    }
  };
  let last = performance.now();
  const onFrame = (now) => {
    if (probe.measuring) {
      probe.animationFrames += 1;
      probe.maxFrameGap = Math.max(probe.maxFrameGap, now - last);
      if (now - last > 100) probe.framesOver100ms += 1;
    }
    last = now;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
})();`;

const probe = (page: Page) => page.evaluate(() => window.__benchProbe!);

async function terminalShows(page: Page, text: string): Promise<boolean> {
  return page.getByTestId('viewer-terminal').evaluate((el, wanted) => {
    const read = (el as HTMLElement & { __nsReadTerminal?: () => string }).__nsReadTerminal;
    return read ? read().includes(wanted) : false;
  }, text);
}

/** When `check` first held (epoch ms), or null if it did not within `timeoutMs`. */
function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  return until(check, 'the page', timeoutMs, 100).then(
    () => Date.now(),
    () => null,
  );
}

/** Why the browser scenario cannot run here, or null. */
export function browserUnavailable(): string | null {
  if (!existsSync(builtApp)) return 'dist/web is missing: run `npm run build` first';
  if (!existsSync(chromiumPath())) return `no Chromium at ${chromiumPath()} (set CHROMIUM_PATH)`;
  return null;
}

const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** One viewer page watching `show tech-support` on our server started with `nodeArgs`. */
export async function browserRun(nodeArgs: string[]): Promise<BrowserRun> {
  const device = await startDevice();
  const server = await spawnBff({ nodeArgs });
  const chrome = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const s = await shareDemoSession(server.base, device);
    const context = await chrome.newContext({ baseURL: server.base, viewport: { width: 1280, height: 800 } });
    const login = await context.request.post('/api/v1/auth/login', { data: { email: s.viewerEmail, password: viewerPassword } });
    if (!login.ok()) throw new Error(`browser login failed: ${login.status()}`);
    await context.addInitScript({ content: probeScript });
    const page = await context.newPage();
    await page.goto(`/shared/${s.shareToken}`);
    await page.getByTestId('viewer-banner').waitFor({ timeout: 30_000 });
    if ((await waitUntil(async () => (await probe(page)).frames >= 2, 15_000)) === null) throw new Error('the viewer page got no frames');
    const marker = `bench-end-${Date.now().toString(36)}`;
    await page.evaluate((m) => Object.assign(window.__benchProbe!, { measuring: true, marker: m, chars: 0, frames: 0 }), marker);
    const started = Date.now();
    await s.owner.run('show tech-support');
    s.owner.type(`${marker}\r`);
    await s.owner.waitForText(marker);
    const ownerMarkerAt = Date.now();
    const socketMarkerAt = await waitUntil(async () => (await probe(page)).markerAt !== null, 120_000).then(async () => (await probe(page)).markerAt);
    const renderedAt = await waitUntil(() => terminalShows(page, `'${marker}'`), 120_000);
    await page.evaluate(() => (window.__benchProbe!.measuring = false));
    const p = await probe(page);
    const skipped = await terminalShows(page, 'output skipped');
    s.owner.close();
    await context.close();
    return { started, ownerMarkerAt, socketMarkerAt, renderedAt, probe: p, skipped };
  } finally {
    await chrome.close();
    await server.kill();
    await device.kill();
  }
}

export const browser: Scenario = {
  name: 'browser',
  title: '9. Browser: viewer page in Chromium during show tech-support',
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const unavailable = browserUnavailable();
    if (unavailable) return { name: this.name, title: this.title, rows: [], notes: [], details: {}, skipped: unavailable };
    return result(this, await browserRun(ctx.oursNodeArgs));
  },
};

export interface BrowserRun {
  started: number;
  ownerMarkerAt: number;
  socketMarkerAt: number | null;
  renderedAt: number | null;
  probe: PageProbe;
  skipped: boolean;
}

function result(scenario: Scenario, r: BrowserRun): ScenarioResult {
  const long = r.probe.longTasks;
  const socketLag = r.socketMarkerAt === null ? null : r.socketMarkerAt - r.ownerMarkerAt;
  const renderLag = r.renderedAt === null || r.socketMarkerAt === null ? null : r.renderedAt - r.socketMarkerAt;
  const behindOwner = r.renderedAt === null ? null : r.renderedAt - r.ownerMarkerAt;
  const keptUp = behindOwner !== null && behindOwner <= 2_000 && !r.skipped && r.probe.chars >= techSupportChars;
  const streamSeconds = ((r.socketMarkerAt ?? Date.now()) - r.started) / 1000;
  const rows: Row[] = [
    { metric: 'tech-support received by the page', ours: `${(r.probe.chars / 1e6).toFixed(2)} MB of frames in ${streamSeconds.toFixed(1)} s`, baseline: null, unit: '' },
    { metric: 'long tasks (≥ 50 ms): count', ours: long.length, baseline: null, unit: '' },
    { metric: 'long tasks: total / longest', ours: `${long.reduce((s, t) => s + t.duration, 0).toFixed(0)} ms / ${Math.max(0, ...long.map((t) => t.duration)).toFixed(0)} ms`, baseline: null, unit: '' },
    { metric: 'longest gap between animation frames', ours: r.probe.maxFrameGap, baseline: null, unit: 'ms' },
    { metric: 'animation-frame gaps > 100 ms', ours: r.probe.framesOver100ms, baseline: null, unit: '' },
    { metric: 'end marker: owner → page message handler', ours: socketLag, baseline: null, unit: 'ms' },
    { metric: 'end marker: message handler → terminal buffer', ours: renderLag, baseline: null, unit: 'ms' },
    { metric: 'page shows the end after the owner', ours: behindOwner, baseline: null, unit: 'ms', target: '≤ 2 s, nothing skipped', met: keptUp },
    { metric: '"output skipped" notice shown', ours: r.skipped ? 'yes' : 'no', baseline: null, unit: '' },
  ];
  return {
    name: scenario.name,
    title: scenario.title,
    rows,
    notes: [
      `headless Chromium (${chromiumArgs.join(' ')}), 1280×800; tech-support is ${(techSupportChars / 1e6).toFixed(2)} MB; terminal polled every 100 ms ` +
        '(the poll itself reads the whole xterm buffer, which can show up as a long task); no baseline: the baseline relay serves no page.',
    ],
    details: { ...r },
  };
}
