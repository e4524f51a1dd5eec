/**
 * The project-local `test` (STYLE.md lesson 14): every spec imports it instead of @playwright/test.
 * - `admin` (worker): the admin's API client, for creating users over HTTP;
 * - `actors` (test): signs users of any role into their own browser context, and at the end saves
 *   a screenshot of each actor's final screen under e2e/artifacts/ and closes the contexts;
 * - `shareDemoSession` (test): the preamble of most workflows — an owner signs in, opens the demo
 *   router in the workspace and shares it from the tab's context menu.
 */
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import type { Role } from '../../protocol/rest.js';
import type { Terminal } from '../pages/Terminal.js';
import { type ShareOptions, WorkspacePage } from '../pages/WorkspacePage.js';
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

export interface SharedDemoSession {
  owner: Actor;
  workspace: WorkspacePage;
  sessionId: string;
  /** The owner's terminal in the workspace. */
  terminal: Terminal;
  shareUrl: string;
}

export interface ShareDemoOptions extends ShareOptions {
  /** The owner's role; an engineer by default. */
  role?: Role;
  /** Leave the share dialog open; by default it is closed again once the link is shown. */
  keepDialogOpen?: boolean;
  /** The owner's browser, e.g. a viewport, as for `actors.signIn`. */
  context?: BrowserContextOptions;
}

/** Signs `ownerName` in, opens the demo router and shares it through the UI (DESIGN.md §4–§5). */
export type ShareDemoSession = (ownerName: string, options?: ShareDemoOptions) => Promise<SharedDemoSession>;

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

export const test = base.extend<{ actors: Actors; shareDemoSession: ShareDemoSession }, { admin: AdminApi }>({
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

  shareDemoSession: async ({ actors }, use) => {
    await use(async (ownerName, { role = 'engineer', keepDialogOpen = false, context, ...share } = {}) => {
      const owner = await actors.signIn(role, ownerName, context ? { context } : {});
      const workspace = new WorkspacePage(owner.page);
      await workspace.goto();
      const { sessionId, terminal } = await workspace.openDemoRouter();
      const shareUrl = await workspace.shareFromTabContextMenu(sessionId, share);
      if (!keepDialogOpen) await workspace.closeShareDialog();
      return { owner, workspace, sessionId, terminal, shareUrl };
    });
  },
});

export { expect };
