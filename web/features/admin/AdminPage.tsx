import { useQuery } from '@tanstack/react-query';
import { instancesQuery, usersQuery } from '../../api/admin.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { formatDateTime } from '../../ui/time.js';
import { roleLabel } from '../shell/permissions.js';
import { CreateUserForm } from './CreateUserForm.js';

export default function AdminPage() {
  return (
    <section className="page" aria-labelledby="admin-title" data-testid="admin-page">
      <header className="page__header">
        <h1 id="admin-title">Admin</h1>
      </header>
      <UsersSection />
      <InstancesSection />
    </section>
  );
}

function UsersSection() {
  const users = useQuery(usersQuery);
  return (
    <section aria-labelledby="users-title" className="card">
      <h2 id="users-title">Users</h2>
      <CreateUserForm />
      {users.isPending && <PageLoading label="Loading users…" />}
      {users.isError && <ErrorMessage error={users.error} />}
      {users.data && (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.user_id} data-testid="user-row">
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>
                    <span className={`pill pill--role-${user.role}`}>{roleLabel[user.role]}</span>
                  </td>
                  <td>{formatDateTime(user.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Only meaningful with several instances: in single-instance mode the section is not shown at all. */
function InstancesSection() {
  const instances = useQuery(instancesQuery);
  if (!instances.data || instances.data.mode !== 'ha') return null;
  return (
    <section aria-labelledby="instances-title" className="card" data-testid="instances-section">
      <h2 id="instances-title">Controller instances</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Registered instances</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">URL</th>
              <th scope="col">Status</th>
              <th scope="col">Sessions</th>
              <th scope="col">Viewers</th>
              <th scope="col">Last heartbeat</th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {instances.data.instances.map((instance) => (
              <tr key={instance.instance_id}>
                <td className="mono">{instance.instance_id}</td>
                <td className="mono small">{instance.url}</td>
                <td>
                  <span className={`pill pill--${instance.status === 'up' ? 'active' : 'revoked'}`}>{instance.status}</span>
                </td>
                <td>{instance.sessions_hosted}</td>
                <td>{instance.viewers_connected}</td>
                <td>{formatDateTime(instance.last_heartbeat)}</td>
                <td>{formatDateTime(instance.registered_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
