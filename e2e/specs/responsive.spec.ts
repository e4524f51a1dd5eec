/**
 * Any window size: every page (login, workspace, Manage Shares, audit log, admin, the viewer page
 * of a dead link) at 800×600, 1280×800 and 1920×1080 needs no sideways scrolling, keeps its row
 * actions on screen (Revoke at 800×600), folds the main navigation into a menu button below
 * 1,000 px, names itself in the title, and stays axe-clean (WCAG 2.1 A/AA).
 */
import type { Page } from '@playwright/test';
import { UserApi } from '../helpers/api.js';
import { axeViolations } from '../helpers/axe.js';
import { expectOnTop } from '../helpers/onTop.js';
import { reachableWithoutSidewaysScroll, sidewaysScrollers } from '../helpers/layout.js';
import { expect, test } from '../helpers/test.js';
import { AppShell } from '../pages/AppShell.js';
import { AuditPage } from '../pages/AuditPage.js';
import { LoginPage } from '../pages/LoginPage.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

const sizes = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

/** Layout and axe findings of the page as it is now, named by screen. */
async function problems(page: Page, screen: string): Promise<string[]> {
  const sideways = (await sidewaysScrollers(page)).map((what) => `${screen}: scrolls sideways: ${what}`);
  return [...sideways, ...(await axeViolations(page, screen))];
}

async function expectNavFor(shell: AppShell, width: number): Promise<void> {
  if (width < 1000) {
    await expect(shell.navToggle).toBeVisible();
    await expect(shell.navLinks).toBeHidden();
  } else {
    await expect(shell.navToggle).toBeHidden();
    await expect(shell.navLinks).toBeVisible();
  }
}

for (const size of sizes) {
  test(`every page fits ${size.width}×${size.height} without sideways scrolling`, async ({ actors }) => {
    const admin = await actors.signIn('admin', `Ada Layout ${size.width}`, { context: { viewport: size } });
    const api = new UserApi(admin.context);
    const session = await api.openDemoSession();
    await api.share(session.session_id);
    const dead = await api.share(session.session_id);
    await api.revoke(session.session_id, dead.share_id);
    const shell = new AppShell(admin.page);
    const found: string[] = [];

    const workspace = new WorkspacePage(admin.page);
    await workspace.goto();
    await expect(workspace.tab(session.session_id)).toBeVisible();
    await workspace.terminal(session.session_id).expectToContain('lab-rtr-01#');
    await shell.expectTitle('Workspace');
    await expectNavFor(shell, size.width);
    found.push(...(await problems(admin.page, 'workspace')));

    const shares = new ManageSharesPage(admin.page);
    await shares.goto();
    const row = shares.rowOf(admin.user.name);
    await expect(row).toHaveCount(1);
    await shell.expectTitle('Manage Shares');
    const revoke = row.getByTestId('revoke-share');
    expect(await reachableWithoutSidewaysScroll(revoke), 'Revoke lies within the window, nothing scrolled sideways').toBe(true);
    await expectOnTop(revoke);
    found.push(...(await problems(admin.page, 'manage shares')));

    await new AuditPage(admin.page).goto();
    await expect(new AuditPage(admin.page).rows.first()).toBeVisible();
    await shell.expectTitle('Audit log');
    found.push(...(await problems(admin.page, 'audit log')));

    await admin.page.goto('/admin');
    await expect(admin.page.getByTestId('users-table')).toBeVisible();
    await shell.expectTitle('Admin');
    found.push(...(await problems(admin.page, 'admin')));

    await admin.page.goto('/recordings');
    await shell.expectTitle('Recordings');
    found.push(...(await problems(admin.page, 'recordings')));

    const viewer = new ViewerPage(admin.page);
    await viewer.goto(new URL(dead.share_url).pathname);
    await viewer.expectOverlay('share_revoked');
    found.push(...(await problems(admin.page, 'viewer page of a revoked link')));

    const visitor = await actors.signIn('engineer', `Lou Login ${size.width}`, { loggedIn: false, context: { viewport: size } });
    await new LoginPage(visitor.page).goto();
    await new AppShell(visitor.page).expectTitle('Sign in');
    found.push(...(await problems(visitor.page, 'login')));

    expect(found, found.join('\n')).toEqual([]);
  });
}

test('below 1,000 px the navigation is a menu button: it opens, moves focus, and Escape closes it', async ({ actors }) => {
  const lead = await actors.signIn('noc_lead', 'Nico Narrow', { context: { viewport: { width: 800, height: 600 } } });
  const shell = new AppShell(lead.page);
  await new AuditPage(lead.page).goto();
  await expect(shell.navToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(shell.navToggle).toContainText('Audit log');

  await shell.navToggle.click();
  await expect(shell.navToggle).toHaveAttribute('aria-expanded', 'true');
  await expect(shell.navLinks.getByRole('link').first()).toBeFocused();
  await expectOnTop(shell.navLinks.getByRole('link', { name: 'Manage Shares' }));
  await lead.page.keyboard.press('Escape');
  await expect(shell.navLinks).toBeHidden();
  await expect(shell.navToggle).toBeFocused();

  await lead.page.keyboard.press('Enter');
  await shell.navLinks.getByRole('link', { name: 'Manage Shares' }).click();
  await expect(lead.page.getByTestId('manage-shares')).toBeVisible();
  await expect(shell.navLinks).toBeHidden();
  await expect(shell.navToggle).toHaveAttribute('aria-expanded', 'false');

  const menu = await shell.openUserMenu();
  expect(await reachableWithoutSidewaysScroll(menu)).toBe(true);
});
