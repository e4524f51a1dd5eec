/**
 * DESIGN.md §4: the owner's browser may drop; the session stays up, viewers are told the owner
 * left and came back, and the owner's tabs come back after a reload.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('viewers see the owner leave and return; the owner gets the tab back after a reload', async ({ actors, shareDemoSession }) => {
  const { owner, workspace, sessionId, shareUrl } = await shareDemoSession('Rosa Reload');

  const watcher = await actors.signIn('engineer', 'Will Wait');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Rosa Reload');

  await owner.page.goto('about:blank');
  await viewer.expectOverlay('owner_disconnected');
  await expect(viewer.overlay).toContainText('Session owner disconnected');

  await workspace.goto();
  await expect(workspace.tab(sessionId)).toHaveAttribute('data-shared', 'true');
  await expect(watcher.page.getByTestId('viewer-notice')).toHaveAttribute('data-kind', 'owner_reconnected');
  await expect(viewer.overlay).toBeHidden();
  await workspace.expectViewerCount(sessionId, 1);

  await workspace.terminal(sessionId).run('show interfaces');
  await viewer.terminal.expectToContain('Loopback0');
});

test('the Session menu offers the same actions, and closing a tab asks first', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Carl Closer');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId } = await workspace.openDemoRouter();

  await owner.page.getByTestId('session-menu-button').click();
  const menu = owner.page.getByTestId('session-menu');
  await expect(menu.getByRole('menuitem')).toHaveText(['Share Session…', 'Manage Shares', 'Close Session…']);
  await menu.getByRole('menuitem', { name: 'Close Session…' }).click();
  const confirm = owner.page.getByTestId('close-session-dialog');
  await expect(confirm).toContainText('This disconnects the SSH session');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(workspace.tab(sessionId)).toBeVisible();

  await workspace.tab(sessionId).getByTestId('tab-close').click();
  await owner.page.getByTestId('confirm-close-session').click();
  await expect(workspace.tabs).toHaveCount(0);
  await expect(owner.page.getByTestId('workspace-empty')).toBeVisible();
});

test('typing exit ends the session; its tab explains why until the owner closes it', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Eve Exit');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  await terminal.run('exit');
  const overlay = owner.page.getByTestId('owner-overlay');
  await expect(overlay).toContainText('Session ended');
  // Still there after the session list is refetched (the server lists active sessions only).
  await owner.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(workspace.tab(sessionId)).toBeVisible();
  await overlay.getByRole('button', { name: 'Close tab' }).click();
  await expect(workspace.tabs).toHaveCount(0);
});
