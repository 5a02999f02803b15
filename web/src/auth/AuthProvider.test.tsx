import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, deferred, json, mockApi, session } from '../test/http';
import { AuthProvider } from './AuthProvider';
import { AUTH_CHANNEL, AUTH_STORAGE_KEY, type AuthMessage } from './channel';
import { useAuth } from './context';
import { getSession, SIGNED_IN_KEY } from './session';

const REFRESH = 'POST /api/users/auth/refresh';

function Probe() {
  const auth = useAuth();
  return (
    <div>
      <p data-testid="status">{auth.status}</p>
      <p data-testid="user">{auth.user?.display_name ?? '-'}</p>
      <p data-testid="reason">{auth.endReason ?? '-'}</p>
      <button type="button" onClick={() => void auth.logout()}>
        Log out
      </button>
      <button type="button" onClick={() => void auth.login({ login: 'ada', password: 'correct horse' })}>
        Log in
      </button>
    </div>
  );
}

function renderProvider() {
  return render(
    <AuthProvider>
      <Probe />
    </AuthProvider>,
  );
}

const channels: BroadcastChannel[] = [];
function otherTab(): { channel: BroadcastChannel; received: AuthMessage[] } {
  const channel = new BroadcastChannel(AUTH_CHANNEL);
  channels.push(channel);
  const received: AuthMessage[] = [];
  channel.onmessage = (event: MessageEvent<AuthMessage>) => {
    received.push(event.data);
  };
  return { channel, received };
}

afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

describe('silent refresh on load', () => {
  it('shows loading, then signs back in from the refresh cookie', async () => {
    const answer = deferred<Response>();
    const api = mockApi({ [REFRESH]: () => answer.promise });
    renderProvider();

    expect(screen.getByTestId('status')).toHaveTextContent('loading');
    answer.resolve(json(200, session('tok-1')));

    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('authenticated');
    });
    expect(screen.getByTestId('user')).toHaveTextContent('Ada Lovelace');
    expect(getSession().accessToken).toBe('tok-1');
    expect(api.calls[0]?.credentials).toBe('same-origin');
  });

  it('is anonymous without a valid cookie', async () => {
    mockApi({ [REFRESH]: () => apiError(401, 'unauthenticated', 'No refresh cookie.') });
    renderProvider();
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    });
    expect(screen.getByTestId('reason')).toHaveTextContent('-');
  });

  it('is anonymous when the server cannot be reached', async () => {
    const api = mockApi({});
    api.fetch.mockRejectedValue(new TypeError('Failed to fetch'));
    renderProvider();
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    });
  });
});

describe('no sign-in to restore', () => {
  it('a browser that never signed in asks nothing on load: anonymous at once, log-in is its first request', async () => {
    localStorage.removeItem(SIGNED_IN_KEY);
    const api = mockApi({ 'POST /api/users/auth/login': () => json(200, session('tok-1')) });
    renderProvider();
    expect(screen.getByTestId('status')).toHaveTextContent('anonymous');

    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));

    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('authenticated');
    });
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/users/auth/login']);
    expect(localStorage.getItem(SIGNED_IN_KEY)).not.toBeNull();
  });

  it('a refused refresh forgets the sign-in, so the next load asks nothing', async () => {
    const api = mockApi({ [REFRESH]: () => apiError(401, 'unauthenticated', 'No refresh cookie.') });
    const first = renderProvider();
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    });
    expect(localStorage.getItem(SIGNED_IN_KEY)).toBeNull();
    first.unmount();

    renderProvider();
    expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    expect(api.calls).toHaveLength(1);
  });

  it('logging out forgets the sign-in; the marker holds no token', async () => {
    const api = mockApi({
      [REFRESH]: () => json(200, session('tok-1')),
      'POST /api/users/auth/logout': () => json(204),
    });
    renderProvider();
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('authenticated');
    });
    expect(localStorage.getItem(SIGNED_IN_KEY)).toBe('1');
    await userEvent.click(screen.getByRole('button', { name: 'Log out' }));
    await waitFor(() => {
      expect(api.callsTo('POST', '/api/users/auth/logout')).toHaveLength(1);
    });
    expect(localStorage.getItem(SIGNED_IN_KEY)).toBeNull();
  });
});

describe('refresh before expiry', () => {
  it('refreshes a minute before the token expires, and ends the session when refused', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = mockApi({
      [REFRESH]: [
        () => json(200, session('tok-1', undefined, 120)),
        () => json(200, session('tok-2', undefined, 120)),
        () => apiError(401, 'unauthenticated', 'Revoked.'),
      ],
    });
    renderProvider();
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByTestId('status')).toHaveTextContent('authenticated');
    expect(api.calls).toHaveLength(1);

    await act(() => vi.advanceTimersByTimeAsync(59_000));
    expect(api.calls).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(api.calls).toHaveLength(2);
    expect(getSession().accessToken).toBe('tok-2');

    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(api.calls).toHaveLength(3);
    expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    expect(screen.getByTestId('reason')).toHaveTextContent('expired');
  });
});

describe('log-out in every tab', () => {
  async function signedIn() {
    const api = mockApi({
      [REFRESH]: () => json(200, session('tok-1')),
      'POST /api/users/auth/logout': () => json(204),
    });
    renderProvider();
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('authenticated');
    });
    return api;
  }

  it('logging out here tells the other tabs and revokes the cookie', async () => {
    const tab = otherTab();
    const api = await signedIn();

    await userEvent.click(screen.getByRole('button', { name: 'Log out' }));

    expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    expect(screen.getByTestId('reason')).toHaveTextContent('logout');
    expect(getSession().accessToken).toBeNull();
    expect(api.callsTo('POST', '/api/users/auth/logout')).toHaveLength(1);
    await waitFor(() => {
      expect(tab.received).toContainEqual({ type: 'logout' });
    });
    expect(JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? '{}')).toMatchObject({ type: 'logout' });
  });

  it('a log-out in another tab signs this one out (BroadcastChannel)', async () => {
    await signedIn();
    otherTab().channel.postMessage({ type: 'logout' });
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    });
    expect(screen.getByTestId('reason')).toHaveTextContent('logout');
  });

  it('a log-out in another tab signs this one out (storage event, without BroadcastChannel)', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    await signedIn();
    act(() => {
      window.dispatchEvent(
        new StorageEvent('storage', { key: AUTH_STORAGE_KEY, newValue: JSON.stringify({ type: 'logout', at: 1 }) }),
      );
    });
    expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
  });

  it('a sign-in in another tab signs this one in', async () => {
    const api = mockApi({
      [REFRESH]: [() => apiError(401, 'unauthenticated', 'No cookie.'), () => json(200, session('tok-9'))],
    });
    renderProvider();
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('anonymous');
    });
    otherTab().channel.postMessage({ type: 'login' });
    await waitFor(() => {
      expect(screen.getByTestId('status')).toHaveTextContent('authenticated');
    });
    expect(api.callsTo('POST', '/api/users/auth/refresh')).toHaveLength(2);
  });
});
