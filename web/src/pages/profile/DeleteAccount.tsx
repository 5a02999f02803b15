import { useState } from 'react';
import { useAuth } from '../../auth/context';
import { useForm } from '../../hooks/useForm';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { TextField } from '../../ui/TextField';
import { validateLoginPassword } from '../../validation';

function ConfirmDelete({ onCancel }: { onCancel: () => void }) {
  const { deleteAccount } = useAuth();
  // Success signs out everywhere; the route guard then leaves this page.
  const form = useForm({
    initialValues: { password: '' },
    labels: { password: 'Password' },
    validate: (v) => ({ password: validateLoginPassword(v.password) ?? undefined }),
    onSubmit: (v) => deleteAccount({ password: v.password }),
    errorFields: (error) => (error.status === 401 || error.status === 403 ? { password: error.message } : {}),
  });
  return (
    <form className="form" noValidate onSubmit={form.handleSubmit}>
      <p>This deletes your profile and your practice history. Enter your password to confirm.</p>
      <FormError summary={form.summary} focusKey={form.focusKey} />
      <TextField
        {...form.field('password')}
        label="Password"
        type="password"
        autoComplete="current-password"
        data-autofocus
      />
      <div className="form-actions">
        <Button type="submit" variant="danger" loading={form.pending}>
          Delete my account
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
  };
  return (
    <>
      <Button
        variant="danger"
        onClick={() => {
          setOpen(true);
        }}
      >
        Delete account
      </Button>
      <Dialog open={open} title="Delete your account?" onClose={close}>
        <ConfirmDelete onCancel={close} />
      </Dialog>
    </>
  );
}
