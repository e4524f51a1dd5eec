import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Instance, SshHostKey, User } from '../../../protocol/rest.js';
import { forgetHostKey, hostKeysQuery, instancesQuery } from '../../api/admin.js';
import { useToasts } from '../../state/toasts.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';
import { AbsoluteTime } from '../../ui/Time.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { DataTable, type Column } from '../../ui/DataTable.js';
import { UsersSection } from './UsersSection.js';

export default function AdminPage({ user }: { user: User }) {
  usePageTitle('Admin');
  return (
    <section className="page" aria-labelledby="admin-title" data-testid="admin-page">
      <header className="page__header">
        <h1 id="admin-title">Admin</h1>
      </header>
      <UsersSection me={user} />
      <HostKeysSection />
      <InstancesSection />
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
        columns={instanceColumns}
        rows={instances.data.instances}
        rowKey={(instance) => instance.instance_id}
      />
    </section>
  );
}

const instanceColumns: Column<Instance>[] = [
  { header: 'Instance', cell: (instance) => instance.instance_id, className: 'mono break' },
  { header: 'URL', cell: (instance) => instance.url, className: 'mono small break' },
  {
    header: 'Status',
    cell: (instance) => <span className={`pill pill--${instance.status === 'up' ? 'active' : 'revoked'}`}>{instance.status}</span>,
  },
  { header: 'Sessions', cell: (instance) => instance.sessions_hosted },
  { header: 'Viewers', cell: (instance) => instance.viewers_connected },
  { header: 'Last heartbeat', cell: (instance) => <AbsoluteTime value={instance.last_heartbeat} /> },
  { header: 'Registered', cell: (instance) => <AbsoluteTime value={instance.registered_at} /> },
];

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
        <DataTable
          caption="Pinned SSH host keys"
          columns={hostKeyColumns}
          rows={hostKeys.data.host_keys}
          rowKey={(hostKey) => hostKey.host_key_id}
          rowAttributes={() => ({ 'data-testid': 'host-key-row' })}
          stackBelow="narrow"
        />
      )}
    </section>
  );
}

const addressOf = (hostKey: SshHostKey) => `${hostKey.host}:${hostKey.port}`;

const hostKeyColumns: Column<SshHostKey>[] = [
  { header: 'Host', cell: addressOf, className: 'mono break' },
  {
    header: 'Key',
    className: 'break',
    cell: (hostKey) => (
      <>
        <div className="mono small">{hostKey.fingerprint}</div>
        <div className="muted small">{hostKey.algorithm}</div>
      </>
    ),
  },
  {
    header: 'First seen',
    cell: (hostKey) => (
      <>
        <AbsoluteTime value={hostKey.first_seen_at} />
        <div className="muted small">by {hostKey.first_seen_by.email ?? hostKey.first_seen_by.user_id}</div>
      </>
    ),
  },
  { header: '', cell: (hostKey) => <ForgetHostKeyButton hostKey={hostKey} /> },
];

function ForgetHostKeyButton({ hostKey }: { hostKey: SshHostKey }) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const address = addressOf(hostKey);
  const forget = useMutation({
    mutationFn: () => forgetHostKey(hostKey.host_key_id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: hostKeysQuery.queryKey });
      showToast({ message: `Forgot the host key of ${address}; the next session trusts the key it presents.`, tone: 'success' });
    },
    onError: (error) => showToast({ message: `Could not forget the key: ${error.message}`, tone: 'error' }),
  });
  return (
    <button
      type="button"
      className="button button--danger button--small"
      disabled={forget.isPending}
      onClick={() => forget.mutate()}
      aria-label={`Forget the host key of ${address}`}
    >
      Forget
    </button>
  );
}
