/**
 * DESIGN.md §7: a guest (the seed's external account) may watch a share but has no Share or
 * Manage controls anywhere.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('a guest can view a share but sees no Share or Manage controls', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Greta Giver');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  await workspace.closeShareDialog();

  const guest = await actors.signIn('guest', 'Gordon Guest');
  await guest.page.goto('/');
  await expect(guest.page.getByTestId('guest-home')).toBeVisible();
  const nav = guest.page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['Home']);
  await expect(guest.page.getByTestId('new-session')).toHaveCount(0);
  await expect(guest.page.getByRole('menuitem', { name: 'Share Session…' })).toHaveCount(0);
  await guest.page.goto('/shares');
  await expect(guest.page.getByRole('heading', { name: 'Not available' })).toBeVisible();

  const viewer = new ViewerPage(guest.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Greta Giver');
  await terminal.run('show interfaces');
  await viewer.terminal.expectToContain('GigabitEthernet0/0');
});
