/**
 * DESIGN.md §16 / issue 9 item 3: an admin manages accounts from the Admin page (rename, role,
 * password, sign out everywhere, disable / enable), and a user changes their own password or signs
 * out everywhere from the user menu. An ended login closes that user's open sockets.
 */
import type { APIRequestContext } from '@playwright/test';
import { axeViolations } from '../helpers/axe.js';
import { baseUrl, logInContext } from '../helpers/api.js';
import { expect, test } from '../helpers/test.js';
import { AdminPage } from '../pages/AdminPage.js';
import { AppShell } from '../pages/AppShell.js';
import { ViewerPage } from '../pages/ViewerPage.js';

async function loginStatus(request: APIRequestContext, email: string, password: string): Promise<number> {
  const response = await request.post(`${baseUrl()}/api/v1/auth/login`, { data: { email, password } });
  return response.status();
}

const meStatus = async (request: APIRequestContext) => (await request.get(`${baseUrl()}/api/v1/auth/me`)).status();

test('an admin disables a user who is watching a share: their viewer page says they were signed out, and they cannot sign in until enabled', async ({
  actors,
  shareDemoSession,
  request,
}) => {
  const { shareUrl } = await shareDemoSession('Olga Owner');
  const watcher = await actors.signIn('engineer', 'Dora Disabled');
  const viewer = new ViewerPage(watcher.page);
  await viewer.goto(shareUrl);
  await viewer.expectLive('Olga Owner');

  const admin = await actors.signIn('admin', 'Ada Accounts');
  const adminPage = new AdminPage(admin.page);
  await adminPage.goto();
  await adminPage.expectStatus(watcher.user.email, 'Active');
  const dialog = await adminPage.act(watcher.user.email, 'Disable account…');
  await expect(dialog).toContainText('cannot sign in until an admin enables the account again');
  // A confirmation starts on Cancel, so a stray Enter disables nobody.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Disable account' }).click();
  await expect(dialog).toBeHidden();
  await adminPage.expectStatus(watcher.user.email, 'Disabled');
  await expect(admin.page.getByTestId('toast').filter({ hasText: `Disabled ${watcher.user.email}` })).toBeVisible();

  // DESIGN.md §16: the viewer socket closes within 5 s, and the page says why.
  await expect(viewer.overlay).toContainText(/signed out/i, { timeout: 10_000 });
  expect(await loginStatus(request, watcher.user.email, watcher.user.password)).toBe(401);

  await adminPage.act(watcher.user.email, 'Enable account');
  await adminPage.expectStatus(watcher.user.email, 'Active');
  expect(await loginStatus(request, watcher.user.email, watcher.user.password)).toBe(200);
});

test('an admin renames, changes a role, resets a password (a short one is explained inline) and signs a user out everywhere', async ({
  actors,
  request,
}) => {
  const admin = await actors.signIn('admin', 'Ada Manager');
  const person = await actors.signIn('engineer', 'Rene Rename');
  const adminPage = new AdminPage(admin.page);
  await adminPage.goto();
  const { email } = person.user;
  const found: string[] = [];

  // One's own account: no role change and no disabling, which the server refuses too.
  await adminPage.row(admin.user.email).getByTestId('user-actions').click();
  const ownMenu = admin.page.getByTestId('user-actions-menu');
  await expect(ownMenu.getByRole('menuitem', { name: 'Rename…' })).toBeVisible();
  await expect(ownMenu.getByRole('menuitem', { name: /Disable|Change role/ })).toHaveCount(0);
  found.push(...(await axeViolations(admin.page, 'admin: a user’s Manage menu')));
  await admin.page.keyboard.press('Escape');

  let dialog = await adminPage.act(email, 'Rename…');
  await dialog.getByLabel('Name').fill('Renée Renamed');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(adminPage.row(email)).toContainText('Renée Renamed');

  dialog = await adminPage.act(email, 'Change role…');
  await expect(dialog).toContainText('signs Renée Renamed out everywhere');
  await dialog.getByLabel('Role').selectOption('noc_lead');
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await expect(adminPage.row(email)).toContainText('NOC lead');
  // A role change ends the account's logins (they sign in again with the new role).
  expect(await meStatus(person.context.request)).toBe(401);

  dialog = await adminPage.act(email, 'Reset password…');
  await dialog.getByLabel('New password').fill('short');
  await dialog.getByRole('button', { name: 'Set password' }).click();
  await expect(dialog.getByTestId('field-error')).toHaveText('At least 8 characters.');
  await expect(dialog.getByLabel('New password')).toBeFocused();
  found.push(...(await axeViolations(admin.page, 'admin: reset password dialog with an error')));
  await dialog.getByLabel('New password').fill('a-brand-new-password');
  await dialog.getByRole('button', { name: 'Set password' }).click();
  await expect(dialog).toBeHidden();
  await expect(admin.page.getByTestId('toast').filter({ hasText: `New password set for ${email}` })).toBeVisible();
  expect(await loginStatus(request, email, person.user.password)).toBe(401);
  expect(await loginStatus(request, email, 'a-brand-new-password')).toBe(200);

  // `request` is now signed in as the person; sign out everywhere ends that login too.
  expect(await meStatus(request)).toBe(200);
  dialog = await adminPage.act(email, 'Sign out everywhere…');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(admin.page.getByTestId('toast').filter({ hasText: `Signed ${email} out everywhere` })).toBeVisible();
  expect(await meStatus(request)).toBe(401);
  expect(found, found.join('\n')).toEqual([]);
});

test('a user changes their own password from the user menu: a wrong current password is explained, then they sign in again', async ({ actors, request }) => {
  const user = await actors.signIn('engineer', 'Pia Password');
  await user.page.goto('/');
  const shell = new AppShell(user.page);
  const menu = await shell.openUserMenu();
  await menu.getByRole('menuitem', { name: 'Change my password…' }).click();
  const dialog = user.page.getByTestId('account-dialog');
  await expect(dialog.getByLabel('Current password')).toBeFocused();

  await dialog.getByLabel('Current password').fill('not-my-password');
  await dialog.getByLabel('New password', { exact: true }).fill('pia-new-password');
  await dialog.getByLabel('New password again').fill('pia-new-passwort');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByTestId('field-error')).toHaveText('The two new passwords differ.');
  await dialog.getByLabel('New password again').fill('pia-new-password');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByTestId('field-error')).toHaveText('That is not your current password.');
  expect(await axeViolations(user.page, 'change my password, wrong current password')).toEqual([]);

  await dialog.getByLabel('Current password').fill(user.user.password);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(user.page).toHaveURL(/\/login/);
  expect(await loginStatus(request, user.user.email, 'pia-new-password')).toBe(200);
});

test('“Sign out everywhere” in the user menu ends the login in every browser', async ({ actors, browser }) => {
  const user = await actors.signIn('engineer', 'Sven Everywhere');
  const elsewhere = await browser.newContext({ baseURL: baseUrl() });
  await logInContext(elsewhere, user.user);
  expect(await meStatus(elsewhere.request)).toBe(200);

  await user.page.goto('/');
  const menu = await new AppShell(user.page).openUserMenu();
  await menu.getByRole('menuitem', { name: 'Sign out everywhere…' }).click();
  const dialog = user.page.getByTestId('account-dialog');
  await expect(dialog).toContainText('this one too');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(user.page).toHaveURL(/\/login/);
  expect(await meStatus(elsewhere.request)).toBe(401);
  await elsewhere.close();
});
