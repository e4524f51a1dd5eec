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

  get filters(): Locator {
    return this.page.getByTestId('audit-filters');
  }

  /** A value in a row that filters the log by it: kind is "share", "session", "user" or "event type". */
  filterLink(row: Locator, kind: 'share' | 'session' | 'user' | 'event type'): Locator {
    return row.getByRole('link', { name: new RegExp(`^Filter by ${kind}: `) });
  }

  /** The filters in the address bar, as the page applied them. */
  currentFilters(): Record<string, string> {
    return Object.fromEntries(new URL(this.page.url()).searchParams);
  }

  async expectFilters(expected: Record<string, string>): Promise<void> {
    await expect.poll(() => this.currentFilters()).toEqual(expected);
  }
}
