import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { saveRoom } from '../match/storage';
import { ada, json, mockApi, session } from '../test/http';
import { twoSum } from '../test/questions';
import { renderApp } from '../test/render';

const signedIn = {
  'POST /api/users/auth/refresh': () => json(200, session()),
  'GET /api/users/me': () => json(200, ada),
};

beforeEach(() => {
  sessionStorage.clear();
});

describe('the room placeholder', () => {
  it('shows the session’s question from the slug kept for it, and what is still to come', async () => {
    const api = mockApi({ ...signedIn, 'GET /api/questions/two-sum': () => json(200, twoSum) });
    saveRoom(sessionStorage, 's-9', { slug: 'two-sum', language: 'java' });
    renderApp('/room/s-9');
    expect(await screen.findByRole('heading', { level: 2, name: 'Two Sum' })).toBeInTheDocument();
    expect(screen.getByText('Easy')).toHaveAttribute('data-difficulty', 'easy');
    expect(screen.getByText('the indices')).toContainHTML('strong');
    expect(screen.getByText('Language: Java')).toBeInTheDocument();
    expect(
      screen.getByText('The shared editor, chat and run buttons arrive with the collaboration feature.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the dashboard' })).toHaveAttribute('href', '/dashboard');
    expect(api.callsTo('GET', '/api/questions/two-sum')).toHaveLength(1);
  });

  it('says so, loading nothing, when this tab does not know the room', async () => {
    const api = mockApi(signedIn);
    renderApp('/room/unknown');
    expect(await screen.findByRole('heading', { level: 1, name: 'Your practice room' })).toBeInTheDocument();
    expect(screen.getByText(/does not know the room’s question/)).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith('/api/questions'))).toEqual([]);
  });

  it('is only for signed-in users', async () => {
    mockApi({ 'POST /api/users/auth/refresh': () => json(401, { error: { code: 'unauthenticated', message: 'x' } }) });
    renderApp('/room/s-9');
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome back' })).toBeInTheDocument();
  });
});
