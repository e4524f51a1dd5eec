/**
 * A button that opens a menu under it (a row's "Manage ▾", "Extend ▾"): the menu lines up with the
 * button's right edge, closes on a second click, and gives focus back to the button when dismissed.
 */
import { type ReactNode, type RefObject, useRef, useState } from 'react';
import { ChevronDownIcon } from './icons.js';
import { Menu, type MenuItem } from './Menu.js';

export interface MenuButtonProps {
  /** The button's accessible name. */
  label: string;
  /** The menu's accessible name (defaults to the button's). */
  menuLabel?: string;
  items: MenuItem[];
  testId: string;
  menuTestId: string;
  disabled?: boolean;
  children: ReactNode;
  /** Lets the owner focus the button again (e.g. after a dialog it opened). */
  buttonRef?: RefObject<HTMLButtonElement | null>;
}

export function MenuButton({ label, menuLabel, items, testId, menuTestId, disabled, children, buttonRef }: MenuButtonProps) {
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const ownRef = useRef<HTMLButtonElement>(null);
  const ref = buttonRef ?? ownRef;
  const toggle = () => {
    if (menuAt) return setMenuAt(null);
    const rect = ref.current?.getBoundingClientRect();
    if (rect) setMenuAt({ x: Math.max(8, rect.right - 240), y: rect.bottom + 4 });
  };
  return (
    <>
      <button ref={ref} type="button" className="button button--small" aria-haspopup="menu" aria-expanded={menuAt !== null} aria-label={label} data-testid={testId} disabled={disabled} onClick={toggle}>
        {children} <ChevronDownIcon />
      </button>
      {menuAt && (
        <Menu
          label={menuLabel ?? label}
          items={items}
          position={menuAt}
          opener={ref}
          testId={menuTestId}
          onClose={(reason) => {
            setMenuAt(null);
            if (reason === 'dismiss') ref.current?.focus();
          }}
        />
      )}
    </>
  );
}
