/**
 * DESIGN.md §13 / issue 12 item 6: the owner knows who is watching as it happens: a toast when a
 * viewer joins or leaves (from the owner socket's viewer_joined / viewer_left frames), and a badge
 * that reads n/max when the share caps its viewers.
 */
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('the owner gets a toast when a viewer joins and when they leave; the badge reads n/max', async ({ actors, shareDemoSession }) => {
  const { owner, workspace, sessionId, shareUrl } = await shareDemoSession('Tobi Toast', { maxViewers: 5 });
  const badge = workspace.viewerBadge(sessionId);
  await expect(badge.getByTestId('viewer-badge-count')).toHaveText('0');
  await expect(badge.getByTestId('viewer-badge-max')).toHaveText('/5');

  const watcher = await actors.signIn('engineer', 'Jana Joiner');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Tobi Toast');
  const toasts = owner.page.getByTestId('toast');
  await expect(toasts.filter({ hasText: /^Jana Joiner joined lab-rtr-01/ })).toBeVisible();
  await expect(badge.getByTestId('viewer-badge-count')).toHaveText('1');
  // The tab badge is a pointer shortcut (aria-hidden in the tab strip); its label names the cap.
  await expect(badge).toHaveAttribute('aria-label', '1 of at most 5 viewers watching, show who');

  await watcher.page.close();
  await expect(toasts.filter({ hasText: /^Jana Joiner left lab-rtr-01/ })).toBeVisible();
  await expect(badge.getByTestId('viewer-badge-count')).toHaveText('0');
});

test('a tab with no active share shows no viewer badge', async ({ actors, shareDemoSession }) => {
  const { workspace, sessionId } = await shareDemoSession('Nora Nobadge');
  await expect(workspace.viewerBadge(sessionId)).toBeVisible();
  const lead = await actors.signIn('noc_lead', 'Lars Lead');
  await lead.page.goto('/shares');
  await lead.page.getByTestId('share-row').filter({ hasText: 'Nora Nobadge' }).getByTestId('revoke-share').click();
  await expect(workspace.tab(sessionId)).toHaveAttribute('data-shared', 'false');
  await expect(workspace.viewerBadge(sessionId)).toHaveCount(0);
});
