/**
 * DESIGN.md §12 / issue 11 item 1, the owner's side: the Share dialog offers "Show the current
 * screen to viewers who join", checked by default there (the API's default stays false), and
 * says in one sentence what viewers will see.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('the share dialog asks for the current screen by default and says what viewers see; a late joiner gets it', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Cora Current');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  await terminal.run('show ip bgp summary');
  await terminal.expectToContain('Neighbor');

  const menu = await workspace.openTabContextMenu(sessionId);
  await menu.getByRole('menuitem', { name: 'Share Session…' }).click();
  const dialog = owner.page.getByTestId('share-dialog');
  const checkbox = dialog.getByLabel('Show the current screen to viewers who join');
  await expect(checkbox).toBeChecked();
  await expect(checkbox).toHaveAccessibleDescription(
    'Viewers who join see the terminal as it is now, then live output; secrets are masked and nothing shown while sharing is paused.',
  );
  const created = owner.page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/sessions/${sessionId}/share`));
  const shareUrl = await workspace.completeShareDialog();
  expect((await created).postDataJSON()).toMatchObject({ show_current_screen: true });
  await expect(dialog.getByTestId('share-result')).toContainText('viewers who join see the current screen');
  await workspace.closeShareDialog();

  // The BGP table was printed before the viewer opened the link.
  const watcher = await actors.signIn('engineer', 'Leo Latecomer');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Cora Current');
  await viewer.terminal.expectToContain('Neighbor');
});

test('unchecked, the share asks for no history and the dialog says viewers start blank', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Bea Blank');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId } = await workspace.openDemoRouter();
  const menu = await workspace.openTabContextMenu(sessionId);
  await menu.getByRole('menuitem', { name: 'Share Session…' }).click();
  const checkbox = owner.page.getByTestId('share-dialog').getByLabel('Show the current screen to viewers who join');
  await checkbox.uncheck();
  await expect(checkbox).toHaveAccessibleDescription('Viewers who join see a blank terminal until the next output, then live output.');
  const created = owner.page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/sessions/${sessionId}/share`));
  await workspace.completeShareDialog({ showCurrentScreen: false });
  expect((await created).postDataJSON()).toMatchObject({ show_current_screen: false });
});
