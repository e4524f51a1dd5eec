import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import type { User } from '../../../protocol/rest.js';
import { meQuery } from '../../api/auth.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { Toaster } from '../../ui/Toaster.js';
import { PageTitle, usePageTitle } from '../../ui/usePageTitle.js';
import { AppShell } from './AppShell.js';
import { GuestHome } from './GuestHome.js';
import { can } from './permissions.js';

const WorkspacePage = lazy(() => import('../workspace/WorkspacePage.js'));
const ManageSharesPage = lazy(() => import('../shares/ManageSharesPage.js'));
const AuditPage = lazy(() => import('../audit/AuditPage.js'));
const RecordingsPage = lazy(() => import('../recordings/RecordingsPage.js'));
const PlayerPage = lazy(() => import('../recordings/PlayerPage.js'));
const AdminPage = lazy(() => import('../admin/AdminPage.js'));

/** Everything behind the login for owners, leads and admins (not the viewer page). */
export default function OwnerApp() {
  const me = useQuery(meQuery);
  if (me.isPending) return <PageLoading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  if (!me.data) {
    const next = window.location.pathname + window.location.search;
    return <Redirect to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <AppShell user={me.data}>
      <OwnerRoutes user={me.data} />
      <Toaster />
    </AppShell>
  );
}

function OwnerRoutes({ user }: { user: User }) {
  const [location] = useLocation();
  const role = user.role;
  return (
    <Suspense fallback={<PageLoading />}>
      {/* The workspace stays mounted on the other pages: unmounting it would drop the owner
          sockets and show every viewer "owner disconnected" while the owner reads Manage Shares. */}
      {can.openSessions(role) && <WorkspacePage user={user} visible={location === '/'} />}
      <Switch>
        <Route path="/">{can.openSessions(role) ? <PageTitle title="Workspace" /> : <GuestHome user={user} />}</Route>
        <Route path="/shares">{can.manageShares(role) ? <ManageSharesPage user={user} /> : <NotAllowed />}</Route>
        <Route path="/audit">{can.readAudit(role) ? <AuditPage user={user} /> : <NotAllowed />}</Route>
        <Route path="/recordings">{can.readRecordings(role) ? <RecordingsPage user={user} /> : <NotAllowed />}</Route>
        <Route path="/recordings/:id">{(params) => (can.readRecordings(role) ? <PlayerPage key={params.id} recordingId={params.id} /> : <NotAllowed />)}</Route>
        <Route path="/admin">{can.administer(role) ? <AdminPage user={user} /> : <NotAllowed />}</Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Suspense>
  );
}

function NotFound() {
  usePageTitle('Page not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to the workspace</a>
      </p>
    </section>
  );
}

function NotAllowed() {
  usePageTitle('Not available');
  return (
    <section className="page">
      <h1>Not available</h1>
      <p>Your role does not give access to this page.</p>
    </section>
  );
}
