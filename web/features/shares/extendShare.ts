/** Extending a share (DESIGN.md §13), shared by Manage Shares and the owner's expiry notice. */
import type { QueryClient } from '@tanstack/react-query';
import type { ShareSummary } from '../../../protocol/rest.js';
import { isApiError } from '../../api/http.js';
import { applyShareSummary, extendShare } from '../../api/shares.js';
import { useTimeZone } from '../../state/timeZone.js';
import { formatAbsolute } from '../../ui/time.js';
import { describeServerExpiryError } from './expiryText.js';

/** PATCH …/shares/:id with a new expiry from now; the caches take the answer at once. */
export async function extendAndApply(queryClient: QueryClient, share: Pick<ShareSummary, 'session_id' | 'share_id'>, expiresIn: string | number): Promise<ShareSummary> {
  const updated = await extendShare(share.session_id, share.share_id, expiresIn);
  applyShareSummary(queryClient, updated);
  return updated;
}

/** "Share of lab-rtr-01 now expires Jun 5, 2025, 09:18:05 UTC." in the zone the user picked. */
export function extendedText(share: Pick<ShareSummary, 'device' | 'expires_at'>): string {
  return `Share of ${share.device.name} now expires ${formatAbsolute(share.expires_at, useTimeZone.getState().zone)}.`;
}

/** Why an extension was refused, in the share dialog's words ("At most 24 hours."). */
export function extendErrorText(error: unknown): string {
  if (isApiError(error) && error.code === 'invalid_expires_in') return describeServerExpiryError(error.message);
  if (isApiError(error, 409) || isApiError(error, 410)) return 'This share has already ended; create a new one instead.';
  return error instanceof Error ? error.message : 'Something went wrong.';
}
