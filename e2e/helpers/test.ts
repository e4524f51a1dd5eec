/**
 * The project-local `test` (STYLE.md lesson 14): every spec imports it instead of @playwright/test.
 * - `admin` (worker): the admin's API client, for creating users over HTTP;
 * - `actors` (test): signs users of any role into their own browser context, and at the end saves
 *   a screenshot of each actor's final screen under e2e/artifacts/ and closes the contexts.
 */
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import type { Role } from '../../protocol/rest.js';
import { AdminApi, baseUrl, logInContext, type TestUser } from './api.js';
import { artifactsDir } from './paths.js';

export interface Actor {
  user: TestUser;
  context: BrowserContext;
  page: Page;
}

export interface SignInOptions {
  /** Set false to test the login UI. */
  loggedIn?: boolean;
  /** E.g. a viewport or a time zone (`timezoneId`) for this actor's browser. */
  context?: BrowserContextOptions;
}

export interface Actors {
  /** A new user of this role, logged in over HTTP. */
  signIn(role: Role, name: string, options?: SignInOptions): Promise<Actor>;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

export const test = base.extend<{ actors: Actors }, { admin: AdminApi }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern, so `{}` it is.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    await use(baseUrl());
  },

  admin: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const admin = await AdminApi.connect();
      await use(admin);
      await admin.dispose();
    },
    { scope: 'worker' },
  ],

  actors: async ({ browser, admin }, use, testInfo) => {
    const actors: Actor[] = [];
    await use({
      async signIn(role, name, { loggedIn = true, context: contextOptions = {} } = {}) {
        const user = await admin.createUser(role, name);
        const context = await browser.newContext({
          baseURL: baseUrl(),
          permissions: ['clipboard-read', 'clipboard-write'],
          ...contextOptions,
        });
        if (loggedIn) await logInContext(context, user);
        const page = await context.newPage();
        page.on('pageerror', (error) => console.log(`[${name}] page error: ${error.message}`));
        actors.push({ user, context, page });
        return { user, context, page };
      },
    });
    // Screenshots first, then close: closing the owner first would put "owner disconnected" on every viewer.
    for (const actor of actors) {
      if (actor.page.isClosed()) continue;
      const file = join(artifactsDir, `${slug(testInfo.title)}--${slug(actor.user.name)}.png`);
      await actor.page.screenshot({ path: file }).catch(() => undefined);
    }
    for (const actor of actors) await actor.context.close();
  },
});

export { expect };
