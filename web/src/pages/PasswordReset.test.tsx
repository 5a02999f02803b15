import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json, mockApi } from '../test/http';
import { renderApp } from '../test/render';
import { MESSAGES } from '../validation';

const REFRESH = 'POST /api/users/auth/refresh';
const REQUEST = 'POST /api/users/auth/password-reset';
const CONFIRM = 'POST /api/users/auth/password-reset/confirm';
const ACCEPTED = {
  message: 'If an account uses that address, a link to reset its password is on its way.',
};
const anonymous = () => apiError(401, 'unauthenticated', 'No cookie.');

function refused(reason: string, message: string) {
  return json(422, {
    error: { code: 'invalid_input', message, details: { reason } },
  });
}

describe('forgot password', () => {
  it('is linked from the log-in page and asks for the email', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      [REFRESH]: anonymous,
      [REQUEST]: () => json(202, ACCEPTED),
    });
    renderApp('/login');
    await user.click(await screen.findByRole('link', { name: 'Forgot password?' }));
    await screen.findByRole('heading', { name: 'Forgot your password?' });

    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(screen.getByRole('alert')).toHaveTextContent(MESSAGES.emailInvalid);
    expect(api.callsTo('POST', '/api/users/auth/password-reset')).toHaveLength(0);

    await user.type(screen.getByLabelText('Email'), ' Ada@Example.com ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByText(/If an account uses ada@example\.com, a reset link is on its way/)).toBeVisible();
    expect(api.callsTo('POST', '/api/users/auth/password-reset')[0]?.body).toEqual({ email: 'ada@example.com' });
    expect(screen.getByRole('button', { name: 'Send another link' })).toBeEnabled();
  });
});

describe('reset password', () => {
  it('sets the new password with the token of the link, then offers log-in with a notice', async () => {
    const user = userEvent.setup();
    const api = mockApi({ [REFRESH]: anonymous, [CONFIRM]: () => json(204) });
    renderApp('/reset-password?token=tok%2Ben');
    await screen.findByRole('heading', { name: 'Choose a new password' });

    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a brand new passphrasE');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(screen.getByRole('alert')).toHaveTextContent(MESSAGES.passwordsDiffer);
    expect(api.callsTo('POST', '/api/users/auth/password-reset/confirm')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Repeat the new password'));
    await user.type(screen.getByLabelText('Repeat the new password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    await screen.findByRole('heading', { name: 'Welcome back' });
    expect(screen.getByTestId('location')).toHaveTextContent('/login');
    expect(screen.getByText(/Your password has been changed and every device signed out/)).toBeVisible();
    expect(api.callsTo('POST', '/api/users/auth/password-reset/confirm')[0]?.body).toEqual({
      token: 'tok+en',
      new_password: 'a brand new passphrase',
    });
  });

  it('shows why a link is refused and offers a new one', async () => {
    const user = userEvent.setup();
    mockApi({
      [REFRESH]: anonymous,
      [CONFIRM]: () => refused('reset_expired', 'This reset link has expired. Ask for a new one.'),
    });
    renderApp('/reset-password?token=old');
    await screen.findByRole('heading', { name: 'Choose a new password' });
    await user.type(screen.getByLabelText('New password'), 'a brand new passphrase');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('This reset link has expired. Ask for a new one.');
    });
    await user.click(screen.getByRole('link', { name: 'Ask for a new reset link' }));
    await screen.findByRole('heading', { name: 'Forgot your password?' });
  });

  it("puts the server's password message on the field", async () => {
    const user = userEvent.setup();
    mockApi({
      [REFRESH]: anonymous,
      [CONFIRM]: () =>
        apiError(422, 'invalid_input', 'Please fix the highlighted fields.', {
          new_password: 'Too easy to guess.',
        }),
    });
    renderApp('/reset-password?token=tok');
    await screen.findByRole('heading', { name: 'Choose a new password' });
    await user.type(screen.getByLabelText('New password'), 'password1234');
    await user.type(screen.getByLabelText('Repeat the new password'), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('Too easy to guess.');
    });
    expect(screen.queryByRole('link', { name: 'Ask for a new reset link' })).toBeNull();
  });

  it('without a token, points to where a link is asked for', async () => {
    mockApi({ [REFRESH]: anonymous });
    renderApp('/reset-password');
    await screen.findByRole('heading', { name: 'Choose a new password' });
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });
});
