import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { hasNoControlCharacters } from '../../protocol/index.js';
import { badRequest } from '../errors.js';

/** Parses a request part with a protocol schema; a ZodError becomes a 400 in the error middleware. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  return schema.parse(value ?? {});
}

/**
 * The rule of `SafeString` for what no body schema sees: route parameters (every path segment,
 * decoded as the router will decode it) and query values. A `%00` in `/sessions/sess_%00` would
 * otherwise reach the store, and PostgreSQL refuses NUL in text.
 */
export const rejectControlCharacters: RequestHandler = (req, _res, next) => {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return next(badRequest('The path is not validly percent-encoded', 'invalid_path'));
    }
    if (!hasNoControlCharacters(decoded)) return next(badRequest('The path must not contain control characters', 'invalid_path'));
  }
  if (!queryIsSafe(req.query)) return next(badRequest('The query must not contain control characters', 'validation_failed'));
  next();
};

function queryIsSafe(value: unknown): boolean {
  if (typeof value === 'string') return hasNoControlCharacters(value);
  if (Array.isArray(value)) return value.every(queryIsSafe);
  if (value !== null && typeof value === 'object') return Object.entries(value).every(([key, v]) => hasNoControlCharacters(key) && queryIsSafe(v));
  return true;
}
