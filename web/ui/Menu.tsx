import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  testId?: string;
  danger?: boolean;
}

export interface MenuProps {
  label: string;
  items: MenuItem[];
  /** Viewport coordinates of the menu's top-left corner. */
  position: { x: number; y: number };
  onClose: (reason: 'select' | 'dismiss') => void;
  testId?: string;
}

/**
 * A WAI-ARIA menu: focus moves into it on open, arrows/Home/End move, Enter/Space select,
 * Escape and Tab close, a click outside dismisses. The opener restores focus in onClose.
 */
export function Menu({ label, items, position, onClose, testId }: MenuProps) {
  const ref = useRef<HTMLUListElement>(null);
  // Callers pass inline closures; reading the latest one through a ref keeps the listeners stable.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const dismissOnOutside = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onCloseRef.current('dismiss');
    };
    const dismissOnResize = () => onCloseRef.current('dismiss');
    document.addEventListener('pointerdown', dismissOnOutside, true);
    window.addEventListener('resize', dismissOnResize);
    return () => {
      document.removeEventListener('pointerdown', dismissOnOutside, true);
      window.removeEventListener('resize', dismissOnResize);
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const entries = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => entries[(next + entries.length) % entries.length]?.focus();
    const keys: Record<string, () => void> = {
      ArrowDown: () => focusAt(index + 1),
      ArrowUp: () => focusAt(index - 1),
      Home: () => focusAt(0),
      End: () => focusAt(entries.length - 1),
      Escape: () => onClose('dismiss'),
      Tab: () => onClose('dismiss'),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  // Keep the menu on screen when opened near the right or bottom edge.
  const style = {
    left: Math.min(position.x, window.innerWidth - 240),
    top: Math.min(position.y, window.innerHeight - 48 * items.length - 16),
  };

  return (
    <ul ref={ref} role="menu" aria-label={label} className="menu" style={style} onKeyDown={onKeyDown} data-testid={testId}>
      {items.map((item) => (
        <li key={item.label} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'menu__item menu__item--danger' : 'menu__item'}
            data-testid={item.testId}
            onClick={() => {
              onClose('select');
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
