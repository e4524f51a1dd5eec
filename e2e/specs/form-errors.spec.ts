/**
 * Forms that speak human: problems show inline under their field in the product's words (no
 * browser bubbles, no raw API messages), focus goes to the first field to fix, the Share dialog
 * opens on its expiry choice, and the "link copied" toast shows above the dialog.
 */
import type { Locator } from '@playwright/test';
import { expectOnTop } from '../helpers/onTop.js';
import { expect, test } from '../helpers/test.js';
import { AppShell } from '../pages/AppShell.js';
import { LoginPage } from '../pages/LoginPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

/** The message under a labelled control: what its aria-describedby points at. */
async function messageOf(control: Locator): Promise<Locator> {
  const id = await control.getAttribute('aria-describedby');
  return control.page().locator(`[id="${id}"]`);
}

test('create user: a short password, a bad email and a taken email are explained under their fields', async ({ actors }) => {
  const admin = await actors.signIn('admin', 'Fern Forms');
  await admin.page.goto('/admin');
  const form = admin.page.getByTestId('create-user-form');
  const email = form.getByLabel('Email');
  const password = form.getByLabel('Initial password');

  await email.fill('not-an-email');
  await form.getByLabel('Name').fill('Pat Short');
  await password.fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(await messageOf(email)).toHaveText('Enter an email address, like name@example.com.');
  await expect(await messageOf(password)).toHaveText('At least 8 characters.');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
  expect(await password.evaluate((input: HTMLInputElement) => input.validationMessage)).toBe('');

  await email.fill(admin.user.email);
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await password.fill('long-enough-123');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(await messageOf(email)).toHaveText('There is already a user with this email.');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toHaveCount(0);
});

test('share dialog: focus starts on the expiry choice, custom limits read in hours, the toast shows above', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Sid Sharer');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const { sessionId } = await workspace.openDemoRouter();
  const menu = await workspace.openTabContextMenu(sessionId);
  await menu.getByRole('menuitem', { name: 'Share Session…' }).click();
  const dialog = owner.page.getByTestId('share-dialog');
  await expect(dialog.getByLabel('1 hour', { exact: true })).toBeFocused();

  await dialog.getByLabel('Custom', { exact: true }).check();
  const custom = dialog.getByTestId('share-custom-expiry');
  await expect(await messageOf(custom)).toHaveText('From 1 minute up to 24 hours, e.g. 2h or 1h30m.');
  await custom.fill('25h');
  await custom.press('Tab');
  await expect(await messageOf(custom)).toHaveText('At most 24 hours.');
  await expect(custom).toHaveAttribute('aria-invalid', 'true');

  await custom.fill('30s');
  await dialog.getByTestId('create-share-link').click();
  await expect(await messageOf(custom)).toHaveText('At least 1 minute.');
  await expect(custom).toBeFocused();

  await custom.fill('2h');
  await expect(await messageOf(custom)).toHaveText('Expires after 2 hours.');
  await dialog.getByTestId('create-share-link').click();
  await expect(dialog.getByTestId('share-url')).toHaveValue(/\/shared\/ns_share_/);
  await expectOnTop(owner.page.getByTestId('toast').filter({ hasText: 'copied' }));
  await expect(dialog.getByTestId('share-result')).toContainText(/Expires .+ \(in (1 h 59 min|2 h)\)/);
});

test('sign in: empty fields are named inline; pages are titled after themselves', async ({ actors }) => {
  const visitor = await actors.signIn('engineer', 'Lia Login', { loggedIn: false });
  const login = new LoginPage(visitor.page);
  await login.goto();
  await new AppShell(visitor.page).expectTitle('Sign in');
  await login.form.getByRole('button', { name: 'Sign in' }).click();
  await expect(await messageOf(login.form.getByLabel('Email'))).toHaveText('Enter the email you sign in with.');
  await expect(await messageOf(login.form.getByLabel('Password'))).toHaveText('Enter your password.');
  await expect(login.form.getByLabel('Email')).toBeFocused();

  await login.signIn(visitor.user);
  await new AppShell(visitor.page).expectTitle('Workspace');
  await visitor.page.getByRole('link', { name: 'Manage Shares' }).click();
  await new AppShell(visitor.page).expectTitle('Manage Shares');
});
