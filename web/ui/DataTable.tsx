import type { ReactNode } from 'react';

export interface DataTableProps {
  /** Names the table for screen readers, and its scroll region. */
  caption: string;
  /** Column headers; an empty one is a row-actions column, named for screen readers only. */
  columns: string[];
  dense?: boolean;
  testId?: string;
  /** The body's rows. */
  children: ReactNode;
}

/**
 * The app's tables: a caption, column headers and a horizontally scrolling wrapper that keyboard
 * users can focus and scroll too (WCAG 2.1.1; axe `scrollable-region-focusable`).
 */
export function DataTable({ caption, columns, dense = false, testId, children }: DataTableProps) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={dense ? 'table table--dense' : 'table'} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={`${i}-${column}`} scope="col">
                {column || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
