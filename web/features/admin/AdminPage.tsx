import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SshHostKey } from '../../../protocol/rest.js';
import { forgetHostKey, hostKeysQuery, instancesQuery, usersQuery } from '../../api/admin.js';
import { useToasts } from '../../state/toasts.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { formatDateTime } from '../../ui/time.js';
import { roleLabel } from '../shell/permissions.js';
import { CreateUserForm } from './CreateUserForm.js';
import { DataTable } from '../../ui/DataTable.js';

export default function AdminPage() {
  return (
    <section className="page" aria-labelledby="admin-title" data-testid="admin-page">
      <header className="page__header">
        <h1 id="admin-title">Admin</h1>
      </header>
      <UsersSection />
      <HostKeysSection />
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
        <DataTable caption="Users" columns={['Name', 'Email', 'Role', 'Created']} testId="users-table">
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
        </DataTable>
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
      <DataTable
        caption="Registered instances"
        columns={['Instance', 'URL', 'Status', 'Sessions', 'Viewers', 'Last heartbeat', 'Registered']}
      >
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
      </DataTable>
    </section>
  );
}

/**
 * Trust on first use: the key each ad-hoc SSH host presented first. A session to a host that now
 * presents another key is refused; forgetting the pin (after checking the device really was
 * re-keyed) lets the next session trust the new key.
 */
function HostKeysSection() {
  const hostKeys = useQuery(hostKeysQuery);
  return (
    <section aria-labelledby="host-keys-title" className="card" data-testid="host-keys-section">
      <h2 id="host-keys-title">SSH host keys</h2>
      <p className="muted">
        The key each SSH host presented the first time someone connected to it. A host presenting a different key is refused until
        its old key is forgotten here.
      </p>
      {hostKeys.isPending && <PageLoading label="Loading host keys…" />}
      {hostKeys.isError && <ErrorMessage error={hostKeys.error} />}
      {hostKeys.data && hostKeys.data.host_keys.length === 0 && <p className="muted">No host pinned yet.</p>}
      {hostKeys.data && hostKeys.data.host_keys.length > 0 && (
        <DataTable caption="Pinned SSH host keys" columns={['Host', 'Key', 'First seen', '']}>
          {hostKeys.data.host_keys.map((hostKey) => (
            <HostKeyRow key={hostKey.host_key_id} hostKey={hostKey} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function HostKeyRow({ hostKey }: { hostKey: SshHostKey }) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const address = `${hostKey.host}:${hostKey.port}`;
  const forget = useMutation({
    mutationFn: () => forgetHostKey(hostKey.host_key_id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: hostKeysQuery.queryKey });
      showToast({ message: `Forgot the host key of ${address}; the next session trusts the key it presents.`, tone: 'success' });
    },
    onError: (error) => showToast({ message: `Could not forget the key: ${error.message}`, tone: 'error' }),
  });
  return (
    <tr data-testid="host-key-row">
      <td className="mono">{address}</td>
      <td>
        <div className="mono small">{hostKey.fingerprint}</div>
        <div className="muted small">{hostKey.algorithm}</div>
      </td>
      <td>
        {formatDateTime(hostKey.first_seen_at)}
        <div className="muted small">by {hostKey.first_seen_by.email ?? hostKey.first_seen_by.user_id}</div>
      </td>
      <td>
        <button
          type="button"
          className="button button--danger button--small"
          disabled={forget.isPending}
          onClick={() => forget.mutate()}
          aria-label={`Forget the host key of ${address}`}
        >
          Forget
        </button>
      </td>
    </tr>
  );
}
