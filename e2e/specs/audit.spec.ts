/**
 * Issue 3, workflow 3 / DESIGN.md §8: the audit log shows a share's creation, the viewer's join
 * and leave (with how long they watched), and offers CSV and NDJSON exports of the same filter.
 */
import { expect, test } from '../helpers/test.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

test('the audit page lists a share’s events and exports them', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Alma Audited');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId } = await workspace.openDemoRouter();
  await workspace.shareFromTabContextMenu(sessionId);
  const shareUrl = await owner.page.getByTestId('share-url').inputValue();
  await workspace.closeShareDialog();

  const watcher = await actors.signIn('engineer', 'Wes Watcher');
  await new ViewerPage(watcher.page).goto(shareUrl);
  await new ViewerPage(watcher.page).expectLive('Alma Audited');
  await watcher.page.goto('about:blank');
  await workspace.expectViewerCount(sessionId, 0);

  const lead = await actors.signIn('noc_lead', 'Audrey Auditor');
  const audit = new AuditPage(lead.page);
  await audit.goto({ session_id: sessionId });
  await expect(audit.rowsOfType('share.created')).toHaveCount(1);
  await expect(audit.rowsOfType('viewer.joined')).toHaveCount(1);
  await expect(audit.rowsOfType('viewer.joined')).toContainText(watcher.user.email);
  await expect(audit.rowsOfType('viewer.left')).toContainText('Watched');

  const csv = lead.page.getByTestId('export-csv');
  await expect(csv).toHaveAttribute('href', `/api/v1/audit/export?session_id=${sessionId}&format=csv`);
  const download = await lead.context.request.get(`/api/v1/audit/export?session_id=${sessionId}&format=ndjson`);
  expect(download.ok()).toBe(true);
  expect((await download.text()).trim().split('\n').length).toBeGreaterThanOrEqual(3);
});
