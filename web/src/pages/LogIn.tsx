import { Link, useLocation } from 'react-router';
import { useAuth } from '../auth/context';
import type { EndReason } from '../auth/session';
import { useForm } from '../hooks/useForm';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { StatusMessage } from '../ui/Status';
import { TextField } from '../ui/TextField';
import { validateLogin, validateLoginPassword } from '../validation';

const NOTICES: Record<EndReason, string> = {
  expired: 'Your session has ended. Log in again to carry on.',
  logout: 'You have logged out.',
  deleted: 'Your account has been deleted.',
};

function noticeFor(state: unknown): string | null {
  if (typeof state !== 'object' || state === null) return null;
  if ('notice' in state && state.notice === 'password_reset') {
    return 'Your password has been changed and every device signed out. Log in with the new password.';
  }
  if ('reason' in state && typeof state.reason === 'string' && state.reason in NOTICES) {
    return NOTICES[state.reason as EndReason];
  }
  return 'from' in state ? 'Log in to continue.' : null;
}

export default function LogIn() {
  const { login } = useAuth();
  const location = useLocation();
  const notice = noticeFor(location.state);
  const form = useForm({
    initialValues: { login: '', password: '' },
    labels: { login: 'Email or username', password: 'Password' },
    validate: (v) => ({
      login: validateLogin(v.login) ?? undefined,
      password: validateLoginPassword(v.password) ?? undefined,
    }),
    // Signed in on success: the route guard returns to where the user was going.
    onSubmit: (v) => login({ login: v.login.trim(), password: v.password }),
  });

  return (
    <div className="auth-page">
      <title>Log in · PeerPrep</title>
      <div className="card auth-card">
        <div className="card__header">
          <h1>Welcome back</h1>
          <p>Log in to find a partner and pick up where you left off.</p>
        </div>
        <form className="form" noValidate onSubmit={form.handleSubmit}>
          <StatusMessage tone="info">{form.summary ? null : notice}</StatusMessage>
          <FormError summary={form.summary} focusKey={form.focusKey} />
          <TextField
            {...form.field('login')}
            label="Email or username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
          />
          <TextField {...form.field('password')} label="Password" type="password" autoComplete="current-password" />
          <p className="auth-card__forgot">
            <Link to="/forgot-password">Forgot password?</Link>
          </p>
          <Button type="submit" block size="lg" loading={form.pending}>
            Log in
          </Button>
        </form>
        <p className="auth-card__alt">
          New to PeerPrep? <Link to="/signup">Sign up</Link>
        </p>
      </div>
    </div>
  );
}
