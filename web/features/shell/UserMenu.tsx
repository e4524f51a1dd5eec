import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import type { User } from '../../../protocol/rest.js';
import { logout } from '../../api/auth.js';
import { useTimeZone } from '../../state/timeZone.js';
import { useWorkspace } from '../../state/workspace.js';
import { ChevronDownIcon } from '../../ui/icons.js';
import { Menu, type MenuItem } from '../../ui/Menu.js';
import { zoneName } from '../../ui/time.js';
import { AccountDialog, type AccountDialogKind } from './AccountDialogs.js';
import { roleLabel } from './permissions.js';

const MENU_WIDTH = 240;

/** The signed-in user's menu: which zone times are shown in, the account, and signing out. */
export function UserMenu({ user }: { user: User }) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [dialog, setDialog] = useState<AccountDialogKind | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const items = useUserMenuItems(setDialog);
  const signedOut = useSignedOut();
  const toggle = () => {
    if (menuAt) return setMenuAt(null);
    const rect = buttonRef.current?.getBoundingClientRect();
    if (rect) setMenuAt({ x: Math.max(8, rect.right - MENU_WIDTH), y: rect.bottom + 4 });
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost topbar__user"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        data-testid="user-menu-button"
        onClick={toggle}
      >
        <span className="topbar__user-name" data-testid="current-user">
          {user.name}
        </span>{' '}
        <span className="pill">{roleLabel[user.role]}</span> <ChevronDownIcon />
      </button>
      {menuAt && (
        <Menu
          label={`${user.name}: account and display`}
          items={items}
          position={menuAt}
          testId="user-menu"
          opener={buttonRef}
          onClose={() => {
            setMenuAt(null);
            buttonRef.current?.focus();
          }}
        />
      )}
      <AccountDialog
        user={user}
        open={dialog}
        onClose={() => {
          setDialog(null);
          buttonRef.current?.focus();
        }}
        onSignedOut={() => {
          setDialog(null);
          signedOut();
        }}
      />
    </>
  );
}

function useUserMenuItems(openDialog: (kind: AccountDialogKind) => void): MenuItem[] {
  const { zone, setZone } = useTimeZone();
  const signOut = useSignOut();
  return [
    { label: 'Times in UTC', checked: zone === 'utc', onSelect: () => setZone('utc'), testId: 'time-zone-utc' },
    { label: `Times in local time (${zoneName('local')})`, checked: zone === 'local', onSelect: () => setZone('local'), testId: 'time-zone-local' },
    { label: 'Change my password…', onSelect: () => openDialog('password'), testId: 'change-my-password' },
    { label: 'Sign out everywhere…', onSelect: () => openDialog('sign_out_everywhere'), testId: 'sign-out-everywhere' },
    { label: signOut.isPending ? 'Signing out…' : 'Sign out', onSelect: () => signOut.mutate(), testId: 'sign-out' },
  ];
}

/** Forgets everything of this user in the tab and goes to the login page. */
function useSignedOut(): () => void {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  return () => {
    queryClient.clear();
    useWorkspace.getState().reset();
    navigate('/login', { replace: true });
  };
}

function useSignOut() {
  const signedOut = useSignedOut();
  return useMutation({ mutationFn: logout, onSettled: signedOut });
}
