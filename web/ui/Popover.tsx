import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

export interface PopoverProps {
  /** Content of the trigger button. */
  trigger: ReactNode;
  triggerLabel: string;
  triggerClassName?: string;
  triggerTestId?: string;
  title: string;
  children: ReactNode;
  testId?: string;
  /**
   * A pointer shortcut only: out of the tab order and hidden from assistive technology, for
   * triggers inside a widget that may hold nothing else (a tab strip). Offer the same content
   * elsewhere for the keyboard.
   */
  pointerOnly?: boolean;
}

const PANEL_WIDTH = 300;

/**
 * A button that toggles a small non-modal panel; Escape or a click outside closes it. The panel
 * is fixed-positioned from the trigger's rectangle because its triggers sit inside scrolling
 * containers (the tab strip, wide tables) that would clip an absolutely positioned child.
 */
export function Popover({ trigger, triggerLabel, triggerClassName, triggerTestId, title, children, testId, pointerOnly = false }: PopoverProps) {
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const wrapperRef = useRef<HTMLSpanElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const open = position !== null;

  useDismiss(open, () => setPosition(null), { wrapperRef, buttonRef, panelRef });

  const toggle = () => {
    if (open) return setPosition(null);
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return;
    setPosition({ left: Math.max(8, Math.min(rect.left, window.innerWidth - PANEL_WIDTH - 8)), top: rect.bottom + 6 });
  };

  return (
    <span className="popover-anchor" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className={triggerClassName}
        aria-label={triggerLabel}
        {...(pointerOnly ? { tabIndex: -1, 'aria-hidden': true } : {})}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        data-testid={triggerTestId}
        onClick={(event) => {
          event.stopPropagation();
          toggle();
        }}
      >
        {trigger}
      </button>
      {/* In the body, not beside the trigger: a tab strip may hold only tabs (ARIA), and the panel is fixed anyway. */}
      {position &&
        createPortal(
          <div ref={panelRef} id={panelId} role="dialog" aria-label={title} className="popover" style={{ ...position, width: PANEL_WIDTH }} data-testid={testId}>
            <h3 className="popover__title">{title}</h3>
            {children}
          </div>,
          document.body,
        )}
    </span>
  );
}

interface PopoverParts {
  wrapperRef: RefObject<HTMLSpanElement | null>;
  buttonRef: RefObject<HTMLButtonElement | null>;
  panelRef: RefObject<HTMLDivElement | null>;
}

/** Closes the open panel on Escape (focus back to the trigger), a press outside, a resize or a scroll that moves the trigger. */
function useDismiss(open: boolean, close: () => void, { wrapperRef, buttonRef, panelRef }: PopoverParts): void {
  const closeRef = useRef(close);
  useEffect(() => {
    closeRef.current = close;
  }, [close]);
  useEffect(() => {
    if (!open) return;
    const dismiss = () => closeRef.current();
    // Only a scroll that moves the trigger matters; a terminal scrolling its own output does not.
    const onScroll = (event: Event) => {
      const target = event.target;
      if (target === document || (target instanceof Node && target.contains(buttonRef.current))) dismiss();
    };
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!wrapperRef.current?.contains(target) && !panelRef.current?.contains(target)) dismiss();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      dismiss();
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('keydown', onKeyDown);
    // The panel does not follow its trigger; closing on layout changes beats floating in the wrong place.
    window.addEventListener('resize', dismiss);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('resize', dismiss);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [open, wrapperRef, buttonRef, panelRef]);
}
