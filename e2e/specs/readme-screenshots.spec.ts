/**
 * Refreshes the README screenshots (workspace with a shared tab and badge, Manage Shares, viewer
 * page, a late joiner's current screen, Manage Shares at 800×600). Not part of `npm test`; run it with:
 *   NS_README_SCREENSHOTS=1 npx playwright test readme-screenshots
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../helpers/test.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

const screenshotsDir = fileURLToPath(new URL('../screenshots', import.meta.url));

test.skip(!process.env.NS_README_SCREENSHOTS, 'set NS_README_SCREENSHOTS=1 to refresh the README screenshots');

test('README screenshots', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Dana Engineer');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  await workspace.openDemoRouter();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  await workspace.closeShareDialog();
  await owner.page.getByTestId('toast').getByRole('button', { name: 'Dismiss notification' }).click();

  const viewers = [await actors.signIn('engineer', 'Sam Oncall'), await actors.signIn('guest', 'Alex Vendor')];
  for (const viewer of viewers) {
    await new ViewerPage(viewer.page).goto(shareUrl);
    await new ViewerPage(viewer.page).expectLive('Dana Engineer');
  }
  await terminal.run('show ip bgp summary');
  await workspace.expectViewerCount(sessionId, 2);
  await workspace.viewerBadge(sessionId).click();
  await expect(owner.page.getByTestId('viewer-popover')).toContainText('Alex Vendor');
  await owner.page.screenshot({ path: join(screenshotsDir, 'workspace-shared-tab.png') });

  const viewerPage = new ViewerPage(viewers[0]!.page);
  await viewerPage.terminal.expectToContain('198.51.100.1');
  await viewers[0]!.page.screenshot({ path: join(screenshotsDir, 'viewer-page.png') });

  const lead = await actors.signIn('noc_lead', 'Noor Lead');
  const shares = new ManageSharesPage(lead.page);
  await shares.goto();
  await expect(shares.rowOf('Dana Engineer')).toHaveCount(1);
  await lead.page.screenshot({ path: join(screenshotsDir, 'manage-shares.png') });

  const small = await actors.signIn('noc_lead', 'Nia Laptop', { context: { viewport: { width: 800, height: 600 } } });
  const smallShares = new ManageSharesPage(small.page);
  await smallShares.goto();
  await expect(smallShares.rowOf('Dana Engineer')).toHaveCount(1);
  await small.page.screenshot({ path: join(screenshotsDir, 'manage-shares-800x600.png') });
});

test('README screenshot: a late joiner sees the current screen', async ({ shareDemoSession, actors }) => {
  const { terminal, shareUrl } = await shareDemoSession('Dana Engineer', { showCurrentScreen: true });
  await terminal.run('show ip bgp summary');
  await terminal.expectToContain('Idle (Admin)');
  const late = await actors.signIn('engineer', 'Leo Late');
  const viewer = new ViewerPage(late.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Dana Engineer');
  await viewer.terminal.expectToContain('Idle (Admin)');
  await late.page.screenshot({ path: join(screenshotsDir, 'viewer-late-joiner.png') });
});
