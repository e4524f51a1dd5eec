/**
 * DESIGN.md §8, a readable audit log: actors by email or name (id on hover, a copy button),
 * details as sentences, the client as browser and OS; clicking a user, share, session or event
 * type filters by it, and the filters live in the address bar so a filtered view is a link.
 */
import { UserApi } from '../helpers/api.js';
import { expect, test } from '../helpers/test.js';
import { AuditPage } from '../pages/AuditPage.js';

test('clicking a share, an event type, a session or a user in the audit log filters by it', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Cleo Clicker');
  const api = new UserApi(owner.context);
  const first = await api.openDemoSession();
  const second = await api.openDemoSession();
  const shareA = await api.share(first.session_id, { max_viewers: 3 });
  await api.share(first.session_id);
  await api.share(second.session_id);

  const lead = await actors.signIn('noc_lead', 'Lena Lookup');
  const audit = new AuditPage(lead.page);
  await audit.goto({ user_id: owner.user.user_id });
  await expect(audit.rowsOfType('share.created')).toHaveCount(3);

  const rowA = audit.rows.filter({ has: lead.page.locator(`a[title="${shareA.share_id}"]`) }).first();
  await expect(rowA.getByTestId('audit-details')).toHaveText(/^Expires .+ \(in (59 min|1 h)\) · up to 3 viewers$/);
  await audit.filterLink(rowA, 'share').click();
  await audit.expectFilters({ user_id: owner.user.user_id, share_id: shareA.share_id });
  await expect(audit.rows).toHaveCount(1);
  await expect(audit.filters.getByLabel('Share')).toHaveValue(shareA.share_id);

  await audit.filterLink(audit.rows.first(), 'event type').click();
  await audit.expectFilters({ user_id: owner.user.user_id, share_id: shareA.share_id, type: 'share.created' });
  await expect(audit.filters.getByTestId('audit-type')).toHaveValue('share.created');

  await audit.goto({ type: 'session.opened', user_id: owner.user.user_id });
  await expect(audit.rows).toHaveCount(2);
  const opened = audit.rows.first();
  await expect(opened.getByTestId('audit-details')).toContainText(/^Opened /);
  await expect(opened.getByTestId('audit-client')).toHaveAttribute('title', /Mozilla/);
  await expect(opened.getByTestId('audit-client')).toHaveText(/ on Linux$/);
  await audit.filterLink(opened, 'session').click();
  await expect(audit.rows).toHaveCount(1);
  expect(audit.currentFilters().session_id).toMatch(/^sess_/);

  // The filtered view is a link: opened elsewhere, it shows the same events with the same filters.
  const copy = await lead.context.newPage();
  await copy.goto(lead.page.url());
  await expect(new AuditPage(copy).rows).toHaveCount(1);
  await expect(new AuditPage(copy).filters.getByLabel('Session')).toHaveValue(audit.currentFilters().session_id ?? '');
  await copy.close();
});

test('the user filter picks people by email, actors link to their events and copy their id', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Uma Userfilter');
  const session = await new UserApi(owner.context).openDemoSession();
  const lead = await actors.signIn('noc_lead', 'Leo Lead');
  const audit = new AuditPage(lead.page);
  await audit.goto({ session_id: session.session_id });

  const row = audit.rowsOfType('session.opened');
  const actor = audit.filterLink(row, 'user');
  await expect(actor).toHaveText(new RegExp(`${owner.user.email}$`));
  await expect(actor).toHaveAttribute('title', owner.user.user_id);
  await row.getByRole('button', { name: `Copy user id ${owner.user.user_id}` }).click();
  await expect(lead.page.getByTestId('toast').filter({ hasText: owner.user.user_id })).toBeVisible();
  expect(await lead.page.evaluate(() => navigator.clipboard.readText())).toBe(owner.user.user_id);

  await actor.click();
  await audit.expectFilters({ session_id: session.session_id, user_id: owner.user.user_id });
  await expect(audit.filters.getByTestId('audit-user')).toHaveValue(owner.user.user_id);

  // A NOC lead may not list users: the picker offers the people seen in the loaded events, by email.
  await audit.filters.getByRole('button', { name: 'Reset' }).click();
  await audit.expectFilters({});
  await audit.filters.getByTestId('audit-user').selectOption({ label: owner.user.email });
  await audit.filters.getByRole('button', { name: 'Apply' }).click();
  await audit.expectFilters({ user_id: owner.user.user_id });
  await expect(audit.rows.first()).toBeVisible();
  for (const text of await audit.rows.allTextContents()) expect(text).toContain(owner.user.email);

  // An admin may list users: names show, with the email under them, in the table and the picker.
  const admin = await actors.signIn('admin', 'Adele Admin');
  const adminAudit = new AuditPage(admin.page);
  await adminAudit.goto({ session_id: session.session_id });
  await expect(adminAudit.filterLink(adminAudit.rowsOfType('session.opened'), 'user')).toHaveText(/Uma Userfilter$/);
  await expect(adminAudit.rowsOfType('session.opened')).toContainText(owner.user.email);
  await adminAudit.filters.getByTestId('audit-user').selectOption({ label: `Uma Userfilter (${owner.user.email})` });
});
