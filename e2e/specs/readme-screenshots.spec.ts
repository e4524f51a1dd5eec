/**
 * Refreshes the README screenshots (workspace with a shared tab and badge, Manage Shares, viewer
 * page). Not part of `npm test`; run it with:
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
});
