import { expect, type Locator, type Page } from '@playwright/test';

/** The top bar every signed-in page shares: the main navigation and the user menu. */
export class AppShell {
  constructor(readonly page: Page) {}

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  /** The button the navigation collapses into below 1,000 px. */
  get navToggle(): Locator {
    return this.page.getByTestId('nav-toggle');
  }

  get navLinks(): Locator {
    return this.page.getByTestId('nav-links');
  }

  get userMenuButton(): Locator {
    return this.page.getByTestId('user-menu-button');
  }

  async openUserMenu(): Promise<Locator> {
    await this.userMenuButton.click();
    const menu = this.page.getByTestId('user-menu');
    await expect(menu).toBeVisible();
    return menu;
  }

  /** Switches every time in the app between UTC and the browser's local zone. */
  async showTimesIn(zone: 'utc' | 'local'): Promise<void> {
    const menu = await this.openUserMenu();
    await menu.getByTestId(`time-zone-${zone}`).click();
    await expect(menu).toBeHidden();
  }

  async expectTitle(page: string): Promise<void> {
    await expect(this.page).toHaveTitle(`${page} — NetStacks`);
  }
}
