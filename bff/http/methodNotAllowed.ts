import type { RequestHandler } from 'express';
import { HttpError } from '../errors.js';

/** The last handler of a path: any other method gets 405 with the Allow header. */
export function methodNotAllowed(...allowed: string[]): RequestHandler {
  const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  return (req, res, next) => {
    res.setHeader('Allow', allow.join(', '));
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${allowed.join(' or ')}`));
  };
}
