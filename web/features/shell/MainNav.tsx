import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { Link, useLocation } from 'wouter';
import { ChevronDownIcon, MenuIcon } from '../../ui/icons.js';

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The main navigation: a row of links on wide screens; below 1,000 px (styles.css) a disclosure
 * button that opens the same list as a panel. Opening moves focus to the first link; Escape, a
 * click outside or following a link closes it, and Escape gives focus back to the button.
 */
export function MainNav({ items }: { items: NavItem[] }) {
  const [location] = useLocation();
  const [open, setOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => setOpen(false), [location]);
  useDismiss(open, navRef, () => setOpen(false));
  useEffect(() => {
    if (open) navRef.current?.querySelector<HTMLElement>('.nav__link')?.focus();
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  };
  const current = items.find((item) => item.href === location);

  return (
    <nav aria-label="Main" className={open ? 'main-nav main-nav--open' : 'main-nav'} ref={navRef} onKeyDown={onKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost main-nav__toggle"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="nav-toggle"
        onClick={() => setOpen((value) => !value)}
      >
        <MenuIcon /> {current?.label ?? 'Menu'} <ChevronDownIcon />
      </button>
      <ul className="nav" id={listId} data-testid="nav-links">
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} className="nav__link" aria-current={location === item.href ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Closes an open panel when a pointer goes down, or focus moves, outside its container. */
function useDismiss(open: boolean, containerRef: RefObject<HTMLElement | null>, close: () => void): void {
  const closeRef = useRef(close);
  useEffect(() => {
    closeRef.current = close;
  }, [close]);
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (event.target instanceof Node && !containerRef.current?.contains(event.target)) closeRef.current();
    };
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('focusin', outside);
    };
  }, [open, containerRef]);
}
