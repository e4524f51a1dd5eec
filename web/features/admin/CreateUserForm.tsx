import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CreateUserRequest, type Role } from '../../../protocol/rest.js';
import { createUser, usersQuery } from '../../api/admin.js';
import { useToasts } from '../../state/toasts.js';
import { ErrorMessage } from '../../ui/PageLoading.js';
import { roleLabel } from '../shell/permissions.js';

const roles: Role[] = ['engineer', 'noc_lead', 'guest', 'admin'];
const emptyDraft = { email: '', name: '', password: '', role: 'engineer' as Role };

export function CreateUserForm() {
  const [draft, setDraft] = useState(emptyDraft);
  const [problems, setProblems] = useState<string[]>([]);
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  const mutation = useMutation({
    mutationFn: (request: CreateUserRequest) => createUser(request),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
      showToast({ message: `Created ${roleLabel[user.role].toLowerCase()} ${user.email}.`, tone: 'success' });
      setDraft(emptyDraft);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The same schema the server applies, so the message matches what it would say.
    const parsed = CreateUserRequest.safeParse(draft);
    if (!parsed.success) {
      setProblems(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'form'}: ${issue.message}`));
      return;
    }
    setProblems([]);
    mutation.mutate(parsed.data);
  };
  const field = (key: keyof typeof draft) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value })),
  });

  return (
    <form className="form-grid form-grid--inline" onSubmit={submit} aria-label="Create user" data-testid="create-user-form">
      <label className="field">
        <span>Email</span>
        <input type="email" required autoComplete="off" {...field('email')} />
      </label>
      <label className="field">
        <span>Name</span>
        <input required autoComplete="off" {...field('name')} />
      </label>
      <label className="field">
        <span>Initial password</span>
        <input type="password" required minLength={8} autoComplete="new-password" {...field('password')} />
      </label>
      <label className="field">
        <span>Role</span>
        <select {...field('role')}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {roleLabel[role]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={mutation.isPending}>
        {mutation.isPending ? 'Creating…' : 'Create user'}
      </button>
      {problems.length > 0 && (
        <ul className="error-text" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {mutation.isError && <ErrorMessage error={mutation.error} />}
    </form>
  );
}
