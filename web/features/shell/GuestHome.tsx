import type { User } from '../../../protocol/rest.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

export function GuestHome({ user }: { user: User }) {
  usePageTitle('Home');
  return (
    <section className="page page--narrow" data-testid="guest-home">
      <h1>Welcome, {user.name}</h1>
      <p>
        Your account can watch terminal sessions that engineers share with you. Open the share link you received (it looks
        like <code>/shared/ns_share_…</code>) to start watching.
      </p>
    </section>
  );
}
