// One realtime client per tab, made only while someone is signed in: the client's code is loaded on the first
// sign-in (not by the landing page), started, and stopped (close 1000) on sign-out or a change of user.
// Subscriptions made through useRealtime() outlive the client, so a page can subscribe before it exists.
import { type ReactNode, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useAuth } from '../auth/context';
import { RealtimeContext, type RealtimeValue } from './context';
import { ANY_KIND, NotifyDispatcher } from './notify';
import type { RealtimeClient } from './RealtimeClient';
import { SendError } from './replies';
import type { RealtimeSnapshot } from './types';

export type LoadClient = () => Promise<RealtimeClient>;

const loadBrowserClient: LoadClient = () => import('./browser').then((module) => module.createRealtimeClient());

/** Signed in, while the client's code loads. */
const LOADING: RealtimeSnapshot = { state: 'connecting', rtt: null };
const noSubscription = () => () => undefined;
const loading = () => LOADING;

export function RealtimeProvider({ children, load = loadBrowserClient }: { children: ReactNode; load?: LoadClient }) {
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [hub] = useState(() => new NotifyDispatcher());

  useEffect(() => {
    if (userId === null) return;
    let active = true;
    let created: RealtimeClient | null = null;
    let unsubscribe: () => void = () => undefined;
    load().then(
      (next) => {
        if (!active) return;
        created = next;
        unsubscribe = next.subscribe(ANY_KIND, (message) => {
          hub.dispatch(message);
        });
        next.start();
        setClient(next);
      },
      (error: unknown) => {
        // A failed chunk load (a deploy replaced it): the app works without live updates until a reload.
        console.error('the realtime client could not be loaded', error);
      },
    );
    return () => {
      active = false;
      unsubscribe();
      created?.stop();
      setClient(null);
    };
  }, [userId, load, hub]);

  const snapshot = useSyncExternalStore(client?.subscribeState ?? noSubscription, client?.getSnapshot ?? loading);
  const value = useMemo<RealtimeValue>(
    () => ({
      state: userId === null ? null : snapshot.state,
      rtt: userId === null ? null : snapshot.rtt,
      subscribe: (kind, handler) => hub.subscribe(kind, handler),
      sendMatch: (message) =>
        client === null
          ? Promise.reject(new SendError('not_connected', 'Not connected to the server.'))
          : client.sendMatch(message),
    }),
    [userId, snapshot, hub, client],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
