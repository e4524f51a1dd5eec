/**
 * Issue 2 / DESIGN.md §5–§6: an owner shares a live demo-router session from the tab's context
 * menu; an authenticated teammate watches it read-only in a second browser.
 */
import { expect, test } from '../helpers/test.js';
import { LoginPage } from '../pages/LoginPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('owner shares from the tab context menu; a second user watches read-only and cannot type', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Olivia Owner', { loggedIn: false });
  await new LoginPage(owner.page).goto();
  await new LoginPage(owner.page).signIn(owner.user);

  const workspace = new WorkspacePage(owner.page);
  await expect(owner.page.getByTestId('workspace')).toBeVisible();
  const { sessionId, terminal: ownerTerminal } = await workspace.openDemoRouter();

  const shareUrl = await workspace.shareFromTabContextMenu(sessionId, { expiry: '1 hour' });
  await expect(owner.page.getByTestId('toast').filter({ hasText: 'copied' })).toBeVisible();
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(shareUrl);
  await workspace.closeShareDialog();
  await expect(workspace.tab(sessionId)).toHaveAttribute('data-shared', 'true');

  const watcher = await actors.signIn('engineer', 'Victor Viewer');
  const framesSentByViewer: string[] = [];
  watcher.page.on('websocket', (socket) => socket.on('framesent', (frame) => framesSentByViewer.push(String(frame.payload))));
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Olivia Owner');

  await ownerTerminal.run('show ip bgp summary');
  await viewer.terminal.expectToContain('BGP router identifier 10.255.0.1');
  await viewer.terminal.expectToContain('198.51.100.1');

  // The viewer types a command; then the owner runs one. Had the viewer's keys reached the
  // session they would show before the owner's output, so waiting for that output is enough.
  await viewer.terminal.run('reload');
  await ownerTerminal.run('show version');
  await ownerTerminal.expectToContain('Configuration register is 0x0');
  await viewer.terminal.expectToContain('Configuration register is 0x0');
  await ownerTerminal.expectNotToContain('reload');
  await viewer.terminal.expectNotToContain('reload');
  expect(framesSentByViewer).toEqual([]);
});
