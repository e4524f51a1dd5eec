import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { PageLoading } from './ui/PageLoading.js';

// Every route is its own chunk: the viewer page (opened from a share link, often on a NOC wall
// screen) must not download the owner workspace, audit or admin code.
const LoginPage = lazy(() => import('./features/login/LoginPage.js'));
export const loadViewerPage = () => import('./features/viewer/ViewerPage.js');
const ViewerPage = lazy(loadViewerPage);
const OwnerApp = lazy(() => import('./features/shell/OwnerApp.js'));

export function App() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Switch>
        <Route path="/login" component={LoginPage} />
        <Route path="/shared/:token">{(params) => <ViewerPage key={params.token} token={params.token} />}</Route>
        <Route>
          <OwnerApp />
        </Route>
      </Switch>
    </Suspense>
  );
}
