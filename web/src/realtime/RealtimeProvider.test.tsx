import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, useEffect, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { AuthProvider } from '../auth/AuthProvider';
import { useAuth } from '../auth/context';
import { apiError, json, mockApi, session } from '../test/http';
import { SENT_AT } from '../test/match';
import { FakeWebSocket } from '../test/ws';
import { useRealtime } from './context';
import type { Notify } from './protocol';
import { RealtimeProvider } from './RealtimeProvider';

const REFRESH = 'POST /api/users/auth/refresh';

function Probe() {
  const { state, subscribe } = useRealtime();
  const { logout } = useAuth();
  const [matches, setMatches] = useState<string[]>([]);
  useEffect(
    () =>
      subscribe('match.found', (message) => {
        setMatches((list) => [...list, message.notification_id]);
      }),
    [subscribe],
  );
  return (
    <div>
      <p data-testid="state">{state ?? 'signed out'}</p>
      <p data-testid="matches">{matches.join(',')}</p>
      <button type="button" onClick={() => void logout()}>
        Log out
      </button>
    </div>
  );
}

function renderProvider() {
  return render(
    <StrictMode>
      <AuthProvider>
        <RealtimeProvider>
          <Probe />
        </RealtimeProvider>
      </AuthProvider>
    </StrictMode>,
  );
}

describe('RealtimeProvider', () => {
  it('makes no socket while signed out', async () => {
    const api = mockApi({ [REFRESH]: () => apiError(401, 'unauthenticated', 'No cookie.') });
    renderProvider();
    await waitFor(() => {
      expect(api.calls.length).toBeGreaterThan(0);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByTestId('state')).toHaveTextContent('signed out');
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('one client per tab while signed in: notify reaches subscribers, log-out closes with 1000', async () => {
    mockApi({ [REFRESH]: () => json(200, session('tok-1')), 'POST /api/users/auth/logout': () => json(204) });
    renderProvider();
    await waitFor(() => {
      expect(FakeWebSocket.instances).toHaveLength(1);
    });
    expect(screen.getByTestId('state')).toHaveTextContent('connecting');
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.open();
      socket.ready();
    });
    expect(screen.getByTestId('state')).toHaveTextContent('connected');

    act(() => {
      for (const id of ['n1', 'n1', 'n2']) {
        const data = { request_id: 'r', match_id: 'm', partner_name: null };
        const frame: Notify = { v: 1, type: 'notify', notification_id: id, kind: 'match.found', data, sent_at: SENT_AT };
        socket.receive(frame);
      }
    });
    expect(screen.getByTestId('matches')).toHaveTextContent('n1,n2');

    await userEvent.click(screen.getByRole('button', { name: 'Log out' }));
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'logout' });
    expect(screen.getByTestId('state')).toHaveTextContent('signed out');
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
