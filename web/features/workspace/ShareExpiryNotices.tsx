import { useEffect, useRef } from 'react';
import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ShareSummary } from '../../../protocol/rest.js';
import { activeShares, sessionSharesQuery } from '../../api/shares.js';
import { useToasts } from '../../state/toasts.js';
import { useNow } from '../../ui/time.js';
import { extendAndApply, extendedText, extendErrorText } from '../shares/extendShare.js';
import { dueExpiryNotices, expiryNoticeKey, extendedExpiresIn, minutesLeft, NOTICE_EXTENSION_SECONDS } from './expiryNotice.js';

/**
 * "Share of lab-rtr-01 expires in 5 min — Extend 30 min" (issue 12 item 5): a toast for each of
 * my sessions' shares nearing its end, on whatever page the owner is; it stays until the share
 * ends or is extended. Renders nothing itself.
 */
export function ShareExpiryNotices({ sessionIds }: { sessionIds: string[] }) {
  const queryClient = useQueryClient();
  const shares = useQueries({
    queries: sessionIds.map((sessionId) => sessionSharesQuery(sessionId)),
    combine: (results) => results.flatMap((result) => activeShares(result.data)),
  });
  const now = useNow(5_000);
  const announced = useRef(new Set<string>());

  useEffect(() => {
    for (const share of dueExpiryNotices(shares, now, announced.current)) {
      announced.current.add(expiryNoticeKey(share));
      announceExpiry(queryClient, share, now);
    }
  }, [shares, now, queryClient]);
  return null;
}

function announceExpiry(queryClient: QueryClient, share: ShareSummary, now: number): void {
  const { show, dismiss } = useToasts.getState();
  const left = new Date(share.expires_at).getTime() - now;
  const id = show(
    {
      key: `share-expiry:${share.share_id}`,
      message: `Share of ${share.device.name} expires in ${minutesLeft(left)}`,
      tone: 'info',
      action: {
        label: 'Extend 30 min',
        run: () => {
          dismiss(id);
          extendAndApply(queryClient, share, extendedExpiresIn(share, NOTICE_EXTENSION_SECONDS, Date.now())).then(
            (updated) => show({ message: extendedText(updated), tone: 'success' }),
            (error: unknown) => show({ message: `Could not extend: ${extendErrorText(error)}`, tone: 'error' }),
          );
        },
      },
    },
    left,
  );
}
