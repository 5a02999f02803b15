import { Link, useNavigate, useSearchParams } from 'react-router';
import { confirmPasswordReset } from '../api/accounts';
import { ApiError } from '../api/client';
import { useForm } from '../hooks/useForm';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { StatusMessage } from '../ui/Status';
import { TextField } from '../ui/TextField';
import { MESSAGES, PASSWORD_HINT, validatePassword } from '../validation';

/** What the log-in page shows after a reset (its location state). */
export const RESET_DONE = { notice: 'password_reset' } as const;

/** A refused link (expired, used, replaced): only a new one helps. */
function linkRefused(error: ApiError | null): boolean {
  return typeof error?.details.reason === 'string' && error.details.reason.startsWith('reset_');
}

/** The page the mailed link opens (`/reset-password?token=...`): choose a new password, then log in with it. */
export default function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { new_password: '', confirm: '' },
    labels: {
      new_password: 'New password',
      confirm: 'Repeat the new password',
    },
    validate: (v) => ({
      new_password: validatePassword(v.new_password) ?? undefined,
      confirm: v.confirm !== v.new_password ? MESSAGES.passwordsDiffer : undefined,
    }),
    onSubmit: (v) => confirmPasswordReset({ token, new_password: v.new_password }),
    onSuccess: () => {
      void navigate('/login', { replace: true, state: RESET_DONE });
    },
  });
  const refused = linkRefused(form.error instanceof ApiError ? form.error : null);

  return (
    <div className="auth-page">
      <title>Choose a new password · PeerPrep</title>
      <div className="card auth-card">
        <div className="card__header">
          <h1>Choose a new password</h1>
          <p>Setting it signs you out on every device; then log in with the new one.</p>
        </div>
        {token === '' ? (
          <StatusMessage tone="error">
            This page needs the link from the reset mail. <Link to="/forgot-password">Ask for a new link</Link>.
          </StatusMessage>
        ) : (
          <form className="form" noValidate onSubmit={form.handleSubmit}>
            <FormError summary={form.summary} focusKey={form.focusKey} />
            {refused && (
              <p>
                <Link to="/forgot-password">Ask for a new reset link</Link>
              </p>
            )}
            <TextField
              {...form.field('new_password')}
              label="New password"
              type="password"
              autoComplete="new-password"
              hint={PASSWORD_HINT}
            />
            <TextField
              {...form.field('confirm')}
              label="Repeat the new password"
              type="password"
              autoComplete="new-password"
            />
            <Button type="submit" block size="lg" loading={form.pending}>
              Set new password
            </Button>
          </form>
        )}
        <p className="auth-card__alt">
          <Link to="/login">Back to log in</Link>
        </p>
      </div>
    </div>
  );
}
