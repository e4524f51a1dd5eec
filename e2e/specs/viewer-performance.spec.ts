/**
 * Issue 3 quality bars, measured and printed (no timed assertions): how soon the first output
 * frame shows after opening a share link on loopback, and how much JavaScript (gzip) the viewer
 * route loads.
 */
import { gzipSync } from 'node:zlib';
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('measures first output on the viewer page and the viewer route’s JavaScript', async ({ actors, shareDemoSession }) => {
  const { terminal, shareUrl } = await shareDemoSession('Petra Perf');
  // A steady packet log, so output is flowing when the viewer arrives (no history is replayed):
  // 4,000 B/s is about 50 lines/s, so a line is at most ~20 ms away whenever the viewer is ready.
  await terminal.run('debug ip packet rate 4000');
  await terminal.expectToContain('IP packet debugging is on');

  const watcher = await actors.signIn('engineer', 'Mo Measure');
  const scripts: Promise<{ url: string; gzipBytes: number }>[] = [];
  watcher.page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(response.body().then((body) => ({ url: new URL(response.url()).pathname, gzipBytes: gzipSync(body).length })));
  });
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  const coldMs = await viewer.firstOutputMs();
  await viewer.expectLive('Petra Perf');
  await viewer.terminal.expectToContain('IP:');

  // The link again in five fresh tabs (each a new viewer, audited; the HTTP cache is warm now).
  const opens: Array<{ ms: number; marks: string }> = [];
  for (let i = 0; i < 5; i++) {
    const tab = new ViewerPage(await watcher.page.context().newPage());
    await tab.goto(shareUrl);
    const ms = await tab.firstOutputMs();
    const marks = await tab.page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((mark) => mark.name.startsWith('ns:'))
        .map((mark) => `${mark.name.slice(3)} ${mark.startTime.toFixed(0)}`)
        .join(', '),
    );
    opens.push({ ms, marks });
    await tab.page.close();
  }
  const sorted = opens.map((open) => open.ms).sort((a, b) => a - b);
  console.log(`[measure] viewer first output frame after navigation start: ${coldMs.toFixed(0)} ms cold (first open)`);
  console.log(
    `[measure] and in 5 new tabs with a warm cache: median ${sorted[2]!.toFixed(0)} ms, range ${sorted[0]!.toFixed(0)}–${sorted[4]!.toFixed(0)} ms`,
  );
  for (const open of opens) console.log(`[measure]   ${open.ms.toFixed(0)} ms (${open.marks} ms)`);

  const loaded = await Promise.all(scripts);
  const totalKiB = loaded.reduce((sum, script) => sum + script.gzipBytes, 0) / 1024;
  console.log(`[measure] viewer route JavaScript: ${loaded.length} files, ${totalKiB.toFixed(1)} KiB gzip`);
  for (const script of loaded) console.log(`[measure]   ${script.url} ${(script.gzipBytes / 1024).toFixed(1)} KiB gzip`);
  expect(loaded.some((script) => script.url.includes('WorkspacePage'))).toBe(false);

  await terminal.run('undebug all');
});
