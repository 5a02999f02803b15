import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json, mockApi, session } from '../test/http';
import { renderApp } from '../test/render';
import { MESSAGES, PASSWORD_HINT } from '../validation';

const REFRESH = 'POST /api/users/auth/refresh';
const SIGNUP = 'POST /api/users/auth/signup';

/** The inline error tied to a field through aria-describedby, or null. */
function fieldError(label: string): string | null {
  const input = screen.getByLabelText(label);
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  const error = ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('field__error'));
  return error?.textContent ?? null;
}

async function openSignUp(routes: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({ [REFRESH]: () => apiError(401, 'unauthenticated', 'No cookie.'), ...routes });
  renderApp('/signup');
  await screen.findByRole('heading', { name: 'Create your account' });
  return api;
}

describe('sign-up form', () => {
  it('validates a field after its first blur, then as the user types', async () => {
    const user = userEvent.setup();
    await openSignUp();
    const email = screen.getByLabelText('Email');

    await user.type(email, 'ada');
    expect(fieldError('Email')).toBeNull(); // not while first typing
    expect(email).not.toHaveAttribute('aria-invalid');

    await user.tab();
    expect(fieldError('Email')).toBe(MESSAGES.emailInvalid);
    expect(email).toHaveAttribute('aria-invalid', 'true');

    await user.type(email, '@example.com');
    expect(fieldError('Email')).toBeNull(); // fixed as they type
    await user.clear(email);
    expect(fieldError('Email')).toBe(MESSAGES.emailInvalid);
  });

  it('checks the password against the email and username', async () => {
    const user = userEvent.setup();
    await openSignUp();
    await user.type(screen.getByLabelText('Username'), 'ada_lovelace');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.tab();
    expect(fieldError('Password')).toBe(MESSAGES.passwordTooShort);
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'ada_lovelace');
    expect(fieldError('Password')).toBe(MESSAGES.passwordIsUsername);
  });

  it('on submit shows every problem, sends nothing, and focuses the summary', async () => {
    const user = userEvent.setup();
    const api = await openSignUp();
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    const summary = screen.getByRole('alert');
    expect(summary).toHaveFocus();
    expect(summary).toHaveTextContent('Please fix the highlighted fields.');
    expect(fieldError('Email')).toBe(MESSAGES.emailInvalid);
    expect(fieldError('Username')).toBe(MESSAGES.usernameLength);
    expect(fieldError('Password')).toBe(MESSAGES.passwordTooShort);
    expect(fieldError('Display name')).toBeNull();
    expect(api.callsTo('POST', '/api/users/auth/signup')).toHaveLength(0);
  });

  it("shows the server's 409 message on the email field, until the email changes", async () => {
    const user = userEvent.setup();
    const api = await openSignUp({
      [SIGNUP]: () =>
        apiError(409, 'conflict', 'That email is already registered.', {
          email: 'That email is already registered.',
        }),
    });
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    await waitFor(() => {
      expect(fieldError('Email')).toBe('That email is already registered.');
    });
    expect(screen.getByRole('alert')).toHaveTextContent('That email is already registered.');
    expect(api.callsTo('POST', '/api/users/auth/signup')[0]?.body).toEqual({
      email: 'ada@example.com',
      username: 'ada',
      password: 'correct horse battery',
    });

    await user.type(screen.getByLabelText('Email'), 'x');
    expect(fieldError('Email')).toBeNull();
  });

  it("puts the server's 422 field messages on their fields", async () => {
    const user = userEvent.setup();
    await openSignUp({
      [SIGNUP]: () =>
        apiError(422, 'invalid_input', 'Please fix the highlighted fields.', {
          username: 'That username is reserved.',
        }),
    });
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    await waitFor(() => {
      expect(fieldError('Username')).toBe('That username is reserved.');
    });
  });

  it("shows the server's verdict on a guessable password, with zxcvbn's advice, on the password field", async () => {
    const user = userEvent.setup();
    const weak =
      'This password is too easy to guess. This is a very common password. Add another word or two. Uncommon words are better.';
    await openSignUp({
      [SIGNUP]: () => apiError(422, 'invalid_input', 'Please fix the highlighted fields.', { password: weak }),
    });
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(PASSWORD_HINT);
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'password123');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    await waitFor(() => {
      expect(fieldError('Password')).toBe(weak);
    });
    expect(screen.getByRole('alert')).toHaveTextContent(weak);
  });

  it('signs in and goes to the dashboard on success', async () => {
    const user = userEvent.setup();
    const api = await openSignUp({ [SIGNUP]: () => json(201, session('tok-new')) });
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Username'), 'ada');
    await user.type(screen.getByLabelText('Display name'), '  Ada Lovelace ');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    expect(await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/dashboard');
    expect(api.callsTo('POST', '/api/users/auth/signup')[0]?.body).toMatchObject({ display_name: 'Ada Lovelace' });
  });
});
