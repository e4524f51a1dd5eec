import { lazy, Suspense, useState } from 'react';
import { Route, Switch } from 'wouter';
import { ChunkErrorBoundary } from './ui/ChunkErrorBoundary.js';
import { PageLoading } from './ui/PageLoading.js';

// Every route is its own chunk: the viewer page (opened from a share link, often on a NOC wall
// screen) must not download the owner workspace, audit or admin code.
const LoginPage = lazy(() => import('./features/login/LoginPage.js'));
type ViewerPageModule = typeof import('./features/viewer/ViewerPage.js');
let viewerPageModule: ViewerPageModule | null = null;
export const loadViewerPage = (): Promise<ViewerPageModule> =>
  import('./features/viewer/ViewerPage.js').then((module) => {
    performance.mark('ns:viewer-code-loaded');
    return (viewerPageModule = module);
  });
const LazyViewerPage = lazy(loadViewerPage);

/**
 * A share link opened cold loads the viewer chunk before the first render (main.tsx), so the page
 * renders at once instead of suspending: React holds back a resolved Suspense boundary for up to
 * 300 ms to batch reveals, which was a third of the viewer's time to first output.
 */
function ViewerRoute({ token }: { token: string }) {
  // Chosen once per mount: switching component type later would remount the page and its socket.
  const [ViewerPage] = useState(() => viewerPageModule?.default ?? LazyViewerPage);
  return <ViewerPage token={token} />;
}
const OwnerApp = lazy(() => import('./features/shell/OwnerApp.js'));

export function App() {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<PageLoading />}>
        <Switch>
          <Route path="/login" component={LoginPage} />
          <Route path="/shared/:token">{(params) => <ViewerRoute key={params.token} token={params.token} />}</Route>
          <Route>
            <OwnerApp />
          </Route>
        </Switch>
      </Suspense>
    </ChunkErrorBoundary>
  );
}
