/**
 * Issue 3, workflow 2 / DESIGN.md §6: the viewer page explains every way a share can refuse or
 * end, and fits the owner's terminal into whatever window it has.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('an unknown share link says so', async ({ actors }) => {
  const visitor = await actors.signIn('engineer', 'Una Unknown');
  const viewer = new ViewerPage(visitor.page);
  await viewer.goto('/shared/ns_share_this-token-does-not-exist');
  await viewer.expectOverlay('unknown_link');
  await expect(viewer.overlay).toContainText('Unknown share link');
});

test('max viewers refuses the extra viewer; closing the session ends the others’ view', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Max Limit');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId, { maxViewers: 1 });
  await workspace.closeShareDialog();

  const first = await actors.signIn('engineer', 'Fiona First');
  await new ViewerPage(first.page).goto(shareUrl);
  await new ViewerPage(first.page).expectLive('Max Limit');

  const second = await actors.signIn('engineer', 'Sid Second');
  const refused = new ViewerPage(second.page);
  await refused.goto(shareUrl);
  await refused.expectOverlay('max_viewers');
  await expect(refused.overlay).toContainText('Viewer limit reached');

  await workspace.tab(sessionId).getByTestId('tab-close').click();
  await owner.page.getByTestId('confirm-close-session').click();
  await new ViewerPage(first.page).expectOverlay('session_ended');
  await expect(new ViewerPage(first.page).overlay).toContainText('Session ended');
});

test('the viewer scales the owner’s terminal size to fit a small window', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Wide Owner');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  await workspace.closeShareDialog();

  const small = await actors.signIn('engineer', 'Small Screen');
  await small.page.setViewportSize({ width: 640, height: 420 });
  const viewer = new ViewerPage(small.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Wide Owner');
  await terminal.run('show ip bgp summary');
  await viewer.terminal.expectToContain('Idle (Admin)');

  // The whole owner-sized screen is inside the stage: nothing is cut off on the right or bottom.
  await expect
    .poll(() =>
      small.page.evaluate(() => {
        const stage = document.querySelector('.viewer-stage')?.getBoundingClientRect();
        const screen = document.querySelector('[data-testid="viewer-terminal"] .xterm-screen')?.getBoundingClientRect();
        return !!stage && !!screen && screen.width > 0 && screen.right <= stage.right + 1 && screen.bottom <= stage.bottom + 1;
      }),
    )
    .toBe(true);
});
