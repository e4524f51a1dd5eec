/**
 * Issue 3 quality bars, measured and printed (no timed assertions): how soon the first output
 * frame shows after opening a share link on loopback, and how much JavaScript (gzip) the viewer
 * route loads.
 */
import { gzipSync } from 'node:zlib';
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('measures first output on the viewer page and the viewer route’s JavaScript', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Petra Perf');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  await workspace.closeShareDialog();
  // A steady packet log, so output is flowing when the viewer arrives (no history is replayed).
  await terminal.run('debug ip packet rate 1000');
  await terminal.expectToContain('IP packet debugging is on');

  const watcher = await actors.signIn('engineer', 'Mo Measure');
  const scripts: Promise<{ url: string; gzipBytes: number }>[] = [];
  watcher.page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(response.body().then((body) => ({ url: new URL(response.url()).pathname, gzipBytes: gzipSync(body).length })));
  });
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  const firstOutputMs = await viewer.firstOutputMs();
  await viewer.expectLive('Petra Perf');
  await viewer.terminal.expectToContain('IP:');

  const marks = await watcher.page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('ns:'))
      .map((mark) => `${mark.name.slice(3)} ${mark.startTime.toFixed(0)} ms`)
      .join(', '),
  );
  const loaded = await Promise.all(scripts);
  const totalKiB = loaded.reduce((sum, script) => sum + script.gzipBytes, 0) / 1024;
  console.log(`[measure] viewer first output frame: ${firstOutputMs.toFixed(0)} ms after navigation start (${marks})`);
  console.log(`[measure] viewer route JavaScript: ${loaded.length} files, ${totalKiB.toFixed(1)} KiB gzip`);
  for (const script of loaded) console.log(`[measure]   ${script.url} ${(script.gzipBytes / 1024).toFixed(1)} KiB gzip`);
  expect(loaded.some((script) => script.url.includes('WorkspacePage'))).toBe(false);

  await terminal.run('undebug all');
});
