import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { auditFiltersToSearch, type AuditFilters } from '../../api/audit.js';

/** The audit page with one more filter on top of the current ones (shareable: it is a link). */
export function auditHref(filters: AuditFilters, patch: AuditFilters): string {
  return `/audit${auditFiltersToSearch({ ...filters, ...patch })}`;
}

export interface FilterLinkProps {
  filters: AuditFilters;
  patch: AuditFilters;
  /** What kind of value it is ("share", "user"): read out as "Filter by share: share_3f2a9c…". */
  kind: string;
  title?: string;
  className?: string;
  children: ReactNode;
}

/** A value in the audit table that, clicked, shows only the events with that value. */
export function FilterLink({ filters, patch, kind, title, className, children }: FilterLinkProps) {
  return (
    <Link
      href={auditHref(filters, patch)}
      className={className ? `filter-link ${className}` : 'filter-link'}
      title={title}
      data-testid="audit-filter-link"
      data-filter={Object.keys(patch).join(' ')}
    >
      <span className="visually-hidden">Filter by {kind}: </span>
      {children}
    </Link>
  );
}
