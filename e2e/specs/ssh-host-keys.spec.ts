/**
 * Trust on first use for ad-hoc SSH hosts, against a real OpenSSH sshd: the owner connects with a
 * private key and is told which host key was trusted; after the device is re-keyed the session is
 * refused and says why; an admin forgets the old key on the Admin page; the next session trusts
 * the new one.
 */
import { type SshdServer, startSshd } from '../../bff/testing/services.js';
import { expect, test } from '../helpers/test.js';
import { WorkspacePage } from '../pages/WorkspacePage.js';

let sshd: SshdServer;
test.beforeAll(async () => {
  sshd = await startSshd();
});
test.afterAll(async () => {
  await sshd?.close();
});

test('pins a host key on first use, refuses a changed one, and an admin forgets it', async ({ actors }) => {
  const owner = await actors.signIn('engineer', 'Kim Keys');
  const workspace = new WorkspacePage(owner.page);
  await workspace.goto();
  const target = { host: '127.0.0.1', port: sshd.port, username: sshd.username, privateKey: sshd.privateKey };
  const original = sshd.hostKeyFingerprint();

  let dialog = await workspace.submitAdHocSession(target);
  await expect(dialog).toBeHidden();
  await expect(owner.page.getByTestId('toast').filter({ hasText: 'is now trusted' })).toContainText(original);
  await expect(workspace.tabs).toHaveCount(1);

  await sshd.replaceHostKey();
  const replaced = sshd.hostKeyFingerprint();
  dialog = await workspace.submitAdHocSession(target);
  const refusal = dialog.getByRole('alert');
  await expect(refusal).toContainText(`The SSH host key of 127.0.0.1:${sshd.port} has changed`);
  await expect(refusal).toContainText(replaced);
  await expect(workspace.tabs).toHaveCount(1);
  await owner.page.keyboard.press('Escape');

  const admin = await actors.signIn('admin', 'Ada Keys');
  await admin.page.goto('/admin');
  const row = admin.page.getByTestId('host-key-row').filter({ hasText: `127.0.0.1:${sshd.port}` });
  await expect(row).toContainText(original);
  await expect(row).toContainText(owner.user.email);
  await row.getByRole('button', { name: `Forget the host key of 127.0.0.1:${sshd.port}` }).click();
  await expect(admin.page.getByTestId('toast')).toContainText(`Forgot the host key of 127.0.0.1:${sshd.port}`);
  await expect(row).toHaveCount(0);

  dialog = await workspace.submitAdHocSession(target);
  await expect(dialog).toBeHidden();
  await expect(owner.page.getByTestId('toast').filter({ hasText: replaced })).toContainText('is now trusted');
  await expect(workspace.tabs).toHaveCount(2);
});
