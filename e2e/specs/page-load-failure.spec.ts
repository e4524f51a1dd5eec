/**
 * When the viewer's code cannot be loaded (a deploy replaced the chunks, the network dropped), the
 * page says so and offers a reload instead of staying blank.
 */
import { expect, test } from '../helpers/test.js';

test('a share link whose page code fails to load shows an error with a reload button', async ({ actors }) => {
  const watcher = await actors.signIn('engineer', 'Lou Load');
  await watcher.page.route('**/assets/ViewerPage-*.js', (route) => route.abort('connectionreset'));
  await watcher.page.goto('/shared/ns_share_not_a_real_token');
  const error = watcher.page.getByTestId('page-error');
  await expect(error).toContainText('This page could not be loaded');
  await watcher.page.unroute('**/assets/ViewerPage-*.js');
  await error.getByRole('button', { name: 'Reload' }).click();
  await expect(watcher.page.getByTestId('viewer-overlay')).toHaveAttribute('data-state', 'unknown_link');
});
