/**
 * Issue 12 (viewer side, DESIGN.md §13) and issue 9 item 3 (§16): what a viewer sees when the
 * owner pauses sharing (by hand or at a password prompt), removes them, extends the share, and
 * when their own login ends while they watch.
 */
import type { BrowserContext } from '@playwright/test';
import { baseUrl } from '../helpers/api.js';
import { axeViolations } from '../helpers/axe.js';
import { expect, test } from '../helpers/test.js';
import { ViewerPage } from '../pages/ViewerPage.js';

/** A REST call as the browser context's user, with the product's Origin (cookie-authenticated writes need it). */
async function call(context: BrowserContext, method: 'POST' | 'PATCH' | 'DELETE', path: string, data?: unknown): Promise<unknown> {
  const response = await context.request.fetch(`${baseUrl()}${path}`, { method, data, headers: { origin: new URL(baseUrl()).origin } });
  if (!response.ok()) throw new Error(`${method} ${path} failed: ${response.status()} ${await response.text()}`);
  return response.json();
}

interface SessionShares {
  shares: Array<{ share_id: string; state: string; viewers: Array<{ email: string; connection_id?: string }> }>;
}

/** The active share of the session and the connection id of `email` watching it. */
async function shareAndConnection(context: BrowserContext, sessionId: string, email: string): Promise<{ shareId: string; connectionId: string }> {
  let found: { shareId: string; connectionId: string } | null = null;
  await expect
    .poll(async () => {
      const response = await context.request.get(`${baseUrl()}/api/v1/sessions/${sessionId}/shares`);
      const { shares } = (await response.json()) as SessionShares;
      const share = shares.find((candidate) => candidate.state === 'active');
      const viewer = share?.viewers.find((candidate) => candidate.email === email);
      found = share && viewer?.connection_id ? { shareId: share.share_id, connectionId: viewer.connection_id } : null;
      return found !== null;
    })
    .toBe(true);
  return found!;
}

test('pausing sharing keeps the last frame under a "Sharing paused by" overlay and shows nothing until resumed', async ({ shareDemoSession, actors }) => {
  const { owner, sessionId, terminal, shareUrl } = await shareDemoSession('Paula Pause');
  const watcher = await actors.signIn('engineer', 'Vera Veil');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Paula Pause');
  await terminal.run('show clock');
  await viewer.terminal.expectToContain('show clock');

  await call(owner.context, 'POST', `/api/v1/sessions/${sessionId}/pause`);
  await viewer.expectOverlay('sharing_paused');
  await expect(viewer.overlay.getByRole('status')).toContainText(`Sharing paused by ${owner.user.email}`);
  // The last frame stays on screen behind the overlay.
  await viewer.terminal.expectToContain('show clock');
  await terminal.run('show version');
  await terminal.expectToContain('Cisco IOS');
  await viewer.terminal.expectNotToContain('show version');
  expect(await axeViolations(watcher.page, 'paused viewer')).toEqual([]);

  await call(owner.context, 'POST', `/api/v1/sessions/${sessionId}/resume`);
  await viewer.expectLive('Paula Pause');
  await terminal.run('show ip interface brief');
  await viewer.terminal.expectToContain('show ip interface brief');
  await viewer.terminal.expectNotToContain('show version');
});

test('a viewer who joins while sharing is paused sees the paused overlay at once', async ({ shareDemoSession, actors }) => {
  const { owner, sessionId, shareUrl } = await shareDemoSession('Jo Paused');
  await call(owner.context, 'POST', `/api/v1/sessions/${sessionId}/pause`);
  const late = await actors.signIn('engineer', 'Lu Late');
  const viewer = new ViewerPage(late.page);
  await viewer.goto(shareUrl);
  await viewer.expectOverlay('sharing_paused');
  await expect(viewer.overlay.getByRole('status')).toContainText(`Sharing paused by ${owner.user.email}`);
});

test('a password prompt pauses sharing by itself; the viewer never sees what the owner types', async ({ shareDemoSession, actors }) => {
  const { terminal, shareUrl } = await shareDemoSession('Pat Prompt');
  const watcher = await actors.signIn('engineer', 'Wyn Watcher');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Pat Prompt');

  await terminal.run('disable');
  await terminal.run('enable');
  await terminal.expectToContain('Password:');
  await viewer.expectOverlay('sharing_paused');
  await expect(viewer.overlay.getByRole('status')).toContainText('Sharing paused by Pat Prompt');
  await expect(viewer.overlay).toContainText('asking for a password or secret');
  await terminal.type('hunter2-secret');
  await terminal.host.page().keyboard.press('Enter');
  await viewer.expectLive('Pat Prompt');
  await terminal.run('show clock');
  await viewer.terminal.expectToContain('show clock');
  await viewer.terminal.expectNotToContain('hunter2');
});

test('a removed viewer is told who removed them and that they cannot rejoin, and the page does not reconnect', async ({ shareDemoSession, actors }) => {
  const { owner, sessionId, shareUrl } = await shareDemoSession('Rhea Remover');
  const watcher = await actors.signIn('engineer', 'Otto Ousted');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Rhea Remover');
  let sockets = 0;
  watcher.page.on('websocket', () => (sockets += 1));

  const { shareId, connectionId } = await shareAndConnection(owner.context, sessionId, watcher.user.email);
  await call(owner.context, 'DELETE', `/api/v1/sessions/${sessionId}/shares/${shareId}/viewers/${connectionId}?bar=true`);
  await viewer.expectOverlay('viewer_removed');
  const alert = viewer.overlay.getByRole('alert');
  await expect(alert).toContainText(`${owner.user.email} removed you from this share`);
  await expect(alert).toContainText('You cannot rejoin this share');
  await expect(viewer.banner).not.toContainText('Viewing');
  expect(sockets).toBe(0);
});

test('extending the share moves the viewer’s countdown and says so', async ({ shareDemoSession, actors }) => {
  const { owner, sessionId, shareUrl } = await shareDemoSession('Ezra Extend', { expiry: '30 minutes' });
  const watcher = await actors.signIn('engineer', 'Tess Time');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Ezra Extend');
  await expect(watcher.page.getByTestId('viewer-time-left')).toContainText(/^\s*(29|30)m/);

  const { shareId } = await shareAndConnection(owner.context, sessionId, watcher.user.email);
  await call(owner.context, 'PATCH', `/api/v1/sessions/${sessionId}/shares/${shareId}`, { expires_in: '4h' });
  await expect(watcher.page.getByTestId('viewer-notice')).toHaveAttribute('data-kind', 'share_extended');
  await expect(watcher.page.getByTestId('viewer-notice')).toContainText('This share was extended: it now ends at');
  await expect(watcher.page.getByTestId('viewer-time-left')).toContainText(/^\s*(3h 59m|4h)/);
});

test('a viewer whose account is disabled while watching is told they were signed out, with a way back', async ({ shareDemoSession, actors, admin }) => {
  const { shareUrl } = await shareDemoSession('Sia Sharer');
  const watcher = await actors.signIn('engineer', 'Dan Disabled');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Sia Sharer');

  const disabled = await admin.request.patch(`/api/v1/users/${watcher.user.user_id}`, { data: { disabled: true } });
  expect(disabled.ok()).toBe(true);
  await viewer.expectOverlay('signed_out');
  await expect(viewer.overlay.getByRole('alert')).toContainText('You were signed out');
  const path = new URL(shareUrl).pathname;
  await expect(viewer.overlay.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', `/login?next=${encodeURIComponent(path)}`);
  // Not sent to the login page by itself: the viewer reads why first.
  await expect(watcher.page).toHaveURL(shareUrl);
});
