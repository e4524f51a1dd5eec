import type { ReactNode } from 'react';
import { useTimeZone } from '../state/timeZone.js';
import { formatAbsolute, formatRelative, useCoarseNow, type AbsoluteOptions, type TimeValue } from './time.js';

const isoOf = (value: TimeValue) => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** The zone-aware absolute formatter, bound to the user's UTC/local choice. */
export function useFormatAbsolute(): (value: TimeValue, options?: AbsoluteOptions) => string {
  const zone = useTimeZone((state) => state.zone);
  return (value, options) => formatAbsolute(value, zone, options);
}

export interface AbsoluteTimeProps extends AbsoluteOptions {
  value: TimeValue;
  className?: string;
  testId?: string;
}

/** An absolute time with its zone; hovering shows how long ago (or how soon) it is. */
export function AbsoluteTime({ value, className, testId, ...options }: AbsoluteTimeProps) {
  const format = useFormatAbsolute();
  const now = useCoarseNow();
  return (
    <time dateTime={isoOf(value)} title={formatRelative(value, now)} className={className} data-testid={testId}>
      {format(value, options)}
    </time>
  );
}

export interface RelativeTimeProps {
  value: TimeValue;
  /** The page's clock (useNow), so every relative time on it ticks together. */
  now: number;
  /** Text instead of "in 30 min", e.g. a countdown; the hover text stays the absolute time. */
  children?: ReactNode;
  className?: string;
  testId?: string;
}

/** A relative time ("4 min ago"); hovering shows the absolute time with its zone. */
export function RelativeTime({ value, now, children, className, testId }: RelativeTimeProps) {
  const format = useFormatAbsolute();
  return (
    <time dateTime={isoOf(value)} title={format(value)} className={className} data-testid={testId}>
      {children ?? formatRelative(value, now)}
    </time>
  );
}
