import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, deferred, json, mockApi, session } from './test/http';
import { renderApp } from './test/render';
import { FakeWebSocket } from './test/ws';

const REFRESH = 'POST /api/users/auth/refresh';
const LOGIN = 'POST /api/users/auth/login';
const anonymous = { [REFRESH]: () => apiError(401, 'unauthenticated', 'No cookie.') };
const signedIn = {
  [REFRESH]: () => json(200, session('tok-1')),
  // The dashboard's matching card lists the topics.
  'GET /api/questions/topics': () => json(200, []),
};

const location = () => screen.getByTestId('location').textContent;

describe('protected routes', () => {
  it('show a loading state while the silent refresh runs, then send a signed-out user to log in', async () => {
    const answer = deferred<Response>();
    mockApi({ [REFRESH]: () => answer.promise });
    renderApp('/profile');

    expect(screen.getByRole('status')).toHaveTextContent('Checking your sign-in…');
    answer.resolve(apiError(401, 'unauthenticated', 'No cookie.'));

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument();
    expect(location()).toBe('/login');
    expect(screen.getByText('Log in to continue.')).toBeInTheDocument();
  });

  it('return the user to where they wanted to go after logging in', async () => {
    const user = userEvent.setup();
    const api = mockApi({ ...anonymous, [LOGIN]: () => json(200, session('tok-2')) });
    renderApp('/dashboard');
    await screen.findByRole('heading', { name: 'Welcome back' });

    await user.type(screen.getByLabelText('Email or username'), ' ada ');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeInTheDocument();
    expect(location()).toBe('/dashboard');
    expect(api.callsTo('POST', '/api/users/auth/login')[0]?.body).toEqual({
      login: 'ada',
      password: 'correct horse battery',
    });
  });

  it('show the page to a signed-in user after a reload', async () => {
    mockApi(signedIn);
    renderApp('/dashboard');
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText('No attempts yet')).toBeInTheDocument();
  });
});

describe('public routes', () => {
  it('the landing page explains PeerPrep and offers sign-up and log-in', async () => {
    mockApi(anonymous);
    renderApp('/');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Practise technical interviews with a partner' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/signup');
    expect(screen.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
    expect(screen.queryByRole('button', { name: /^Account menu/ })).not.toBeInTheDocument();
  });

  it('the landing page and log-in send a signed-in user to the dashboard', async () => {
    mockApi(signedIn);
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeInTheDocument();
    expect(location()).toBe('/dashboard');
  });

  it('an unknown address shows a not-found page', async () => {
    mockApi(anonymous);
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
  });

  it('sets the document title per page', async () => {
    mockApi(anonymous);
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Welcome back' });
    await waitFor(() => {
      expect(document.title).toBe('Log in · PeerPrep');
    });
  });
});

describe('log-in form', () => {
  it("shows the server's message for wrong credentials, and for throttling", async () => {
    const user = userEvent.setup();
    mockApi({
      ...anonymous,
      [LOGIN]: [
        () => apiError(401, 'unauthenticated', 'Email/username or password is incorrect.'),
        () =>
          json(429, {
            error: { code: 'rate_limited', message: 'Too many attempts. Try again in 30 seconds.', details: { retry_after_s: 30 } },
          }),
      ],
    });
    renderApp('/login');
    await screen.findByRole('heading', { name: 'Welcome back' });
    await user.type(screen.getByLabelText('Email or username'), 'ada');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Email/username or password is incorrect.');
    expect(screen.getByRole('alert')).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('Too many attempts. Try again in 30 seconds.');
    });
  });
});

describe('the header', () => {
  it('has a skip link, the connection indicator and the account menu with log-out', async () => {
    const user = userEvent.setup();
    const api = mockApi({ ...signedIn, 'POST /api/users/auth/logout': () => json(204) });
    renderApp('/dashboard');
    await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' });

    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Connecting…');
    // The gateway's side of /ws: the client authenticates first, and the header follows the socket.
    await waitFor(() => {
      expect(FakeWebSocket.instances).toHaveLength(1);
    });
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe('ws://localhost:5173/ws');
    act(() => {
      socket.open();
    });
    expect(socket.messages).toEqual([{ v: 1, type: 'auth', token: 'tok-1' }]);
    act(() => {
      socket.ready();
    });
    // The provider takes the client up in a render of its own, which a busy machine may not have done yet.
    await waitFor(() => {
      expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
    });
    expect(screen.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');

    const menu = screen.getByRole('button', { name: /^Account menu/ });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('button', { name: 'Log out' })).not.toBeInTheDocument();
    await user.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('link', { name: 'Profile' })).toHaveAttribute('href', '/profile');
    await user.keyboard('{Escape}');
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(menu).toHaveFocus();

    await user.click(menu);
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByText('You have logged out.')).toBeInTheDocument();
    expect(location()).toBe('/login');
    expect(api.callsTo('POST', '/api/users/auth/logout')).toHaveLength(1);
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'logout' });
    expect(screen.queryByTestId('connection-status')).not.toBeInTheDocument();
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('the theme toggle switches and remembers the theme', async () => {
    const user = userEvent.setup();
    mockApi(anonymous);
    renderApp('/');
    await screen.findByRole('heading', { level: 1 });
    const toDark = screen.getByRole('button', { name: 'Switch to dark theme' });
    await user.click(toDark);
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('peerprep-theme')).toBe('dark');
    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem('peerprep-theme')).toBe('light');
  });
});
