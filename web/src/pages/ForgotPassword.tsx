import { Link } from 'react-router';
import { requestPasswordReset } from '../api/accounts';
import { useForm } from '../hooks/useForm';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { StatusMessage } from '../ui/Status';
import { TextField } from '../ui/TextField';
import { normaliseEmail, validateEmail } from '../validation';

/** Ask for a reset link by mail. The server answers the same whether or not an account uses the address. */
export default function ForgotPassword() {
  const form = useForm({
    initialValues: { email: '' },
    labels: { email: 'Email' },
    validate: (v) => ({ email: validateEmail(v.email) ?? undefined }),
    onSubmit: (v) => requestPasswordReset({ email: normaliseEmail(v.email) }),
  });
  const sent = form.status === 'success';

  return (
    <div className="auth-page">
      <title>Forgot password · PeerPrep</title>
      <div className="card auth-card">
        <div className="card__header">
          <h1>Forgot your password?</h1>
          <p>Enter the email address of your account and we will mail you a link to choose a new one.</p>
        </div>
        <form className="form" noValidate onSubmit={form.handleSubmit}>
          <StatusMessage tone="success">
            {sent
              ? `If an account uses ${normaliseEmail(form.values.email)}, a reset link is on its way. ` +
                'It works once, for a short time; check your spam folder if nothing arrives.'
              : null}
          </StatusMessage>
          <FormError summary={form.summary} focusKey={form.focusKey} />
          <TextField
            {...form.field('email')}
            label="Email"
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
          />
          <Button type="submit" block size="lg" loading={form.pending}>
            {sent ? 'Send another link' : 'Send reset link'}
          </Button>
        </form>
        <p className="auth-card__alt">
          Remembered it? <Link to="/login">Log in</Link>
        </p>
      </div>
    </div>
  );
}
