// axe-core on each page as rendered (the browser tests run it again in Chromium, with colour contrast,
// which jsdom cannot compute: theme.test.ts checks the palette instead).
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ada, apiError, json, mockApi, session } from './test/http';
import { questionPage, topics, twoSum } from './test/questions';
import { renderApp } from './test/render';
import { FakeWebSocket, connectedSocket } from './test/ws';

beforeEach(() => {
  // axe probes icon fonts through a canvas, which jsdom lacks: answer "no canvas" quietly.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

async function violations(): Promise<string[]> {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const anonymous = { 'POST /api/users/auth/refresh': () => apiError(401, 'unauthenticated', 'No cookie.') };
const signedIn = {
  'POST /api/users/auth/refresh': () => json(200, session()),
  'GET /api/users/me': () => json(200, ada),
  'GET /api/questions/topics': () => json(200, topics),
};

describe('accessibility (axe)', () => {
  it.each([
    ['/', 'Practise technical interviews with a partner'],
    ['/signup', 'Create your account'],
    ['/login', 'Welcome back'],
    ['/forgot-password', 'Forgot your password?'],
    ['/reset-password?token=t', 'Choose a new password'],
    ['/reset-password', 'Choose a new password'],
    ['/nowhere', 'Page not found'],
  ])('%s has no violations', async (path, heading) => {
    mockApi(anonymous);
    renderApp(path);
    await screen.findByRole('heading', { level: 1, name: heading });
    expect(await violations()).toEqual([]);
  });

  it('a form showing its errors has no violations', async () => {
    mockApi(anonymous);
    renderApp('/signup');
    await userEvent.click(await screen.findByRole('button', { name: 'Sign up' }));
    expect(await violations()).toEqual([]);
  });

  it('the dashboard, with the account menu open, has no violations', async () => {
    mockApi(signedIn);
    renderApp('/dashboard');
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' });
    await userEvent.click(screen.getByRole('button', { name: /^Account menu/ }));
    expect(await violations()).toEqual([]);
  });

  it('the matching card, queued and in the ready-check, has no violations', async () => {
    mockApi(signedIn);
    renderApp('/dashboard');
    await screen.findByLabelText('Arrays');
    expect(await violations()).toEqual([]);
    const socket = await connectedSocket();
    await userEvent.selectOptions(screen.getByLabelText(/^Difficulty/), 'easy');
    await userEvent.click(screen.getByRole('button', { name: 'Find a partner' }));
    const requestId = socket.messages.at(-1)!.request_id;
    const sentAt = new Date().toISOString();
    const deadline = new Date(Date.now() + 15_000).toISOString();
    act(() => {
      socket.receive({ v: 1, type: 'ack', request_id: requestId });
      socket.receive({
        v: 1,
        type: 'notify',
        notification_id: 'n1',
        kind: 'match.queued',
        sent_at: sentAt,
        data: { request_id: requestId, deadline, waiting: 1, same_topics: 1, estimate_s: null, requeued: null },
      });
    });
    await screen.findByRole('button', { name: 'Cancel search' });
    expect(await violations()).toEqual([]);
    act(() => {
      socket.receive({
        v: 1,
        type: 'notify',
        notification_id: 'n2',
        kind: 'match.proposed',
        sent_at: sentAt,
        data: { request_id: requestId, match_id: 'm', deadline, partner_name: null, difficulty: 'easy', language: 'java' },
      });
    });
    await screen.findByRole('dialog', { name: 'Partner found' });
    expect(await violations()).toEqual([]);
  });

  it('the profile, with the delete dialog open, has no violations', async () => {
    mockApi(signedIn);
    renderApp('/profile');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete account' }));
    await screen.findByRole('dialog', { name: 'Delete your account?' });
    expect(await violations()).toEqual([]);
  });

  it.each(['light', 'dark'])('the question browser, with filters and pages, has no violations (%s theme)', async (theme) => {
    document.documentElement.dataset.theme = theme;
    mockApi({
      ...signedIn,
      'GET /api/questions/topics': () => json(200, topics),
      'GET /api/questions': (call) =>
        json(200, call.query.get('q') === 'none' ? questionPage(0) : questionPage(45, Number(call.query.get('page')))),
    });
    renderApp('/questions?topic=Arrays&page=2');
    await screen.findByRole('link', { name: 'Question 21' });
    await screen.findByLabelText('Arrays (12)');
    expect(await violations()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Search questions'), 'none');
    await screen.findByText('No questions match');
    expect(await violations()).toEqual([]);
  });

  it('a question, with hints and the editorial open, has no violations', async () => {
    mockApi({ ...signedIn, 'GET /api/questions/two-sum': () => json(200, twoSum) });
    renderApp('/questions/two-sum');
    await screen.findByRole('heading', { level: 1, name: 'Two Sum' });
    expect(await violations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Show hint 1 of 3' }));
    await userEvent.click(screen.getByRole('button', { name: 'Show the editorial' }));
    expect(await violations()).toEqual([]);
  });

  it('a missing question has no violations', async () => {
    mockApi({ ...signedIn, 'GET /api/questions/nope': () => apiError(404, 'not_found', 'No question with this slug.') });
    renderApp('/questions/nope');
    await screen.findByRole('heading', { level: 1, name: 'Question not found' });
    expect(await violations()).toEqual([]);
  });

  it.each(['light', 'dark'])('the header in each connection state has no violations (%s theme)', async (theme) => {
    document.documentElement.dataset.theme = theme;
    mockApi(signedIn);
    renderApp('/dashboard');
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Ada Lovelace' });
    const indicator = screen.getByTestId('connection-status');
    expect(indicator).toHaveTextContent('Connecting…');
    expect(await violations()).toEqual([]);

    await waitFor(() => {
      expect(FakeWebSocket.instances).toHaveLength(1);
    });
    const socket = FakeWebSocket.latest();
    act(() => {
      socket.open();
      socket.ready();
      socket.receive({ v: 1, type: 'pong', id: 1 });
    });
    expect(indicator).toHaveTextContent('Connected');
    expect(await violations()).toEqual([]);

    act(() => {
      socket.serverClose(1001);
    });
    expect(indicator).toHaveTextContent('Reconnecting…');
    expect(await violations()).toEqual([]);

    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(indicator).toHaveTextContent('Offline');
    expect(await violations()).toEqual([]);
  });
});
