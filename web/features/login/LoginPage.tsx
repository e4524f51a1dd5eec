import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useSearch } from 'wouter';
import { login, meQuery } from '../../api/auth.js';

/** Only same-site paths may be a redirect target, never "//evil.example" or an absolute URL. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export default function LoginPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNextPath(new URLSearchParams(search).get('next'));

  const mutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: (response) => {
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, response.user);
      navigate(next, { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={onSubmit} aria-labelledby="login-title" data-testid="login-form">
        <h1 id="login-title">
          <span aria-hidden="true" className="brand-mark">
            ›_
          </span>{' '}
          NetStacks
        </h1>
        <p className="muted">
          {next.startsWith('/shared/') ? 'Sign in to watch the shared session.' : 'Sign in to your Controller.'}
        </p>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {mutation.isError && (
          <p className="error-text" role="alert" data-testid="login-error">
            {mutation.error.message}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
