// The matching card on the real realtime client: the messages on the socket and the gateway's answers.
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ada, json, mockApi, session } from '../test/http';
import { topics, twoSum } from '../test/questions';
import { renderApp } from '../test/render';
import { connectedSocket } from '../test/ws';

const routes = {
  'POST /api/users/auth/refresh': () => json(200, session()),
  'GET /api/users/me': () => json(200, ada),
  'GET /api/questions/topics': () => json(200, topics),
  'GET /api/questions/two-sum': () => json(200, twoSum),
};

function notify(kind: string, data: Record<string, unknown>, id: string) {
  return { v: 1, type: 'notify', notification_id: id, kind, data, sent_at: new Date().toISOString() };
}

describe('matching from the dashboard', () => {
  it('request, ack, queue, ready-check, room: over the socket', async () => {
    const user = userEvent.setup();
    mockApi(routes);
    renderApp('/dashboard');
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' });
    const socket = await connectedSocket();

    expect(screen.getByLabelText('Language')).toHaveValue('python'); // Ada's profile language
    await user.selectOptions(screen.getByLabelText(/^Difficulty/), 'easy');
    await user.click(screen.getByRole('button', { name: 'Find a partner' }));
    const request = socket.messages.at(-1)!;
    expect(request).toMatchObject({ type: 'match_request', difficulty: 'easy', topics: [], language: 'python' });
    const requestId = request.request_id as string;

    act(() => {
      socket.receive({ v: 1, type: 'ack', request_id: requestId });
    });
    expect(await screen.findByText('Searching for a partner…')).toBeInTheDocument();
    act(() => {
      const deadline = new Date(Date.now() + 60_000).toISOString();
      socket.receive(
        notify(
          'match.queued',
          {
            request_id: requestId,
            difficulty: 'easy',
            topics: [],
            language: 'python',
            deadline,
            waiting: 2,
            same_topics: 2,
            estimate_s: 12,
            requeued: null,
          },
          'n1',
        ),
      );
    });
    expect(screen.getByTestId('match-waiting')).toHaveTextContent('2 waiting at this difficulty');
    expect(screen.getByTestId('match-countdown')).toHaveTextContent('Time left: 1:00');

    act(() => {
      const deadline = new Date(Date.now() + 15_000).toISOString();
      socket.receive(
        notify(
          'match.proposed',
          {
            request_id: requestId,
            match_id: 'm-7',
            difficulty: 'easy',
            deadline,
            partner_name: 'Alan',
            language: 'python',
          },
          'n2',
        ),
      );
    });
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    expect(socket.messages.at(-1)).toEqual({
      v: 1,
      type: 'match_accept',
      request_id: requestId,
      match_id: 'm-7',
      difficulty: 'easy',
    });
    act(() => {
      socket.receive({ v: 1, type: 'ack', request_id: requestId });
      socket.receive(notify('match.found', { request_id: requestId, match_id: 'm-7', partner_name: 'Alan' }, 'n3'));
    });
    expect(screen.getByRole('status')).toHaveTextContent('Matched with Alan — preparing your room…');
    act(() => {
      socket.receive(
        notify('session.started', { session_id: 's-1', match_id: 'm-7', slug: 'two-sum', language: 'python' }, 'n4'),
      );
    });
    await waitFor(() => {
      expect(screen.getByTestId('location')).toHaveTextContent('/room/s-1');
    });
    expect(await screen.findByRole('heading', { level: 2, name: 'Two Sum' })).toBeInTheDocument();
  });

  it('a refused request goes back to the form with the reason', async () => {
    mockApi(routes);
    renderApp('/dashboard');
    const socket = await connectedSocket();
    const ask = socket.messages.find((m) => m.type === 'match_state')!; // sent on connecting: the gateway acks it
    act(() => {
      socket.receive({ v: 1, type: 'ack', request_id: ask.request_id });
    });
    await userEvent.selectOptions(await screen.findByLabelText(/^Difficulty/), 'hard');
    await userEvent.click(screen.getByRole('button', { name: 'Find a partner' }));
    act(() => {
      socket.receive({ v: 1, type: 'error', code: 'invalid_message', message: 'Invalid match_request.', details: {} });
    });
    expect(await screen.findByText(/The server refused it \(invalid_message\)/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Find a partner' })).toBeInTheDocument();
  });
});
