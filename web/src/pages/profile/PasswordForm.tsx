import type { User } from '../../api/types';
import { useAuth } from '../../auth/context';
import { useForm } from '../../hooks/useForm';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { StatusMessage } from '../../ui/Status';
import { TextField } from '../../ui/TextField';
import { PASSWORD_HINT, validateCurrentPassword, validatePassword } from '../../validation';

const EMPTY = { current_password: '', new_password: '' };

export function PasswordForm({ user }: { user: User }) {
  const { changePassword } = useAuth();
  const form = useForm({
    initialValues: EMPTY,
    labels: { current_password: 'Current password', new_password: 'New password' },
    validate: (v) => ({
      current_password: validateCurrentPassword(v.current_password) ?? undefined,
      new_password: validatePassword(v.new_password, { email: user.email, username: user.username }) ?? undefined,
    }),
    onSubmit: (v) => changePassword({ current_password: v.current_password, new_password: v.new_password }),
    onSuccess: () => {
      form.reset(EMPTY);
    },
    // A 401 here means the current password was wrong (the client already retried with a fresh token).
    errorFields: (error) => (error.status === 401 ? { current_password: error.message } : {}),
  });

  return (
    <form className="form" noValidate onSubmit={form.handleSubmit}>
      <FormError summary={form.summary} focusKey={form.focusKey} />
      <StatusMessage>
        {form.status === 'success' ? 'Password changed. Your other sign-ins have been signed out.' : null}
      </StatusMessage>
      {/* Lets password managers pair the new password with the account. */}
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      <TextField
        {...form.field('current_password')}
        label="Current password"
        type="password"
        autoComplete="current-password"
      />
      <TextField
        {...form.field('new_password')}
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
      />
      <div className="form-actions">
        <Button type="submit" loading={form.pending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
