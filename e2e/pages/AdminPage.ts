import { expect, type Locator, type Page } from '@playwright/test';

export type UserAction = 'Rename…' | 'Change role…' | 'Reset password…' | 'Sign out everywhere…' | 'Disable account…' | 'Enable account';

/** The Admin page's Users section (DESIGN.md §7, §16). */
export class AdminPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/admin');
    await expect(this.page.getByTestId('users-table')).toBeVisible();
  }

  /** A user's row, found by email (each test creates its own users). */
  row(email: string): Locator {
    return this.page.getByTestId('user-row').filter({ hasText: email });
  }

  /** Opens the row's Manage menu and picks an action; returns the dialog it opens (if any). */
  async act(email: string, action: UserAction): Promise<Locator> {
    await this.row(email).getByTestId('user-actions').click();
    await this.page.getByTestId('user-actions-menu').getByRole('menuitem', { name: action }).click();
    return this.page.getByTestId('user-action-dialog');
  }

  async expectStatus(email: string, status: 'Active' | 'Disabled'): Promise<void> {
    await expect(this.row(email).getByTestId('user-status')).toHaveText(status);
  }
}
