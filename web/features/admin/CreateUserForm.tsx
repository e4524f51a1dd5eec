import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { CreateUserRequest, Role } from '../../../protocol/rest.js';
import { createUser, usersQuery } from '../../api/admin.js';
import { isApiError } from '../../api/http.js';
import { useToasts } from '../../state/toasts.js';
import { Field, focusFirstInvalid } from '../../ui/Field.js';
import { ErrorMessage } from '../../ui/PageLoading.js';
import { roleLabel } from '../shell/permissions.js';

type Draft = { email: string; name: string; password: string; role: Role };
type Problems = Partial<Record<keyof Draft, string>>;
const emptyDraft: Draft = { email: '', name: '', password: '', role: 'engineer' };

const length = (issue: z.core.$ZodIssue, fallback: string) => {
  if (issue.code === 'too_small') return `At least ${String(issue.minimum)} characters.`;
  if (issue.code === 'too_big') return `At most ${String(issue.maximum)} characters.`;
  return fallback;
};

/** The server's own schema decides; the words are ours ("At least 8 characters."), one per field. */
export function problemsOf(draft: Draft): Problems {
  const parsed = CreateUserRequest.safeParse(draft);
  if (parsed.success) return {};
  const problems: Problems = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof Draft;
    if (problems[field]) continue;
    if (field === 'email') problems.email = issue.code === 'too_big' ? length(issue, '') : 'Enter an email address, like name@example.com.';
    if (field === 'name') problems.name = draft.name.trim() === '' ? 'Enter the person’s name.' : length(issue, 'Enter the person’s name.');
    if (field === 'password') problems.password = length(issue, 'Enter a password.');
    if (field === 'role') problems.role = 'Pick a role.';
  }
  return problems;
}

export function CreateUserForm() {
  const [draft, setDraft] = useState(emptyDraft);
  const [problems, setProblems] = useState<Problems>({});
  const formRef = useRef<HTMLFormElement>(null);
  const mutation = useCreateUser(() => setDraft(emptyDraft));
  const duplicate = isApiError(mutation.error, 409) && mutation.error.code === 'user_exists';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = problemsOf(draft);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(formRef.current);
    mutation.mutate(CreateUserRequest.parse(draft));
  };
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => {
      setDraft((current) => ({ ...current, [key]: event.target.value }));
      // A fixed value clears its message at once; new problems wait for the next submit.
      setProblems((current) => ({ ...current, [key]: undefined }));
      if (key === 'email') mutation.reset();
    },
  });
  const emailError = problems.email ?? (duplicate ? 'There is already a user with this email.' : null);

  return (
    <form ref={formRef} className="form-grid form-grid--inline" onSubmit={submit} noValidate aria-label="Create user" data-testid="create-user-form">
      <Field label="Email" error={emailError}>
        {(control) => <input {...control} type="email" autoComplete="off" {...field('email')} />}
      </Field>
      <Field label="Name" error={problems.name}>
        {(control) => <input {...control} autoComplete="off" {...field('name')} />}
      </Field>
      <Field label="Initial password" error={problems.password} hint="At least 8 characters.">
        {(control) => <input {...control} type="password" autoComplete="new-password" {...field('password')} />}
      </Field>
      <Field label="Role" error={problems.role}>
        {(control) => (
          <select {...control} {...field('role')}>
            {Role.options.map((role) => (
              <option key={role} value={role}>
                {roleLabel[role]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-grid__submit">
        <button type="submit" className="button button--primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Creating…' : 'Create user'}
        </button>
      </div>
      {mutation.isError && !duplicate && (
        <div className="form-grid__full">
          <ErrorMessage error={mutation.error} />
        </div>
      )}
    </form>
  );
}

function useCreateUser(onCreated: () => void) {
  const queryClient = useQueryClient();
  const showToast = useToasts((state) => state.show);
  return useMutation({
    mutationFn: (request: CreateUserRequest) => createUser(request),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
      showToast({ message: `Created ${roleLabel[user.role].toLowerCase()} ${user.email}.`, tone: 'success' });
      onCreated();
    },
  });
}
