/**
 * The owner's heads-up before a share ends (issue 12 item 5): "Share expires in 5 min — Extend".
 * Pure timing rules; the workspace shows the notice as a toast with an Extend button.
 */
import type { ShareSummary } from '../../../protocol/rest.js';

/** How long before expiry the owner hears about it. */
export const EXPIRY_NOTICE_MS = 5 * 60_000;
/** What the notice's Extend button adds to the time left. */
export const NOTICE_EXTENSION_SECONDS = 30 * 60;

type Expiring = Pick<ShareSummary, 'share_id' | 'state' | 'created_at' | 'expires_at'>;

/** One notice per share and expiry: a share extended and nearing its new end is told about again. */
export const expiryNoticeKey = (share: Pick<ShareSummary, 'share_id' | 'expires_at'>): string => `${share.share_id}@${share.expires_at}`;

const ms = (iso: string) => new Date(iso).getTime();

/**
 * The active shares that have just come within EXPIRY_NOTICE_MS of their end and were not
 * announced yet. A share made to last no longer than that gets no notice: its owner chose it.
 */
export function dueExpiryNotices<T extends Expiring>(shares: readonly T[], now: number, announced: ReadonlySet<string>): T[] {
  return shares.filter((share) => {
    const left = ms(share.expires_at) - now;
    const life = ms(share.expires_at) - ms(share.created_at);
    return share.state === 'active' && left > 0 && left <= EXPIRY_NOTICE_MS && life > EXPIRY_NOTICE_MS && !announced.has(expiryNoticeKey(share));
  });
}

/** "5 min", "1 min", "less than a minute": the time left, rounded up to whole minutes. */
export function minutesLeft(leftMs: number): string {
  if (leftMs < 60_000) return 'less than a minute';
  return `${Math.ceil(leftMs / 60_000)} min`;
}

/**
 * The `expires_in` (seconds from now) that adds `addSeconds` to what is left, since PATCH sets
 * the expiry from now (DESIGN.md §13): "+30 min" on a share with 10 min left gives 40 min.
 */
export function extendedExpiresIn(share: Pick<ShareSummary, 'expires_at'>, addSeconds: number, now: number): number {
  const leftSeconds = Math.max(0, Math.ceil((ms(share.expires_at) - now) / 1000));
  return leftSeconds + addSeconds;
}
