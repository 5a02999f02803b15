// What the realtime client is given and what it tells: every dependency is an interface, so tests pass fakes.

export type RealtimeState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface RealtimeSnapshot {
  readonly state: RealtimeState;
  /** The last application ping's round trip in milliseconds; null until one is answered on this socket. */
  readonly rtt: number | null;
}

/** The part of the browser's WebSocket this client uses. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send: (data: string) => void;
  close: (code?: number, reason?: string) => void;
}

export type SocketConstructor = new (url: string) => SocketLike;

export interface Clock {
  now: () => number;
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface RealtimeAuth {
  /** The current access token; null when signed out. */
  token: () => string | null;
  /** Calls `listener` whenever the session changes (a new token, or a sign-out). */
  subscribe: (listener: () => void) => () => void;
  /** One silent refresh: true with a new token, false when refused (the session is over); rejects when unreachable. */
  refresh: () => Promise<boolean>;
  /** The gateway refused the account (4403): sign out. */
  signOut: () => void;
}

export interface NetworkSignal {
  online: () => boolean;
  subscribe: (listener: (online: boolean) => void) => () => void;
}

export interface RealtimeOptions {
  url: string;
  WebSocket: SocketConstructor;
  auth: RealtimeAuth;
  network: NetworkSignal;
  clock: Clock;
  random?: () => number;
}
