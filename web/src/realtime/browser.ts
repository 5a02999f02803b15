// The real dependencies of the realtime client: the page's WebSocket and timers, the session in memory, the
// auth code's one silent refresh, and the browser's online/offline signal. Loaded only once someone has
// signed in (RealtimeProvider imports it lazily), so it stays out of the landing page's bundle.
import { endExpiredSession, refreshSession } from '../api/client';
import { clearSession, getSession, subscribe } from '../auth/session';
import { RealtimeClient } from './RealtimeClient';
import type { Clock, NetworkSignal, RealtimeAuth } from './types';

/** `ws(s)://<this origin>/ws`: the gateway is the page's one origin (Vite proxies it in development). */
export function realtimeUrl(origin: string = location.origin): string {
  return `${origin.replace(/^http/, 'ws')}/ws`;
}

export const sessionAuth: RealtimeAuth = {
  token: () => getSession().accessToken,
  subscribe,
  refresh: async () => {
    const session = await refreshSession();
    if (session !== null) return true;
    endExpiredSession();
    return false;
  },
  // 4403: the account is gone. Signing out here shows the log-in page with that reason.
  signOut: () => {
    clearSession('deleted');
  },
};

export const browserNetwork: NetworkSignal = {
  online: () => navigator.onLine,
  subscribe: (listener) => {
    const onOnline = () => {
      listener(true);
    };
    const onOffline = () => {
      listener(false);
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  },
};

export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export function createRealtimeClient(): RealtimeClient {
  return new RealtimeClient({
    url: realtimeUrl(),
    WebSocket,
    auth: sessionAuth,
    network: browserNetwork,
    clock: browserClock,
  });
}
