/**
 * DESIGN.md §13 / issue 12, the owner's side: pause and resume sharing from the session toolbar
 * and the tab menu, the auto-pause notice at a password prompt, removing one viewer (optionally
 * barred) from the tab's viewer list and from Manage Shares, and extending a share from Manage
 * Shares and from the notice 5 minutes before it expires.
 */
import { axeViolations } from '../helpers/axe.js';
import { expect, test } from '../helpers/test.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('the owner pauses sharing from the toolbar and resumes it from the tab menu; the viewer sees the pause', async ({ actors, shareDemoSession }) => {
  const { workspace, sessionId, terminal, shareUrl } = await shareDemoSession('Paula Pause');
  const watcher = await actors.signIn('engineer', 'Vera Viewer');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Paula Pause');

  await workspace.pauseSharing();
  await expect(workspace.sharingControl.getByTestId('sharing-state')).toHaveText('Sharing paused: viewers see nothing new');
  await expect(workspace.tab(sessionId)).toHaveAttribute('data-paused', 'true');
  await expect(viewer.overlay).toContainText('Sharing paused by');
  expect(await axeViolations(workspace.page, 'workspace, sharing paused')).toEqual([]);
  await terminal.run('show clock');
  await terminal.expectToContain('UTC');

  const menu = await workspace.openTabContextMenu(sessionId);
  await menu.getByRole('menuitem', { name: 'Resume sharing' }).click();
  await expect(workspace.sharingControl).toHaveAttribute('data-sharing', 'live');
  await expect(workspace.tab(sessionId)).toHaveAttribute('data-paused', 'false');
  await expect(viewer.overlay).toBeHidden();
  const menuAgain = await workspace.openTabContextMenu(sessionId);
  await expect(menuAgain.getByRole('menuitem', { name: 'Pause sharing' })).toBeVisible();
});

test('at a password prompt sharing pauses by itself and the owner is told it resumes after Enter', async ({ shareDemoSession }) => {
  const { workspace, terminal } = await shareDemoSession('Axel Autopause');
  await terminal.run('enable');
  await terminal.expectToContain('Password:');
  await expect(workspace.sharingControl.getByTestId('sharing-state')).toHaveText('Sharing paused: password prompt — resumes after you press Enter');
  await terminal.run('not-shown-to-viewers');
  await expect(workspace.sharingControl).toHaveAttribute('data-sharing', 'live');
});

test('the owner removes a viewer with two tabs open from the tab’s viewer list and bars them; a NOC lead removes another from Manage Shares', async ({
  actors,
  shareDemoSession,
}) => {
  const { owner, workspace, sessionId, shareUrl } = await shareDemoSession('Rosa Remover');
  const barred = await actors.signIn('engineer', 'Bart Barred');
  const first = new ViewerPage(barred.page);
  const second = new ViewerPage(await barred.context.newPage());
  await first.goto(shareUrl);
  await second.goto(shareUrl);
  await first.expectLive('Rosa Remover');
  await second.expectLive('Rosa Remover');
  await workspace.expectViewerCount(sessionId, 2);

  // The same person in two browser tabs is listed once, with ×2.
  const popover = await workspace.openViewerPopover(sessionId);
  const entry = popover.getByTestId('viewer-entry').filter({ hasText: 'Bart Barred' });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByTestId('viewer-connections')).toContainText('×2');
  await entry.getByRole('button', { name: 'Remove Bart Barred' }).click();
  await entry.getByLabel('Also bar them from this share').check();
  expect(await axeViolations(workspace.page, 'tab viewer list, confirming a removal')).toEqual([]);
  await entry.getByTestId('confirm-remove-viewer').click();
  await expect(first.overlay).toContainText(/removed/i);
  await expect(second.overlay).toContainText(/removed/i);
  await expect(first.overlay).toContainText(`${owner.user.email} removed you from this share. You cannot rejoin this share.`);
  await workspace.expectViewerCount(sessionId, 0);
  // Barred for the share's life: opening the link again does not get them in.
  await first.goto(shareUrl);
  await expect(first.overlay).toBeVisible();
  await expect(first.banner).not.toContainText('Viewing Rosa Remover');

  const other = await actors.signIn('guest', 'Gina Guest');
  const otherViewer = new ViewerPage(other.page);
  await otherViewer.goto(shareUrl);
  await otherViewer.expectLive('Rosa Remover');
  const lead = await actors.signIn('noc_lead', 'Nils Lead');
  const shares = new ManageSharesPage(lead.page);
  await shares.goto();
  const list = await shares.openViewers(shares.rowOf('Rosa Remover'));
  await list.getByRole('button', { name: 'Remove Gina Guest' }).click();
  await list.getByTestId('confirm-remove-viewer').click();
  await expect(otherViewer.overlay).toContainText(lead.user.email);
  // Not barred: she may come back.
  await otherViewer.goto(shareUrl);
  await otherViewer.expectLive('Rosa Remover');
});

test('Manage Shares extends a share by 30 minutes or to a custom time', async ({ actors, shareDemoSession }) => {
  await shareDemoSession('Ezra Extend', { expiry: '30 minutes' });
  const lead = await actors.signIn('noc_lead', 'Lina Lead');
  const shares = new ManageSharesPage(lead.page);
  await shares.goto();
  const row = shares.rowOf('Ezra Extend');
  await expect(row.getByTestId('share-remaining')).toHaveText(/^(29m|30m 00)/);
  await row.getByTestId('extend-share').click();
  await expect(lead.page.getByTestId('extend-menu')).toBeVisible();
  expect(await axeViolations(lead.page, 'manage shares, extend menu')).toEqual([]);
  await lead.page.keyboard.press('Escape');
  await shares.extend(row, '+30 min');
  await expect(row.getByTestId('share-remaining')).toHaveText(/^(59m|1h 00m) /);

  await row.getByTestId('extend-share').click();
  await lead.page.getByTestId('extend-menu').getByRole('menuitem', { name: 'Custom…' }).click();
  const dialog = lead.page.getByTestId('extend-dialog');
  await dialog.getByTestId('extend-custom-expiry').fill('30h');
  await dialog.getByTestId('extend-submit').click();
  await expect(dialog.getByTestId('field-error')).toHaveText('At most 24 hours.');
  await dialog.getByTestId('extend-custom-expiry').fill('3h');
  await dialog.getByTestId('extend-submit').click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('share-remaining')).toHaveText(/^(2h 59m|3h 00m) /);
});

test('5 minutes before a share expires the owner gets a notice with Extend', async ({ shareDemoSession }) => {
  const { owner } = await shareDemoSession('Nina Notice', { expiry: { custom: '5m3s' } });
  const notice = owner.page.getByTestId('toast').filter({ hasText: /^Share of lab-rtr-01 .*expires in 5 min/ });
  await expect(notice).toBeVisible({ timeout: 15_000 });
  await notice.getByRole('button', { name: 'Extend 30 min' }).click();
  await expect(owner.page.getByTestId('toast').filter({ hasText: /^Share of lab-rtr-01 .*now expires/ })).toBeVisible();
  await expect(notice).toBeHidden();
  await expect(owner.page.locator('.session-toolbar__shared')).toContainText(/expires in 3[45]m/);
});
