import type { ReactNode } from 'react';

/**
 * A horizontally scrolling wrapper for wide tables. Focusable and named, so keyboard users can
 * scroll it too (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
