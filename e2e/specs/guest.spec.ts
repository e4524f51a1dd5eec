/**
 * DESIGN.md §7: a guest (the seed's external account) may watch a share but has no Share or
 * Manage controls anywhere.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('a guest can view a share but sees no Share or Manage controls', async ({ actors, shareDemoSession }) => {
  const { terminal, shareUrl } = await shareDemoSession('Greta Giver');

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
