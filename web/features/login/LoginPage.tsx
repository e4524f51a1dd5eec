import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useSearch } from 'wouter';
import { login, meQuery } from '../../api/auth.js';
import { Field, focusFirstInvalid } from '../../ui/Field.js';
import { usePageTitle } from '../../ui/usePageTitle.js';

/** Only same-site paths may be a redirect target, never "//evil.example" or an absolute URL. */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export default function LoginPage() {
  usePageTitle('Sign in');
  const search = useSearch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<{ email?: string; password?: string }>({});
  const formRef = useRef<HTMLFormElement>(null);
  const next = safeNextPath(new URLSearchParams(search).get('next'));
  const mutation = useLogin(next);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = loginProblems(email, password);
    setProblems(found);
    if (found.email || found.password) return focusFirstInvalid(formRef.current);
    mutation.mutate({ email: email.trim(), password });
  };

  return (
    <main className="login-page">
      <form ref={formRef} className="login-card" onSubmit={onSubmit} noValidate aria-labelledby="login-title" data-testid="login-form">
        <LoginHeading next={next} />
        <Field label="Email" error={problems.email}>
          {(control) => (
            <input
              {...control}
              type="email"
              name="email"
              autoComplete="username"
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Password" error={problems.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
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

function loginProblems(email: string, password: string): { email?: string; password?: string } {
  return {
    email: email.trim() === '' ? 'Enter the email you sign in with.' : undefined,
    password: password === '' ? 'Enter your password.' : undefined,
  };
}

function useLogin(next: string) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) => login(credentials.email, credentials.password),
    onSuccess: (response) => {
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, response.user);
      navigate(next, { replace: true });
    },
  });
}

function LoginHeading({ next }: { next: string }) {
  return (
    <>
      <h1 id="login-title">
        <span aria-hidden="true" className="brand-mark">
          ›_
        </span>{' '}
        NetStacks
      </h1>
      <p className="muted">{next.startsWith('/shared/') ? 'Sign in to watch the shared session.' : 'Sign in to your Controller.'}</p>
    </>
  );
}
