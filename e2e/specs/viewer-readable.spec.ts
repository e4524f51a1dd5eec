/**
 * Issue 11 items 3–4 (DESIGN.md §6): a viewer reads the owner's terminal at any window size — never
 * below about 11 px, "Fit" or "Actual size" (remembered), scrolling sideways for what does not fit —
 * and the page says what is going on: waiting for output, and that keystrokes are not sent.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

const READABLE_PX = 11;

test('an 800×600 viewer of a 200-column owner reads ≥ 11 px text in Fit and Actual size and scrolls sideways', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Wanda Wide', { context: { viewport: { width: 1920, height: 1080 } } });
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  await workspace.closeShareDialog();

  const small = await actors.signIn('engineer', 'Sam Small', { context: { viewport: { width: 800, height: 600 } } });
  const viewer = new ViewerPage(small.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Wanda Wide');
  await terminal.run('show ip bgp summary');
  await viewer.terminal.expectToContain('Idle (Admin)');
  await expect.poll(() => viewer.ownerColumns()).toBeGreaterThanOrEqual(200);

  // Fit (the default): scaled down, but stopped at the readable floor; the rest scrolls.
  await viewer.chooseSizing('fit');
  await expect.poll(async () => (await viewer.textMetrics()).fontSize).toBe(READABLE_PX);
  const fit = await viewer.textMetrics();
  expect(fit.rowHeight).toBeGreaterThanOrEqual(READABLE_PX);
  expect(fit.scrollWidth).toBeGreaterThan(fit.clientWidth);
  await expect(viewer.sizeNote).toContainText(/Your window shows \d+ of \d+ columns at the smallest readable size/);

  // Actual size: the owner's font, a note saying how much shows, and sideways scrolling.
  await viewer.chooseSizing('actual');
  await expect.poll(async () => (await viewer.textMetrics()).fontSize).toBe(14);
  const actual = await viewer.textMetrics();
  expect(actual.rowHeight).toBeGreaterThan(fit.rowHeight);
  expect(actual.scrollWidth).toBeGreaterThan(actual.clientWidth);
  await expect(viewer.sizeNote).toContainText(/Your window shows \d+ of \d+ columns; scroll sideways or choose Fit/);
  const scrolled = await viewer.scroller.evaluate((element) => {
    element.scrollLeft = element.scrollWidth;
    return element.scrollLeft;
  });
  expect(scrolled).toBeGreaterThan(0);

  // The owner's 50-odd rows are taller than this window: new output at the bottom stays in view.
  await terminal.run('show running-config');
  await viewer.terminal.expectToContain('end');
  await expect.poll(() => viewer.scroller.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);

  // The terminal uses the page's full height: its scroll box reaches the bottom of the window.
  const box = await viewer.scroller.boundingBox();
  expect(box && box.y + box.height).toBeGreaterThan(600 - 20);

  // The choice is remembered by this browser.
  await small.page.reload();
  await viewer.expectLive('Wanda Wide');
  await expect(small.page.getByTestId('viewer-sizing-actual')).toHaveAttribute('aria-pressed', 'true');
});

test('the viewer is told it is waiting for output, and that its keystrokes are not sent (once)', async ({ shareDemoSession, actors }) => {
  // Without the current screen (DESIGN.md §12 is opt-in): the seed's "output from now on".
  const { terminal, shareUrl } = await shareDemoSession('Hana Hint', { showCurrentScreen: false });
  const watcher = await actors.signIn('engineer', 'Kai Keys');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Hana Hint');
  await expect(watcher.page).toHaveTitle("Viewing Hana Hint's session — NetStacks");
  await expect(viewer.waiting).toHaveText("Connected — waiting for the owner's next output");

  await terminal.run('show clock');
  await viewer.terminal.expectToContain('show clock');
  await expect(viewer.waiting).toBeHidden();

  await viewer.terminal.type('reload');
  await expect(viewer.readOnlyHint).toHaveText('This is a read-only view; your keystrokes are not sent');
  await expect(watcher.page.getByTestId('viewer-readonly-hint-region')).toHaveAttribute('aria-live', 'polite');
  await expect(viewer.readOnlyHint).toBeHidden({ timeout: 8_000 });
  await watcher.page.keyboard.type('reload');
  // Two frames: React has rendered whatever the keys caused.
  await watcher.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await expect(viewer.readOnlyHint).toHaveCount(0);
  await viewer.terminal.expectNotToContain('reload');
});
