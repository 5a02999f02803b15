import { Link } from 'react-router';
import { useAuth } from '../auth/context';
import { useForm } from '../hooks/useForm';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { TextField } from '../ui/TextField';
import {
  PASSWORD_HINT,
  validateDisplayName,
  validateEmail,
  validatePassword,
  validateUsername,
} from '../validation';

const EMPTY = { email: '', username: '', display_name: '', password: '' };

export default function SignUp() {
  const { signup } = useAuth();
  const form = useForm({
    initialValues: EMPTY,
    labels: { email: 'Email', username: 'Username', display_name: 'Display name', password: 'Password' },
    validate: (v) => ({
      email: validateEmail(v.email) ?? undefined,
      username: validateUsername(v.username) ?? undefined,
      display_name: validateDisplayName(v.display_name, { required: false }) ?? undefined,
      password: validatePassword(v.password, { email: v.email, username: v.username }) ?? undefined,
    }),
    // Signed in on success: the route guard moves on to the dashboard.
    onSubmit: (v) =>
      signup({
        email: v.email.trim(),
        username: v.username.trim(),
        password: v.password,
        ...(v.display_name.trim() ? { display_name: v.display_name.trim() } : {}),
      }),
  });

  return (
    <div className="auth-page">
      <title>Sign up · PeerPrep</title>
      <div className="card auth-card">
        <div className="card__header">
          <h1>Create your account</h1>
          <p>Start practising with a partner in minutes.</p>
        </div>
        <form className="form" noValidate onSubmit={form.handleSubmit}>
          <FormError summary={form.summary} focusKey={form.focusKey} />
          <TextField {...form.field('email')} label="Email" type="email" autoComplete="email" inputMode="email" />
          <TextField
            {...form.field('username')}
            label="Username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            hint="3–30 characters: letters, digits, _ or -, starting with a letter."
          />
          <TextField
            {...form.field('display_name')}
            label="Display name"
            autoComplete="name"
            hint="Optional. What your partners see; your username if left empty."
          />
          <TextField
            {...form.field('password')}
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={PASSWORD_HINT}
          />
          <Button type="submit" block size="lg" loading={form.pending}>
            Sign up
          </Button>
        </form>
        <p className="auth-card__alt">
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      </div>
    </div>
  );
}
