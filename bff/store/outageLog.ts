/** Logs store outages once when they start and once when they end, not on every failed query. */
import type { Logger } from 'pino';

export class OutageLog {
  private failingSince: number | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  failed(err: unknown): void {
    if (this.failingSince !== null) return;
    this.failingSince = Date.now();
    this.logger.warn({ err: (err as Error)?.message ?? String(err) }, `${this.what} failing`);
  }

  ok(): void {
    if (this.failingSince === null) return;
    this.logger.info({ downMs: Date.now() - this.failingSince }, `${this.what} recovered`);
    this.failingSince = null;
  }
}
