/**
 * DESIGN.md §7 and §9: an admin creates accounts (the seed's external guests included) and sees
 * no instances section in single-instance mode.
 */
import { expect, test } from '../helpers/test.js';

test('an admin creates a guest account; single-instance mode shows no instances section', async ({ actors }) => {
  const admin = await actors.signIn('admin', 'Ada Admin');
  const instancesAnswered = admin.page.waitForResponse((response) => response.url().endsWith('/api/v1/admin/instances'));
  await admin.page.goto('/admin');
  await expect(admin.page.getByRole('heading', { name: 'Admin' })).toBeVisible();

  const form = admin.page.getByTestId('create-user-form');
  const email = `guest.${Date.now()}@partner.example.com`;
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name').fill('Paul Partner');
  await form.getByLabel('Initial password').fill('partner-pass-123');
  await form.getByLabel('Role').selectOption('guest');
  await form.getByRole('button', { name: 'Create user' }).click();

  await expect(admin.page.getByTestId('toast')).toContainText(`Created guest ${email}`);
  await expect(admin.page.getByTestId('user-row').filter({ hasText: email })).toContainText('Guest');
  await expect(admin.page.getByTestId('users-table')).toBeVisible();
  expect(await (await instancesAnswered).json()).toMatchObject({ mode: 'single' });
  await expect(admin.page.getByTestId('instances-section')).toHaveCount(0);
});
