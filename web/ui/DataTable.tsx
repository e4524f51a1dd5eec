import type { ReactNode } from 'react';

export interface Column<Row> {
  /** Column header; an empty one is a row-actions column, named for screen readers only. */
  header: string;
  cell: (row: Row) => ReactNode;
  className?: string;
}

/** Attributes a caller puts on a row (test ids, data-state). */
export type RowAttributes = Record<`data-${string}`, string | undefined>;

export interface DataTableProps<Row> {
  /** Names the table for screen readers, and its region. */
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  rowAttributes?: (row: Row) => RowAttributes;
  dense?: boolean;
  testId?: string;
  /**
   * Below which width of the table's own box (a container query, styles.css) rows become stacked
   * cards with each value under its column's name, so no column, and no row action, is ever cut
   * off or needs sideways scrolling: `narrow` 36rem, `medium` 60rem, `wide` 72rem.
   */
  stackBelow?: 'narrow' | 'medium' | 'wide';
}

/**
 * The app's tables: a caption, column headers, and a region keyboard users can focus (it still
 * scrolls sideways if something unexpectedly wide gets in, WCAG 2.1.1).
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, rowAttributes, dense = false, testId, stackBelow = 'medium' }: DataTableProps<Row>) {
  const classes = ['table', `table--stack-${stackBelow}`, dense ? 'table--dense' : ''].filter(Boolean).join(' ');
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className={classes} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={`${i}-${column.header}`} scope="col">
                {column.header || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowAttributes?.(row)}>
              {columns.map((column, i) => (
                <td
                  key={`${i}-${column.header}`}
                  data-label={column.header || undefined}
                  className={[column.className, column.header ? '' : 'table__actions'].filter(Boolean).join(' ') || undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
