/**
 * Starts the viewer's network work before its code has loaded (DESIGN.md §6 viewers): the share
 * lookup, the socket (whose join is audited server-side before any frame) and the route's chunk
 * all begin as soon as the entry script runs. Lives in the entry chunk, so it stays tiny and
 * imports no xterm or schema code.
 */
import type { QueryClient } from '@tanstack/react-query';
import { webSocketUrl } from '../../api/http.js';
import { sharedInfoQuery, viewerSocketPath } from '../../api/shared.js';
import { openViewerSocket, type ViewerConnection } from '../../terminal/viewerSocket.js';

const sharedPath = /^\/shared\/([^/]+)\/?$/;

let early: { token: string; connection: ViewerConnection } | null = null;

function connect(token: string): ViewerConnection {
  return openViewerSocket(() => webSocketUrl(viewerSocketPath(token)));
}

/**
 * Call once, before the first render. On a viewer page it returns the loading page chunk (render
 * once it settles), elsewhere null.
 */
export function startViewerEarly(pathname: string, queryClient: QueryClient, loadPage: () => Promise<unknown>): Promise<unknown> | null {
  const match = sharedPath.exec(pathname);
  if (!match?.[1]) return null;
  const token = decodeURIComponent(match[1]);
  const page = loadPage();
  void queryClient.prefetchQuery(sharedInfoQuery(token));
  early = { token, connection: connect(token) };
  return page;
}

/** The connection started early for this token, or a new one (e.g. after client-side navigation). */
export function takeViewerConnection(token: string): ViewerConnection {
  if (early?.token === token) {
    const { connection } = early;
    early = null;
    return connection;
  }
  return connect(token);
}
