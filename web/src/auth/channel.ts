// Tells the other tabs of this browser that the user signed in or out. BroadcastChannel where there is one;
// a storage event as well, for browsers without it. Only the event's type travels, never a token.

export const AUTH_CHANNEL = 'peerprep-auth';
export const AUTH_STORAGE_KEY = 'peerprep-auth-event';

export type AuthMessage = { type: 'login' } | { type: 'logout' } | { type: 'deleted' };

export interface AuthChannel {
  post: (message: AuthMessage) => void;
  close: () => void;
}

function parse(data: unknown): AuthMessage | null {
  if (typeof data !== 'object' || data === null || !('type' in data)) return null;
  const { type } = data;
  return type === 'login' || type === 'logout' || type === 'deleted' ? { type } : null;
}

export function openAuthChannel(onMessage: (message: AuthMessage) => void): AuthChannel {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(AUTH_CHANNEL) : null;
  const onBroadcast = (event: MessageEvent) => {
    const message = parse(event.data);
    if (message) onMessage(message);
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key !== AUTH_STORAGE_KEY || event.newValue === null) return;
    try {
      const message = parse(JSON.parse(event.newValue));
      if (message) onMessage(message);
    } catch {
      // Someone else's value under our key: ignore it.
    }
  };
  channel?.addEventListener('message', onBroadcast);
  window.addEventListener('storage', onStorage);

  return {
    post(message) {
      channel?.postMessage(message);
      try {
        // A fresh value each time, so the storage event fires even for the same message twice.
        localStorage.setItem(AUTH_STORAGE_KEY, JSON.stringify({ ...message, at: Date.now() }));
      } catch {
        // Storage blocked: BroadcastChannel alone.
      }
    },
    close() {
      channel?.removeEventListener('message', onBroadcast);
      channel?.close();
      window.removeEventListener('storage', onStorage);
    },
  };
}
