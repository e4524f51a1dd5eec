/**
 * Issue 3, workflow 1 / DESIGN.md §4: a shared tab is marked (icon + styling) and its viewer-count
 * badge follows viewers joining and leaving, live from the owner socket's `shares` frames.
 */
import { expectOnTop } from '../helpers/onTop.js';
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('the shared tab badge counts viewers 0→1→2→1 and lists who is watching', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Bianca Badge');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId } = await workspace.openDemoRouter();

  // Keyboard only: F6 leaves the terminal for its tab, Shift+F10 opens the tab's menu.
  await workspace.terminal(sessionId).focus();
  await owner.page.keyboard.press('F6');
  await expect(workspace.tab(sessionId).getByRole('tab')).toBeFocused();
  await owner.page.keyboard.press('Shift+F10');
  await expect(owner.page.getByRole('menuitem', { name: 'Share Session…' })).toBeFocused();
  await owner.page.keyboard.press('Enter');
  await workspace.completeShareDialog({ expiry: '30 minutes' });
  await workspace.closeShareDialog();

  await expect(workspace.tab(sessionId).getByTestId('shared-indicator')).toBeVisible();
  await workspace.expectViewerCount(sessionId, 0);
  const shareUrl = await owner.page.evaluate(() => navigator.clipboard.readText());

  const first = await actors.signIn('engineer', 'Wanda Watcher');
  await new ViewerPage(first.page).goto(shareUrl);
  await new ViewerPage(first.page).expectLive('Bianca Badge');
  await workspace.expectViewerCount(sessionId, 1);

  const second = await actors.signIn('guest', 'Gus Guest');
  await new ViewerPage(second.page).goto(shareUrl);
  await new ViewerPage(second.page).expectLive('Bianca Badge');
  await workspace.expectViewerCount(sessionId, 2);

  await first.page.close();
  await workspace.expectViewerCount(sessionId, 1);

  await workspace.viewerBadge(sessionId).click();
  const popover = owner.page.getByTestId('viewer-popover');
  await expectOnTop(popover);
  await expect(popover).toContainText('Gus Guest');
  await expect(popover).toContainText('since');
  await expect(popover).not.toContainText('Wanda Watcher');
});
