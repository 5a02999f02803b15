import { describe, expect, it } from 'vitest';
import { getSession, setSession } from '../auth/session';
import { apiError, json, mockApi, session } from '../test/http';
import { sessionAuth } from './browser';

const REFRESH = 'POST /api/users/auth/refresh';

describe('sessionAuth (the realtime client and the auth code)', () => {
  it('refresh: a new token from the refresh cookie', async () => {
    setSession(session('tok-1'));
    mockApi({ [REFRESH]: () => json(200, session('tok-2')) });
    await expect(sessionAuth.refresh()).resolves.toBe(true);
    expect(sessionAuth.token()).toBe('tok-2');
  });

  it('refresh refused: the session ends as expired', async () => {
    setSession(session('tok-1'));
    mockApi({ [REFRESH]: () => apiError(401, 'unauthenticated', 'Revoked.') });
    await expect(sessionAuth.refresh()).resolves.toBe(false);
    expect(getSession()).toMatchObject({ accessToken: null, endReason: 'expired' });
  });

  it('signOut: the account is gone', () => {
    setSession(session('tok-1'));
    sessionAuth.signOut();
    expect(getSession()).toMatchObject({ accessToken: null, endReason: 'deleted' });
  });
});
