import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateSessionRequest, Session } from '../../../protocol/rest.js';
import { devicesQuery } from '../../api/devices.js';
import { createSession, sessionsQuery } from '../../api/sessions.js';
import { useToasts } from '../../state/toasts.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage, PageLoading } from '../../ui/PageLoading.js';

export interface NewSessionDialogProps {
  open: boolean;
  onClose: () => void;
  onOpened: (session: Session) => void;
}

/** Device picker (GET /api/v1/devices) and an ad-hoc SSH form, both ending in POST /api/v1/sessions. */
export function NewSessionDialog({ open, onClose, onOpened }: NewSessionDialogProps) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const mutation = useMutation({
    mutationFn: (request: CreateSessionRequest) => createSession(request),
    onSuccess: (session) => {
      // Trust on first use: say which key was trusted, so it can be checked against the device.
      if (session.host_key?.first_use) {
        showToast(
          {
            message: `First connection to ${session.device.host}:${session.device.port}: its ${session.host_key.algorithm} host key ${session.host_key.fingerprint} is now trusted.`,
            tone: 'info',
          },
          15_000,
        );
      }
      queryClient.setQueryData(sessionsQuery.queryKey, (list) =>
        list ? { sessions: [...list.sessions.filter((s) => s.session_id !== session.session_id), session] } : list,
      );
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      onOpened(session);
    },
  });

  return (
    <Dialog open={open} onClose={onClose} title="New session" testId="new-session-dialog" wide>
      <DevicePicker pending={mutation.isPending} onPick={(deviceId) => mutation.mutate({ device_id: deviceId })} />
      <AdHocForm pending={mutation.isPending} onSubmit={(request) => mutation.mutate(request)} />
      {mutation.isError && <ErrorMessage error={mutation.error} />}
    </Dialog>
  );
}

function DevicePicker({ pending, onPick }: { pending: boolean; onPick: (deviceId: string) => void }) {
  const devices = useQuery(devicesQuery);
  return (
    <section aria-labelledby="devices-heading" className="dialog-section">
      <h3 id="devices-heading">Devices</h3>
      {devices.isPending && <PageLoading label="Loading devices…" />}
      {devices.isError && <ErrorMessage error={devices.error} />}
      {devices.data?.devices.length === 0 && <p className="muted">No devices are configured.</p>}
      <ul className="device-list">
        {devices.data?.devices.map((device) => (
          <li key={device.device_id} className="device-list__item">
            <span>
              <strong>{device.name}</strong>{' '}
              <span className="muted">
                {device.host}:{device.port} · {device.kind}
              </span>
            </span>
            <button
              type="button"
              className="button button--primary"
              disabled={pending}
              data-testid={`connect-${device.device_id}`}
              aria-label={`Connect to ${device.name}`}
              onClick={() => onPick(device.device_id)}
            >
              Connect
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AdHocForm({ pending, onSubmit }: { pending: boolean; onSubmit: (request: CreateSessionRequest) => void }) {
  const [host, setHost] = useState('');
  const [port, setPort] = useState('22');
  const [username, setUsername] = useState('');
  const [auth, setAuth] = useState<'password' | 'key'>('password');
  const [password, setPassword] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const portNumber = Number(port);
  const portValid = Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65_535;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!portValid) return;
    const credentials = auth === 'password' ? { password } : { private_key: privateKey.trim() + '\n' };
    onSubmit({ host: host.trim(), port: portNumber, username: username.trim(), ...credentials });
  };

  return (
    <form className="dialog-section" onSubmit={submit} aria-labelledby="adhoc-heading">
      <h3 id="adhoc-heading">Ad-hoc SSH host</h3>
      <div className="form-grid">
        <label className="field">
          <span>Host</span>
          <input required value={host} onChange={(e) => setHost(e.target.value)} placeholder="10.0.0.1" autoComplete="off" />
        </label>
        <label className="field field--narrow">
          <span>Port</span>
          <input
            required
            inputMode="numeric"
            value={port}
            aria-invalid={!portValid}
            onChange={(e) => setPort(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Username</span>
          <input required value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </label>
      </div>
      <AuthFields auth={auth} onAuth={setAuth} password={password} onPassword={setPassword} privateKey={privateKey} onPrivateKey={setPrivateKey} />
      {!portValid && <p className="error-text">Port must be a number from 1 to 65535.</p>}
      <button type="submit" className="button" disabled={pending || !portValid}>
        {pending ? 'Connecting…' : 'Connect'}
      </button>
    </form>
  );
}

interface AuthFieldsProps {
  auth: 'password' | 'key';
  onAuth: (auth: 'password' | 'key') => void;
  password: string;
  onPassword: (password: string) => void;
  privateKey: string;
  onPrivateKey: (privateKey: string) => void;
}

/** Password or private key, one of the two. */
function AuthFields({ auth, onAuth, password, onPassword, privateKey, onPrivateKey }: AuthFieldsProps) {
  return (
    <>
      <fieldset className="fieldset">
        <legend>Authenticate with</legend>
        <div className="segmented">
          {(
            [
              { value: 'password', label: 'Password' },
              { value: 'key', label: 'Private key' },
            ] as const
          ).map((option) => (
            <label key={option.value} className="segmented__option">
              <input type="radio" name="adhoc-auth" value={option.value} checked={auth === option.value} onChange={() => onAuth(option.value)} />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        {auth === 'password' ? (
          <label className="field">
            <span>Password</span>
            <input
              required
              type="password"
              value={password}
              onChange={(e) => onPassword(e.target.value)}
              autoComplete="new-password"
            />
          </label>
        ) : (
          <label className="field form-grid__full">
            <span>Private key (OpenSSH or PEM, unencrypted; used for this connection only, never stored)</span>
            <textarea
              required
              className="mono small"
              rows={5}
              value={privateKey}
              onChange={(e) => onPrivateKey(e.target.value)}
              spellCheck={false}
              autoComplete="off"
              placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            />
          </label>
        )}
      </div>
    </>
  );
}
