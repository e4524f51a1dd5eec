import { expect, type Locator, type Page } from '@playwright/test';

export class AuditPage {
  constructor(readonly page: Page) {}

  async goto(filters: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(filters).toString();
    await this.page.goto(query ? `/audit?${query}` : '/audit');
    await expect(this.page.getByTestId('audit-page')).toBeVisible();
  }

  get rows(): Locator {
    return this.page.getByTestId('audit-row');
  }

  rowsOfType(type: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-type="${type}"]`);
  }
}
