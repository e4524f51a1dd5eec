import { expect, type Locator, type Page } from '@playwright/test';

export class ManageSharesPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/shares');
    await expect(this.page.getByTestId('manage-shares')).toBeVisible();
  }

  /** The row of a share, found by its owner's name (each test creates its own owner). */
  rowOf(ownerName: string): Locator {
    return this.page.getByTestId('share-row').filter({ hasText: ownerName });
  }

  async revoke(row: Locator): Promise<void> {
    await row.getByTestId('revoke-share').click();
  }

  async filterBy(state: 'active' | 'expired' | 'revoked' | 'all'): Promise<void> {
    await this.page.getByTestId('share-state-filter').selectOption(state);
  }
}
