/** One error type for the HTTP API and one JSON error middleware (STYLE.md lesson 10). */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { redactPath } from './auth/credentials.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Sent with the error answer, e.g. `Retry-After` on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'bad_request') => new HttpError(400, code, message);
export const unauthorized = (message = 'Log in first') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have permission to do this') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new HttpError(409, code, message);
export const unavailable = (message: string, code = 'unavailable') => new HttpError(503, code, message);

/** "body.max_viewers: Too small" style message from the first zod issue. */
export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid request';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`No route for ${req.method} ${redactPath(req.originalUrl)}`));
};

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toHttpError(err);
    // The path as redactPath writes it: never the raw one, which may carry a share token.
    if (known.status >= 500) logger.error({ err, method: req.method, path: redactPath(req.originalUrl) }, 'request failed');
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value);
    res.status(known.status).json({ error: { code: known.code, message: known.message } });
  };
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return badRequest(describeZodError(err), 'validation_failed');
  const e = err as { type?: string; status?: number; message?: string };
  // body-parser errors carry a status and a type; they are the client's fault.
  if (e?.type === 'entity.parse.failed') return badRequest('Request body is not valid JSON', 'invalid_json');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'payload_too_large', 'Request body is too large');
  // Other libraries' client errors (the static file server, the router's param decoding): their
  // messages may name server paths or echo input, so only the status goes out.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return e.status === 404 ? notFound() : new HttpError(e.status, 'bad_request', 'Bad request');
  }
  // PostgreSQL data exceptions (SQLSTATE class 22: a NUL in text, a malformed value): bad input.
  if (isDataException(err)) return badRequest('The request holds a value the store cannot take', 'invalid_input');
  if (isStoreDown(err)) return unavailable('The store is unreachable; try again shortly', 'store_unavailable');
  return new HttpError(500, 'internal', 'Internal error');
}

function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** Connection-level database failures: fail closed with 503 rather than 500. */
export function isStoreDown(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === '57P01' ||
    code === '57P03' ||
    code === 'SQLITE_BUSY' ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(String((err as Error)?.message))
  );
}
