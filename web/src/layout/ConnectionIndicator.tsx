import { useSyncExternalStore } from 'react';

export type ConnectionState = 'online' | 'connecting' | 'offline';

const LABELS: Record<ConnectionState, string> = {
  online: 'Online',
  connecting: 'Reconnecting…',
  offline: 'Offline',
};

// Placeholder source: the browser's own online/offline signal. The realtime gateway's websocket state
// replaces it when /ws lands; the component only needs a ConnectionState.
function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribeOnline, () => (navigator.onLine ? 'online' : 'offline'));
}

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <span className="conn" data-state={state} data-testid="connection-status" aria-live="polite">
      <span className="conn__dot" aria-hidden="true" />
      <span className="hide-narrow">{LABELS[state]}</span>
    </span>
  );
}
