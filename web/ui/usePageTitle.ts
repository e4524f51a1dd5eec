import { useEffect } from 'react';

export const APP_NAME = 'NetStacks';

/** Names the page in the browser tab and history ("Manage Shares — NetStacks"); null leaves it alone. */
export function usePageTitle(page: string | null): void {
  useEffect(() => {
    if (page !== null) document.title = `${page} — ${APP_NAME}`;
  }, [page]);
}

/** The same, for routes that render no page component of their own. */
export function PageTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}
