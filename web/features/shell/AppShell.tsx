import type { ReactNode } from 'react';
import type { User } from '../../../protocol/rest.js';
import { MainNav, type NavItem } from './MainNav.js';
import { can } from './permissions.js';
import { UserMenu } from './UserMenu.js';

function navItemsFor(user: User): NavItem[] {
  const items = [
    { href: '/', label: can.openSessions(user.role) ? 'Workspace' : 'Home', visible: true },
    { href: '/shares', label: 'Manage Shares', visible: can.manageShares(user.role) },
    { href: '/recordings', label: 'Recordings', visible: can.readRecordings(user.role) },
    { href: '/audit', label: 'Audit log', visible: can.readAudit(user.role) },
    { href: '/admin', label: 'Admin', visible: can.administer(user.role) },
  ];
  return items.filter((item) => item.visible).map(({ href, label }) => ({ href, label }));
}

export function AppShell({ user, children }: { user: User; children: ReactNode }) {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          <span aria-hidden="true" className="brand-mark">
            ›_
          </span>{' '}
          NetStacks
        </span>
        <MainNav items={navItemsFor(user)} />
        <span className="topbar__spacer" />
        <UserMenu user={user} />
      </header>
      <div id="main" className="app__main" tabIndex={-1}>
        {children}
      </div>
    </div>
  );
}
