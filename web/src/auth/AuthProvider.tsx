import { type ReactNode, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import * as accounts from '../api/accounts';
import { endExpiredSession, refreshSession } from '../api/client';
import type { Session } from '../api/types';
import { type AuthChannel, type AuthMessage, openAuthChannel } from './channel';
import { AuthContext, type AuthContextValue, type AuthStatus } from './context';
import { clearSession, getSession, hasSignInToRestore, setSession, subscribe, updateUser } from './session';

/** Refresh this long before the access token expires. */
export const REFRESH_AHEAD_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;
/** After a refresh that could not reach the server, try again this much later. */
const RETRY_DELAY_MS = 15_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(subscribe, getSession);
  const [starting, setStarting] = useState(() => getSession().user === null && hasSignInToRestore());
  const [retryTick, setRetryTick] = useState(0);
  const channelRef = useRef<AuthChannel | null>(null);

  // A reload keeps you signed in: the refresh cookie buys a new access token before anything else shows.
  // A browser that never signed in (or signed out) has no cookie to try: no request, so no 401 in its console.
  useEffect(() => {
    if (!hasSignInToRestore()) return;
    let active = true;
    refreshSession()
      .catch(() => null)
      .finally(() => {
        if (active) setStarting(false);
      });
    return () => {
      active = false;
    };
  }, []);

  // Other tabs: follow their sign-out at once, and pick up their sign-in.
  useEffect(() => {
    const onMessage = (message: AuthMessage) => {
      if (message.type === 'login') {
        if (getSession().user === null) void refreshSession().catch(() => null);
        return;
      }
      clearSession(message.type === 'deleted' ? 'deleted' : 'logout');
    };
    const channel = openAuthChannel(onMessage);
    channelRef.current = channel;
    return () => {
      channel.close();
      channelRef.current = null;
    };
  }, []);

  // Refresh shortly before expiry; a refused refresh ends the session, an unreachable server is retried.
  const { accessToken, expiresAt } = session;
  useEffect(() => {
    if (accessToken === null) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      refreshSession().then(
        (next) => {
          if (next === null) endExpiredSession();
        },
        () => {
          retry = setTimeout(() => {
            setRetryTick((n) => n + 1);
          }, RETRY_DELAY_MS);
        },
      );
    };
    const delay = Math.max(expiresAt - Date.now() - REFRESH_AHEAD_MS, MIN_REFRESH_DELAY_MS);
    const timer = setTimeout(refresh, delay);
    // Background tabs' timers are throttled: catch up when the tab is seen again.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && expiresAt - Date.now() < REFRESH_AHEAD_MS) refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer);
      clearTimeout(retry);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [accessToken, expiresAt, retryTick]);

  type Actions = Omit<AuthContextValue, 'status' | 'user' | 'endReason'>;
  const actions = useMemo<Actions>(() => {
    const signedIn = (next: Session) => {
      setSession(next);
      channelRef.current?.post({ type: 'login' });
      return next.user;
    };
    return {
      signup: async (request) => signedIn(await accounts.signup(request)),
      login: async (request) => signedIn(await accounts.login(request)),
      logout: async () => {
        // Signed out here and in every tab at once; the server call revokes the refresh cookie after.
        clearSession('logout');
        channelRef.current?.post({ type: 'logout' });
        await accounts.logout().catch(() => undefined);
      },
      updateProfile: async (update) => {
        const user = await accounts.updateMe(update);
        updateUser(user);
        return user;
      },
      changePassword: async (request) => {
        const next = await accounts.changePassword(request);
        setSession(next);
        return next.user;
      },
      deleteAccount: async (request) => {
        await accounts.deleteAccount(request);
        clearSession('deleted');
        channelRef.current?.post({ type: 'deleted' });
      },
    };
  }, []);

  let status: AuthStatus = 'anonymous';
  if (session.user !== null) status = 'authenticated';
  else if (starting) status = 'loading';

  const context = useMemo<AuthContextValue>(
    () => ({ ...actions, status, user: session.user, endReason: session.endReason }),
    [actions, status, session.user, session.endReason],
  );
  return <AuthContext.Provider value={context}>{children}</AuthContext.Provider>;
}
