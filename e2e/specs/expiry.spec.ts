/**
 * DESIGN.md §5: a share expires at expires_at; every viewer is disconnected with the expired
 * overlay and the share leaves the active list by itself. Uses the shortest TTL the server
 * accepts (1m), so this test waits about a minute — on content, never on a fixed sleep.
 */
import { expect, test } from '../helpers/test.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';

const EXPIRY_WAIT_MS = 100_000;

test('an expired share shows the expired overlay and leaves Manage Shares by itself', async ({ actors, shareDemoSession }) => {
  test.setTimeout(EXPIRY_WAIT_MS + 60_000);
  const { owner, shareUrl } = await shareDemoSession('Ezra Expiry', { expiry: { custom: '1m' } });

  const watcher = await actors.signIn('engineer', 'Vera Viewer');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Ezra Expiry');
  await expect(viewer.page.getByTestId('viewer-time-left')).toContainText(/^\s*\d+s left$/);

  const shares = new ManageSharesPage(owner.page);
  await owner.page.getByRole('link', { name: 'Manage Shares' }).click();
  await expect(shares.rowOf('Ezra Expiry')).toHaveCount(1);

  await viewer.expectOverlay('share_expired', EXPIRY_WAIT_MS);
  await expect(viewer.overlay).toContainText('Share link expired');
  await expect(shares.rowOf('Ezra Expiry')).toHaveCount(0);
  await shares.filterBy('expired');
  await expect(shares.rowOf('Ezra Expiry')).toHaveCount(1);
});
