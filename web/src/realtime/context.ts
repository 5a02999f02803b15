import { createContext, useContext } from 'react';
import type { Subscribe } from './notify';
import type { MatchMessage } from './protocol';
import type { RealtimeState } from './types';

export interface RealtimeValue {
  /** The connection to /ws; null when signed out (there is no socket then). */
  state: RealtimeState | null;
  /** Round trip of the last application ping, in milliseconds; null until one is answered. */
  rtt: number | null;
  /** Calls `handler` once for each `notify` of `kind` (or every kind with '*'); returns the unsubscribe. */
  subscribe: Subscribe;
  /** Sends a match message; resolves on the gateway's `ack`, rejects with a `SendError` (./replies.ts). */
  sendMatch: (message: MatchMessage) => Promise<void>;
}

export const RealtimeContext = createContext<RealtimeValue | null>(null);

export function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (value === null) throw new Error('useRealtime must be used inside <RealtimeProvider>');
  return value;
}
