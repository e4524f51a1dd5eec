import { expect, type Page } from '@playwright/test';
import type { TestUser } from '../helpers/api.js';

export class LoginPage {
  constructor(readonly page: Page) {}

  async goto(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    await expect(this.form).toBeVisible();
  }

  get form() {
    return this.page.getByTestId('login-form');
  }

  async signIn(user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
    await this.form.getByLabel('Email').fill(user.email);
    await this.form.getByLabel('Password').fill(user.password);
    await this.form.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.form).toBeHidden();
  }
}
