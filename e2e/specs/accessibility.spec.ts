/**
 * Issue 3 quality bar "accessible, colour contrast AA", checked by axe-core on every screen of the
 * three workflows in their live state (a shared session with a watcher, the share dialog open, the
 * viewer page, Manage Shares, the audit log, Admin, login): no WCAG 2.1 A/AA violation.
 */
import { axeViolations as violations } from '../helpers/axe.js';
import { expect, test } from '../helpers/test.js';
import { LoginPage } from '../pages/LoginPage.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('every screen passes axe-core WCAG 2.1 A and AA checks', async ({ actors }) => {
  const found: string[] = [];
  const owner = await actors.signIn('noc_lead', 'Nia Contrast');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  await terminal.run('show ip bgp summary');
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  found.push(...(await violations(owner.page, 'share dialog')));
  await workspace.closeShareDialog();

  const watcher = await actors.signIn('guest', 'Gus Guest');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Nia Contrast');
  await terminal.run('show version');
  await viewer.terminal.expectToContain('Configuration register');
  found.push(...(await violations(watcher.page, 'viewer page')));
  await expect(workspace.tab(sessionId).getByTestId('viewer-badge')).toContainText('1');
  found.push(...(await violations(owner.page, 'workspace with a shared tab')));

  await new ManageSharesPage(owner.page).goto();
  await expect(owner.page.getByTestId('share-row')).toHaveCount(1);
  found.push(...(await violations(owner.page, 'manage shares')));
  await owner.page.goto('/audit');
  await expect(owner.page.getByTestId('audit-page')).toBeVisible();
  await expect(owner.page.getByRole('table')).toBeVisible();
  found.push(...(await violations(owner.page, 'audit log')));

  const admin = await actors.signIn('admin', 'Ada Access');
  await admin.page.goto('/admin');
  await expect(admin.page.getByTestId('users-table')).toBeVisible();
  found.push(...(await violations(admin.page, 'admin')));

  const visitor = await actors.signIn('engineer', 'Vic Visitor', { loggedIn: false });
  await new LoginPage(visitor.page).goto();
  found.push(...(await violations(visitor.page, 'login')));

  expect(found, found.join('\n')).toEqual([]);
});
