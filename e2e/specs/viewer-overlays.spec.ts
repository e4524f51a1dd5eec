/**
 * Issue 3, workflow 2 / DESIGN.md §6: the viewer page explains every way a share can refuse or
 * end, and fits the owner's terminal into whatever window it has.
 */
import { axeViolations } from '../helpers/axe.js';
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

test('max viewers refuses the extra viewer; closing the session ends the others’ view', async ({ actors, shareDemoSession }) => {
  const { owner, workspace, sessionId, shareUrl } = await shareDemoSession('Max Limit', { maxViewers: 1 });

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

test('Fit scales a small owner terminal up to fill a larger window, with nothing cut off', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Narrow Owner', { context: { viewport: { width: 800, height: 600 } } });
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId, terminal } = await workspace.openDemoRouter();
  const shareUrl = await workspace.shareFromTabContextMenu(sessionId);
  await workspace.closeShareDialog();

  const big = await actors.signIn('engineer', 'Big Screen', { context: { viewport: { width: 1600, height: 1000 } } });
  const viewer = new ViewerPage(big.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Narrow Owner');
  await viewer.chooseSizing('fit');
  await terminal.run('show ip bgp summary');
  await viewer.terminal.expectToContain('Idle (Admin)');

  await expect.poll(async () => (await viewer.textMetrics()).fontSize).toBeGreaterThan(14);
  const metrics = await viewer.textMetrics();
  expect(metrics.scrollWidth).toBeLessThanOrEqual(metrics.clientWidth);
  await expect(viewer.sizeNote).toBeHidden();
  // The whole owner-sized screen is inside the stage: nothing is cut off on the right or bottom.
  await expect
    .poll(() =>
      big.page.evaluate(() => {
        const stage = document.querySelector('.viewer-stage')?.getBoundingClientRect();
        const screen = document.querySelector('[data-testid="viewer-terminal"] .xterm-screen')?.getBoundingClientRect();
        return !!stage && !!screen && screen.width > 0 && screen.right <= stage.right + 1 && screen.bottom <= stage.bottom + 1;
      }),
    )
    .toBe(true);
});

test('a dead link names no owner’s session, titles the page, and lets the signed-in user sign out', async ({ actors }) => {
  const visitor = await actors.signIn('engineer', 'Dora Dead');
  const viewer = new ViewerPage(visitor.page);
  await viewer.goto('/shared/ns_share_this-token-is-dead-too');
  await viewer.expectOverlay('unknown_link');
  await expect(viewer.banner).not.toContainText('Viewing');
  await expect(viewer.banner.getByRole('heading', { level: 1 })).toHaveText('Shared session');
  await expect(visitor.page).toHaveTitle('Shared session — NetStacks');
  const signedIn = visitor.page.getByTestId('viewer-signed-in');
  await expect(signedIn).toContainText('Signed in as Dora Dead');
  await expect(signedIn).toContainText(visitor.user.email);
  expect(await axeViolations(visitor.page, 'dead link')).toEqual([]);

  await signedIn.getByRole('button', { name: 'Sign out' }).click();
  await expect(visitor.page).toHaveURL(/\/login\?next=%2Fshared%2Fns_share_this-token-is-dead-too$/);
  const me = await visitor.context.request.get('/api/v1/auth/me');
  expect(me.status()).toBe(401);
});
