import type { z } from 'zod';

/** Parses a request part with a protocol schema; a ZodError becomes a 400 in the error middleware. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  return schema.parse(value ?? {});
}
