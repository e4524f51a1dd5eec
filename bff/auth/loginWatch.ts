/**
 * Open sockets live no longer than the login that opened them (DESIGN.md §16): every socket is
 * registered under its login token's hash, and every `intervalMs` one query asks the store which
 * of those logins still hold (not logged out, not expired, account not disabled, not revoked by
 * a password or role change). The store is shared, so a logout on any instance reaches sockets
 * on every instance within one period.
 */
import type { Logger } from 'pino';
import type { Disposer } from '../broker/types.js';

/** Token hashes asked about per query (bounded IN lists). */
const batchSize = 500;

export class LoginWatch {
  private readonly byToken = new Map<string, Set<() => void>>();
  private readonly timer: NodeJS.Timeout;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly liveLogins: (tokenHashes: string[]) => Promise<Set<string>>,
    private readonly logger: Logger,
    intervalMs = 2_000,
  ) {
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  /** Calls `onEnded` once when the login behind `tokenHash` ends; the disposer stops watching. */
  watch(tokenHash: string, onEnded: () => void): Disposer {
    let set = this.byToken.get(tokenHash);
    if (!set) this.byToken.set(tokenHash, (set = new Set()));
    set.add(onEnded);
    return () => {
      set.delete(onEnded);
      if (set.size === 0 && this.byToken.get(tokenHash) === set) this.byToken.delete(tokenHash);
    };
  }

  /** Checks now (after a logout here, so its own sockets close at once). */
  check(): Promise<void> {
    this.checking ??= this.sweep().finally(() => (this.checking = null));
    return this.checking;
  }

  stop(): void {
    clearInterval(this.timer);
    this.byToken.clear();
  }

  private async sweep(): Promise<void> {
    const hashes = [...this.byToken.keys()];
    for (let i = 0; i < hashes.length; i += batchSize) {
      const batch = hashes.slice(i, i + batchSize);
      let live: Set<string>;
      try {
        live = await this.liveLogins(batch);
      } catch (err) {
        // The store is down: nobody is signed out on a guess; the next period asks again.
        this.logger.debug({ err }, 'login watch: store unreachable');
        return;
      }
      for (const hash of batch) if (!live.has(hash)) this.end(hash);
    }
  }

  private end(tokenHash: string): void {
    const set = this.byToken.get(tokenHash);
    this.byToken.delete(tokenHash);
    for (const onEnded of set ?? []) onEnded();
  }
}
