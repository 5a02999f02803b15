import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { getSession } from '../auth/session';
import { ada, apiError, json, mockApi, session } from '../test/http';
import { renderApp } from '../test/render';
import { MESSAGES, PASSWORD_HINT } from '../validation';

const base = {
  'POST /api/users/auth/refresh': () => json(200, session('tok-1')),
  'GET /api/users/me': () => json(200, ada),
};

async function openProfile(routes: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({ ...base, ...routes });
  renderApp('/profile');
  await screen.findByRole('button', { name: 'Save profile' });
  return api;
}

describe('profile page', () => {
  it('shows an error with a retry when the profile cannot load', async () => {
    const user = userEvent.setup();
    mockApi({
      ...base,
      'GET /api/users/me': [() => json(503, { error: { code: 'unavailable', message: 'Try again shortly.' } }), () => json(200, ada)],
    });
    renderApp('/profile');
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again shortly.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Save profile' })).toBeInTheDocument();
  });

  it('saves only what changed', async () => {
    const user = userEvent.setup();
    const api = await openProfile({
      'PATCH /api/users/me': (call) => json(200, { ...ada, ...(call.body as object) }),
    });
    const name = screen.getByLabelText('Display name');
    expect(name).toHaveValue('Ada Lovelace');
    await user.clear(name);
    await user.type(name, 'Countess of Lovelace');
    await user.selectOptions(screen.getByLabelText('Preferred language'), 'cpp');
    await user.selectOptions(screen.getByLabelText('Proficiency'), '');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
    expect(api.callsTo('PATCH', '/api/users/me')[0]?.body).toEqual({
      display_name: 'Countess of Lovelace',
      language: 'cpp',
      proficiency: null,
    });
    expect(getSession().user?.display_name).toBe('Countess of Lovelace');
    expect(screen.getByRole('button', { name: /^Account menu/ })).toHaveTextContent('Countess of Lovelace');

    // Saving again with nothing changed sends nothing and keeps what was saved.
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(api.callsTo('PATCH', '/api/users/me')).toHaveLength(1);
    expect(screen.getByLabelText('Display name')).toHaveValue('Countess of Lovelace');
  });

  it('shows the saved name and avatar on the profile card at once', async () => {
    const user = userEvent.setup();
    await openProfile({
      'PATCH /api/users/me': (call) => json(200, { ...ada, ...(call.body as object) }),
    });
    const card = screen.getByRole('region', { name: 'Profile' });
    expect(within(card).getByText('Ada Lovelace', { selector: 'strong' })).toBeInTheDocument();
    const name = screen.getByLabelText('Display name');
    await user.clear(name);
    await user.type(name, 'Grace Hopper');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
    expect(within(card).getByText('Grace Hopper', { selector: 'strong' })).toBeInTheDocument();
    expect(within(card).queryByText('Ada Lovelace', { selector: 'strong' })).not.toBeInTheDocument();
  });

  it('validates the profile fields', async () => {
    const user = userEvent.setup();
    await openProfile();
    await user.clear(screen.getByLabelText('Display name'));
    await user.type(screen.getByLabelText('Avatar image URL'), 'http://example.com/a.png');
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Mars/Base');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    const summary = screen.getByRole('alert');
    expect(summary).toHaveTextContent(MESSAGES.displayNameLength);
    expect(summary).toHaveTextContent(MESSAGES.avatarUrl);
    expect(summary).toHaveTextContent(MESSAGES.timezone);
  });

  it('changes the password, keeping this tab signed in', async () => {
    const user = userEvent.setup();
    const api = await openProfile({ 'POST /api/users/me/password': () => json(200, session('tok-after')) });
    await user.type(screen.getByLabelText('Current password'), 'correct horse battery');
    await user.type(screen.getByLabelText('New password'), 'ada@example.com');
    await user.tab();
    expect(screen.getByText(MESSAGES.passwordIsEmail)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'a much better passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByText(/Password changed/)).toBeInTheDocument();
    expect(api.callsTo('POST', '/api/users/me/password')[0]?.body).toEqual({
      current_password: 'correct horse battery',
      new_password: 'a much better passphrase',
    });
    expect(getSession().accessToken).toBe('tok-after');
    expect(screen.getByLabelText('Current password')).toHaveValue('');
  });

  it("shows the server's verdict on a guessable new password on its field", async () => {
    const user = userEvent.setup();
    const weak = 'This password is too easy to guess. Add another word or two. Uncommon words are better.';
    await openProfile({
      'POST /api/users/me/password': () =>
        apiError(422, 'invalid_input', 'Please fix the highlighted fields.', { new_password: weak }),
    });
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(PASSWORD_HINT);
    await user.type(screen.getByLabelText('Current password'), 'correct horse battery');
    await user.type(screen.getByLabelText('New password'), 'adalovelace1');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => {
      expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(`${weak} ${PASSWORD_HINT}`);
    });
  });

  it('shows a wrong current password on its field', async () => {
    const user = userEvent.setup();
    const api = await openProfile({
      // As user_svc answers it: a 401 marked as being about the password, not the token.
      'POST /api/users/me/password': () =>
        json(401, {
          error: { code: 'unauthenticated', message: 'The password is incorrect.', details: { reason: 'wrong_password' } },
        }),
    });
    await user.type(screen.getByLabelText('Current password'), 'not my password');
    await user.type(screen.getByLabelText('New password'), 'a much better passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() => {
      expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription('The password is incorrect.');
    });
    // No refresh and no retry (a retry would count as a second failed attempt); still signed in.
    expect(api.callsTo('POST', '/api/users/me/password')).toHaveLength(1);
    expect(api.callsTo('POST', '/api/users/auth/refresh')).toHaveLength(1); // the one on load
    expect(getSession().user).not.toBeNull();
  });

  it('deletes the account after confirming with the password', async () => {
    const user = userEvent.setup();
    const api = await openProfile({
      'POST /api/users/me/delete': (call) =>
        (call.body as { password: string }).password === 'correct horse battery'
          ? json(204)
          : apiError(401, 'unauthenticated', 'That password is incorrect.'),
    });
    await user.click(screen.getByRole('button', { name: 'Delete account' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete your account?' });
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(MESSAGES.loginPasswordRequired);

    await user.type(password, 'wrong password');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    await waitFor(() => {
      expect(password).toHaveAccessibleDescription('That password is incorrect.');
    });

    await user.clear(password);
    await user.type(password, 'correct horse battery');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));

    expect(await screen.findByText('Your account has been deleted.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/login');
    expect(api.callsTo('POST', '/api/users/me/delete').at(-1)?.body).toEqual({ password: 'correct horse battery' });
    expect(getSession().user).toBeNull();
  });

  it('closes the confirmation on Cancel without deleting', async () => {
    const user = userEvent.setup();
    const api = await openProfile();
    const opener = screen.getByRole('button', { name: 'Delete account' });
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(api.callsTo('POST', '/api/users/me/delete')).toHaveLength(0);
  });
});
