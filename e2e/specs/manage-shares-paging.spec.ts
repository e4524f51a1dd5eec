/**
 * Issue 9 item 6: Manage Shares pages through every share with the server's cursor and says how
 * many there are, so no share can be pushed out of sight. The page size is cut to 2 on the wire
 * (the server honours any `limit`), so three shares make two pages.
 */
import { UserApi } from '../helpers/api.js';
import { expect, test } from '../helpers/test.js';
import { ManageSharesPage } from '../pages/ManageSharesPage.js';

test('Manage Shares shows the total and loads the next page with the cursor', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Petra Pager');
  const api = new UserApi(owner.context);
  const session = await api.openDemoSession();
  for (let i = 0; i < 3; i += 1) await api.share(session.session_id, { expires_in: '1h' });
  await owner.page.route(/\/api\/v1\/shares\?/, (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', '2');
    return route.continue({ url: url.toString() });
  });

  const shares = new ManageSharesPage(owner.page);
  await shares.goto();
  await expect(owner.page.getByTestId('share-row')).toHaveCount(2);
  await expect(shares.total).toHaveText('Showing 2 of 3 shares');
  await shares.loadMore.click();
  await expect(owner.page.getByTestId('share-row')).toHaveCount(3);
  await expect(shares.total).toHaveText('3 shares');
  await expect(shares.loadMore).toHaveCount(0);
  // Polling walks the loaded pages again: all three stay.
  await owner.page.waitForResponse((response) => response.url().includes('/api/v1/shares?') && response.url().includes('cursor='));
  await expect(owner.page.getByTestId('share-row')).toHaveCount(3);
});
