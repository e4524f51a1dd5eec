import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import type { User } from '../../../protocol/rest.js';
import { logout } from '../../api/auth.js';
import { useWorkspace } from '../../state/workspace.js';
import { can, roleLabel } from './permissions.js';

interface NavItem {
  href: string;
  label: string;
  visible: boolean;
}

export function AppShell({ user, children }: { user: User; children: ReactNode }) {
  const [location, navigate] = useLocation();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => {
      queryClient.clear();
      useWorkspace.getState().reset();
      navigate('/login', { replace: true });
    },
  });

  const items: NavItem[] = [
    { href: '/', label: can.openSessions(user.role) ? 'Workspace' : 'Home', visible: true },
    { href: '/shares', label: 'Manage Shares', visible: can.manageShares(user.role) },
    { href: '/audit', label: 'Audit log', visible: can.readAudit(user.role) },
    { href: '/admin', label: 'Admin', visible: can.administer(user.role) },
  ];

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
        <nav aria-label="Main">
          <ul className="nav">
            {items
              .filter((item) => item.visible)
              .map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="nav__link" aria-current={location === item.href ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <span className="topbar__spacer" />
        <span className="topbar__user" data-testid="current-user">
          {user.name} <span className="pill">{roleLabel[user.role]}</span>
        </span>
        <button type="button" className="button button--ghost" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
          Sign out
        </button>
      </header>
      <div id="main" className="app__main" tabIndex={-1}>
        {children}
      </div>
    </div>
  );
}
