/**
 * One time model: every absolute time shows its zone; the user menu switches the whole app
 * between the browser's local zone and UTC, and the choice survives a reload. Absolute times show
 * the relative one on hover and relative ones the absolute, in the same zone.
 */
import { UserApi } from '../helpers/api.js';
import { expect, test } from '../helpers/test.js';
import { AppShell } from '../pages/AppShell.js';
import { AuditPage } from '../pages/AuditPage.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';

// New York is never UTC, so the two choices always read differently.
const localZone = /(EST|EDT|GMT-[45])$/;

test('the UTC / local switch in the user menu changes every time in the app and is remembered', async ({ actors }) => {
  const lead = await actors.signIn('noc_lead', 'Tess Timezone', { context: { timezoneId: 'America/New_York' } });
  const api = new UserApi(lead.context);
  const session = await api.openDemoSession();
  await api.share(session.session_id, { expires_in: '1h' });
  const shell = new AppShell(lead.page);

  const shares = new ManageSharesPage(lead.page);
  await shares.goto();
  const row = shares.rowOf(lead.user.name);
  const created = row.locator('time').last();
  await expect(created).toHaveText(localZone);
  await expect(created).toHaveAttribute('title', /ago|just now/);
  await expect(row.getByTestId('share-remaining')).toHaveAttribute('title', localZone);

  await shell.showTimesIn('utc');
  await expect(created).toHaveText(/\d\d:\d\d:\d\d UTC$/);
  await expect(row.getByTestId('share-remaining')).toHaveAttribute('title', / UTC$/);
  const menu = await shell.openUserMenu();
  await expect(menu.getByTestId('time-zone-utc')).toHaveAttribute('aria-checked', 'true');
  await expect(menu.getByTestId('time-zone-local')).toHaveAttribute('aria-checked', 'false');
  await lead.page.keyboard.press('Escape');
  await expect(shell.userMenuButton).toBeFocused();

  const audit = new AuditPage(lead.page);
  await audit.goto({ session_id: session.session_id });
  const createdEvent = audit.rowsOfType('share.created');
  await expect(createdEvent.locator('time')).toHaveText(/ UTC$/);
  // An expiry on another day than today carries its date ("Dec 8, 2026, 00:56 UTC"): within an hour of midnight UTC, this one does.
  await expect(createdEvent.getByTestId('audit-details')).toHaveText(/^Expires (?:[A-Z][a-z]{2} \d{1,2}, \d{4}, )?\d\d:\d\d UTC \(in (59 min|1 h)\) · no viewer limit$/);
  await expect(audit.filters.getByLabel('From (UTC)')).toBeVisible();

  await lead.page.reload();
  await expect(createdEvent.locator('time')).toHaveText(/ UTC$/);

  await shell.showTimesIn('local');
  await expect(createdEvent.locator('time')).toHaveText(localZone);
  await expect(createdEvent.getByTestId('audit-details')).toContainText(/\d\d:\d\d (EST|EDT|GMT-[45]) \(in/);
  await expect(audit.filters.getByLabel(/^From \((EST|EDT|GMT-[45])\)$/)).toBeVisible();
});
