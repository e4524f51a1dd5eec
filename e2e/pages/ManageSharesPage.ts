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

  get total(): Locator {
    return this.page.getByTestId('shares-total');
  }

  get loadMore(): Locator {
    return this.page.getByTestId('shares-load-more');
  }

  /** Opens a row's list of viewers (each person once, with Remove). */
  async openViewers(row: Locator): Promise<Locator> {
    await row.getByTestId('share-viewers').click();
    const popover = this.page.getByTestId('viewer-popover');
    await expect(popover).toBeVisible();
    return popover;
  }

  /** Extend → +30 min / +1 hour on a row. */
  async extend(row: Locator, by: '+30 min' | '+1 hour'): Promise<void> {
    await row.getByTestId('extend-share').click();
    await this.page.getByTestId('extend-menu').getByRole('menuitem', { name: by }).click();
  }

  async filterBy(state: 'active' | 'expired' | 'revoked' | 'all'): Promise<void> {
    await this.page.getByTestId('share-state-filter').selectOption(state);
  }
}
