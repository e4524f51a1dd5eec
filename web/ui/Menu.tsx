import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  testId?: string;
  danger?: boolean;
  /** Makes the item one of a group of choices (menuitemradio) that is, or is not, the current one. */
  checked?: boolean;
}

export interface MenuProps {
  label: string;
  items: MenuItem[];
  /** Viewport coordinates of the menu's top-left corner. */
  position: { x: number; y: number };
  onClose: (reason: 'select' | 'dismiss') => void;
  testId?: string;
  /** The button that toggles the menu: pressing it is not a click outside (its own click closes it). */
  opener?: RefObject<HTMLElement | null>;
}

const itemSelector = '[role="menuitem"], [role="menuitemradio"]';

/**
 * A WAI-ARIA menu: focus moves into it on open, arrows/Home/End move, Enter/Space select,
 * Escape and Tab close, a click outside dismisses. The opener restores focus in onClose.
 */
export function Menu({ label, items, position, onClose, testId, opener }: MenuProps) {
  const ref = useRef<HTMLUListElement>(null);
  // Callers pass inline closures; reading the latest one through a ref keeps the listeners stable.
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(itemSelector)?.focus();
    const dismissOnOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (opener?.current?.contains(target)) return;
      if (ref.current && !ref.current.contains(target)) onCloseRef.current('dismiss');
    };
    const dismissOnResize = () => onCloseRef.current('dismiss');
    document.addEventListener('pointerdown', dismissOnOutside, true);
    window.addEventListener('resize', dismissOnResize);
    return () => {
      document.removeEventListener('pointerdown', dismissOnOutside, true);
      window.removeEventListener('resize', dismissOnResize);
    };
  }, [opener]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const entries = Array.from(ref.current?.querySelectorAll<HTMLElement>(itemSelector) ?? []);
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
        <MenuEntry key={item.label} item={item} onClose={onClose} />
      ))}
    </ul>
  );
}

function MenuEntry({ item, onClose }: { item: MenuItem; onClose: MenuProps['onClose'] }) {
  return (
    <li role="none">
      <button
        type="button"
        role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
        aria-checked={item.checked}
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
  );
}
