import { describe, expect, it } from 'vitest';
import { clearSession, getSession, setSession } from '../auth/session';
import { apiError, deferred, json, mockApi, session } from '../test/http';
import { getMe, login, logout, signup, updateMe } from './accounts';
import { ApiError, apiRequest, refreshSession } from './client';

const ME = 'GET /api/users/me';
const REFRESH = 'POST /api/users/auth/refresh';

describe('requests', () => {
  it('sends JSON under /api with the bearer token and same-origin cookies', async () => {
    setSession(session('tok-A'));
    const api = mockApi({ 'PATCH /api/users/me': (call) => json(200, { ...session().user, ...(call.body as object) }) });

    const user = await updateMe({ display_name: 'Countess' });

    expect(user.display_name).toBe('Countess');
    const [call] = api.calls;
    expect(call?.path).toBe('/api/users/me');
    expect(call?.headers.get('Authorization')).toBe('Bearer tok-A');
    expect(call?.headers.get('Content-Type')).toBe('application/json');
    expect(call?.headers.get('Accept')).toBe('application/json');
    expect(call?.credentials).toBe('same-origin');
    expect(call?.body).toEqual({ display_name: 'Countess' });
  });

  it('sends no token to sign-up, log-in and log-out', async () => {
    setSession(session('tok-A'));
    const api = mockApi({
      'POST /api/users/auth/signup': () => json(201, session('tok-B')),
      'POST /api/users/auth/login': () => json(200, session('tok-C')),
      'POST /api/users/auth/logout': () => json(204),
    });
    await signup({ email: 'ada@example.com', username: 'ada', password: 'correct horse' });
    await login({ login: 'ada', password: 'correct horse' });
    await logout();
    expect(api.calls.map((c) => c.headers.get('Authorization'))).toEqual([null, null, null]);
    expect(api.calls.every((c) => c.credentials === 'same-origin')).toBe(true);
  });

  it('returns undefined for 204', async () => {
    mockApi({ 'POST /api/users/auth/logout': () => json(204) });
    await expect(logout()).resolves.toBeUndefined();
  });
});

describe('401: one silent refresh, one retry', () => {
  it('refreshes once, then retries with the new token', async () => {
    setSession(session('old'));
    const api = mockApi({
      [ME]: [() => apiError(401, 'unauthenticated', 'Token expired.'), () => json(200, session().user)],
      [REFRESH]: () => json(200, session('new')),
    });

    const user = await getMe();

    expect(user.username).toBe('ada');
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([ME, REFRESH, ME]);
    expect(api.calls[0]?.headers.get('Authorization')).toBe('Bearer old');
    expect(api.calls[2]?.headers.get('Authorization')).toBe('Bearer new');
    expect(api.calls[1]?.credentials).toBe('same-origin');
    expect(api.calls[1]?.headers.get('Authorization')).toBeNull();
    expect(getSession().accessToken).toBe('new');
  });

  it('gives up when the refresh is refused: no loop, and the session ends as expired', async () => {
    setSession(session('old'));
    const api = mockApi({
      [ME]: () => apiError(401, 'unauthenticated', 'Token expired.'),
      [REFRESH]: () => apiError(401, 'unauthenticated', 'No valid refresh cookie.'),
    });

    const error = await getMe().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(api.calls).toHaveLength(2);
    expect(getSession()).toMatchObject({ user: null, accessToken: null, endReason: 'expired' });
  });

  it('does not refresh a second time when the retry is refused too', async () => {
    setSession(session('old'));
    const api = mockApi({
      'POST /api/users/me/password': () => apiError(401, 'unauthenticated', 'Your current password is incorrect.'),
      [REFRESH]: () => json(200, session('new')),
    });

    const error = await apiRequest('/users/me/password', { method: 'POST', body: {} }).catch((e: unknown) => e);

    expect((error as ApiError).message).toBe('Your current password is incorrect.');
    expect(api.callsTo('POST', '/api/users/auth/refresh')).toHaveLength(1);
    expect(api.calls).toHaveLength(3);
    expect(getSession().accessToken).toBe('new');
  });

  it('does not refresh for a 401 that is about a typed password', async () => {
    setSession(session('old'));
    const api = mockApi({
      'POST /api/users/me/delete': () =>
        json(401, {
          error: { code: 'unauthenticated', message: 'The password is incorrect.', details: { reason: 'wrong_password' } },
        }),
    });
    await expect(apiRequest('/users/me/delete', { method: 'POST', body: { password: 'x' } })).rejects.toMatchObject({
      status: 401,
      message: 'The password is incorrect.',
      details: { reason: 'wrong_password' },
    });
    expect(api.calls).toHaveLength(1);
    expect(getSession().accessToken).toBe('old');
  });

  it('does not refresh for a failed log-in', async () => {
    const api = mockApi({
      'POST /api/users/auth/login': () => apiError(401, 'unauthenticated', 'Email/username or password is incorrect.'),
    });
    await expect(login({ login: 'ada', password: 'wrong password' })).rejects.toMatchObject({
      status: 401,
      message: 'Email/username or password is incorrect.',
    });
    expect(api.calls).toHaveLength(1);
  });

  it('shares one refresh between concurrent requests', async () => {
    setSession(session('old'));
    const refresh = deferred<Response>();
    const api = mockApi({
      [ME]: (call) =>
        call.headers.get('Authorization') === 'Bearer new'
          ? json(200, session().user)
          : apiError(401, 'unauthenticated', 'Token expired.'),
      [REFRESH]: () => refresh.promise,
    });

    const both = Promise.all([getMe(), getMe(), getMe()]);
    await new Promise((r) => setTimeout(r, 0));
    refresh.resolve(json(200, session('new')));
    await both;

    expect(api.callsTo('POST', '/api/users/auth/refresh')).toHaveLength(1);
  });

  it('refreshes before sending when the token is about to expire', async () => {
    setSession(session('old', undefined, 5));
    const api = mockApi({
      [REFRESH]: () => json(200, session('new')),
      [ME]: () => json(200, session().user),
    });
    await getMe();
    expect(api.calls.map((c) => c.path)).toEqual(['/api/users/auth/refresh', '/api/users/me']);
    expect(api.calls[1]?.headers.get('Authorization')).toBe('Bearer new');
  });

  it('refreshes only once when the early refresh is refused', async () => {
    setSession(session('old', undefined, 5));
    const api = mockApi({
      [REFRESH]: () => apiError(401, 'unauthenticated', 'Revoked.'),
      [ME]: () => apiError(401, 'unauthenticated', 'Not signed in.'),
    });
    await expect(getMe()).rejects.toMatchObject({ status: 401 });
    expect(api.calls.map((c) => c.path)).toEqual(['/api/users/auth/refresh', '/api/users/me']);
    expect(getSession().endReason).toBe('expired');
  });

  it('refreshSession resolves to null when refused and rejects when it fails otherwise', async () => {
    mockApi({
      [REFRESH]: [
        () => apiError(401, 'unauthenticated', 'No cookie.'),
        () => json(502, undefined),
        () => apiError(429, 'rate_limited', 'Slow down.'),
      ],
    });
    await expect(refreshSession()).resolves.toBeNull();
    await expect(refreshSession()).rejects.toMatchObject({ status: 502 });
    await expect(refreshSession()).rejects.toMatchObject({ status: 429 });
  });

  it('a refresh answered after a log-out does not sign back in', async () => {
    setSession(session('old'));
    const answer = deferred<Response>();
    mockApi({ [REFRESH]: () => answer.promise });
    const pending = refreshSession();
    clearSession('logout');
    answer.resolve(json(200, session('late')));
    await expect(pending).resolves.toBeNull();
    expect(getSession()).toMatchObject({ accessToken: null, endReason: 'logout' });
  });
});

describe('errors', () => {
  it('parses the contract shape with field messages', async () => {
    mockApi({
      'POST /api/users/auth/signup': () =>
        apiError(422, 'invalid_input', 'Please fix the highlighted fields.', { password: 'Use at least 10 characters.' }),
    });
    const error = (await signup({ email: 'a@b.io', username: 'ada', password: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_input',
      message: 'Please fix the highlighted fields.',
      fieldErrors: { password: 'Use at least 10 characters.' },
      retryAfterS: null,
    });
    expect(error.hasFieldErrors).toBe(true);
  });

  it('reads the wait of a 429 from the body, else the Retry-After header', async () => {
    mockApi({
      'POST /api/users/auth/login': [
        () =>
          json(429, { error: { code: 'rate_limited', message: 'Too many attempts.', details: { retry_after_s: 30 } } }),
        () => json(429, { error: { code: 'rate_limited', message: 'Too many attempts.' } }, { 'Retry-After': '12' }),
      ],
    });
    await expect(login({ login: 'ada', password: 'x' })).rejects.toMatchObject({ code: 'rate_limited', retryAfterS: 30 });
    await expect(login({ login: 'ada', password: 'x' })).rejects.toMatchObject({ retryAfterS: 12 });
  });

  it('falls back on the status for a body of another shape', async () => {
    mockApi({
      'POST /api/users/auth/login': [
        () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
        () => json(422, { detail: [{ loc: ['body', 'login'], msg: 'field required' }] }),
        () => json(503, { error: 'down' }),
      ],
    });
    await expect(login({ login: 'a', password: 'b' })).rejects.toMatchObject({
      status: 502,
      code: 'http_error',
      message: 'Something went wrong on our side. Please try again.',
      fieldErrors: {},
    });
    await expect(login({ login: 'a', password: 'b' })).rejects.toMatchObject({ status: 422, code: 'invalid_input' });
    await expect(login({ login: 'a', password: 'b' })).rejects.toMatchObject({ status: 503, code: 'unavailable' });
  });

  it('turns a network failure into status 0', async () => {
    const api = mockApi({});
    api.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(login({ login: 'a', password: 'b' })).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('keeps only string field messages', async () => {
    mockApi({
      'PATCH /api/users/me': () =>
        json(422, { error: { code: 'invalid_input', message: 'Fix it.', details: { fields: { timezone: 'Bad.', n: 3 } } } }),
    });
    setSession(session());
    await expect(updateMe({ timezone: 'x' })).rejects.toMatchObject({ fieldErrors: { timezone: 'Bad.' } });
  });
});
