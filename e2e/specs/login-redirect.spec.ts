/**
 * Issue 3, workflow 2: opening a share link while logged out goes through the login page and
 * comes back to the share.
 */
import { expect, test } from '../helpers/test.js';
import { LoginPage } from '../pages/LoginPage.js';
import { ViewerPage } from '../pages/ViewerPage.js';

test('a logged-out share link goes to login and back to the share', async ({ actors, shareDemoSession }) => {
  const { shareUrl } = await shareDemoSession('Lena Link');

  const visitor = await actors.signIn('engineer', 'Otto Outside', { loggedIn: false });
  await visitor.page.goto(shareUrl);
  await expect(visitor.page).toHaveURL(/\/login\?next=%2Fshared%2Fns_share_/);
  await expect(visitor.page.getByText('Sign in to watch the shared session.')).toBeVisible();
  await new LoginPage(visitor.page).signIn(visitor.user);

  await expect(visitor.page).toHaveURL(shareUrl);
  await new ViewerPage(visitor.page).expectLive('Lena Link');
});
