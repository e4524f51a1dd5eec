/**
 * Issue 3, workflow 3 / DESIGN.md §5: a NOC lead revokes a share from Manage Shares; the row
 * leaves the active list at once and the open viewer page shows who revoked it.
 */
import { expectOnTop } from '../helpers/onTop.js';
import { expect, test } from '../helpers/test.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('revoking from Manage Shares closes the open viewer page with the revoked overlay', async ({ actors, shareDemoSession }) => {
  const { workspace, sessionId, shareUrl } = await shareDemoSession('Rita Revoked');

  const watcher = await actors.signIn('engineer', 'Walter Watcher');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Rita Revoked');

  const lead = await actors.signIn('noc_lead', 'Nora Lead');
  const shares = new ManageSharesPage(lead.page);
  await shares.goto();
  const row = shares.rowOf('Rita Revoked');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('share-viewers-count')).toHaveText('1');
  await expect(row.getByTestId('share-remaining')).toHaveText(/^(59m|1h 00m) \d\ds$/);

  await row.getByTestId('share-viewers').click();
  await expectOnTop(lead.page.getByTestId('viewer-popover'));
  await expect(lead.page.getByTestId('viewer-popover')).toContainText('Walter Watcher');
  await lead.page.keyboard.press('Escape');

  await shares.revoke(row);
  await expect(row).toHaveCount(0);
  await viewer.expectOverlay('share_revoked');
  await expect(viewer.overlay).toContainText(`revoked by ${lead.user.email}`);

  await shares.filterBy('revoked');
  await expect(shares.rowOf('Rita Revoked')).toHaveCount(1);
  await expect(shares.rowOf('Rita Revoked')).toContainText(`by ${lead.user.email}`);

  // The owner's tab loses its shared marking when its last share ends.
  await expect(workspace.tab(sessionId)).toHaveAttribute('data-shared', 'false');
});
