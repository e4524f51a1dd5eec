/**
 * Browser Origin policy for WebSocket upgrades and cookie-authenticated writes
 * (Cross-Site WebSocket Hijacking and CSRF). Exact string match only: no prefix, suffix,
 * case folding or scheme leniency.
 */
export class OriginPolicy {
  private allowed = new Set<string>();

  /** Re-computed once the server knows its bound URL. */
  configure(publicUrl: string, extra: string[], derived: boolean, port: number): void {
    const origins = new Set([new URL(publicUrl).origin, ...extra]);
    if (derived) {
      // No NS_PUBLIC_URL: the browser may call us localhost or 127.0.0.1.
      const scheme = new URL(publicUrl).protocol;
      origins.add(`${scheme}//localhost:${port}`);
      origins.add(`${scheme}//127.0.0.1:${port}`);
    }
    this.allowed = origins;
  }

  isAllowed(origin: string): boolean {
    return this.allowed.has(origin);
  }

  list(): string[] {
    return [...this.allowed];
  }
}
