// The browser's end of the gateway's /ws (docs/api-realtime.md): one socket per tab that authenticates first,
// re-authenticates on the same socket whenever the access token changes, reconnects with backoff, follows the
// browser's online/offline signal, dispatches `notify` messages once each, and measures the round trip.
// Framework-free: the socket constructor, the clock, the randomness, the session and the network signal are
// all injected, so every path runs in a unit test with fakes (./browser.ts wires the real ones).
import { backoffDelay } from './backoff';
import { NotifyDispatcher, type Subscribe } from './notify';
import {
  CLOSE_CODES,
  type ClientMessage,
  type MatchMessage,
  type ServerMessage,
  encode,
  parseServerMessage,
} from './protocol';
import { PendingReplies, SendError } from './replies';
import { NamedTimers } from './timers';
import type { RealtimeOptions, RealtimeSnapshot, SocketLike } from './types';

/** After `ready` holds this long, the connection counts as stable and the backoff starts over. */
export const STABLE_AFTER_MS = 10_000;
/** After a close for flooding (4429), wait at least this long. */
export const RATE_LIMIT_PAUSE_MS = 10_000;
/** An application `ping` this often, for the latency display; one unanswered for a whole period drops the socket. */
export const PING_INTERVAL_MS = 15_000;
/** A match message unanswered (no `ack`, no `error`) this long counts as failed. */
export const ACK_TIMEOUT_MS = 10_000;

const OPEN = 1;

type TimerName = 'reconnect' | 'stable' | 'ping';

export class RealtimeClient {
  private readonly options: RealtimeOptions;
  private readonly random: () => number;
  private socket: SocketLike | null = null;
  private snapshot: RealtimeSnapshot = { state: 'connecting', rtt: null };
  private readonly stateListeners = new Set<() => void>();
  private readonly notifications = new NotifyDispatcher();
  private readonly timers: NamedTimers<TimerName>;
  private cleanups: (() => void)[] = [];
  private started = false;
  private stopped = false;
  /** Retries since the last stable connection: the backoff's exponent. */
  private attempt = 0;
  private hasConnected = false;
  private sentToken: string | null = null;
  private refreshedSinceReady = false;
  private pingId = 0;
  private pendingPing: { id: number; sentAt: number } | null = null;
  private tokenExpiresAt: number | null = null;
  private readonly replies: PendingReplies;

  constructor(options: RealtimeOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
    this.timers = new NamedTimers(options.clock);
    this.replies = new PendingReplies(options.clock, ACK_TIMEOUT_MS);
  }

  readonly getSnapshot = (): RealtimeSnapshot => this.snapshot;

  /** Epoch milliseconds the token on this socket expires, from the last `ready`; null before one. */
  get expiresAt(): number | null {
    return this.tokenExpiresAt;
  }

  readonly subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Calls `handler` once for each `notify` of this kind (or of every kind, with `ANY_KIND`). */
  readonly subscribe: Subscribe = (kind, handler) => this.notifications.subscribe(kind, handler);

  /**
   * Sends a match message: resolves on the gateway's `ack` (it reached the match service), rejects with a
   * `SendError` when there is no authenticated socket, the gateway refused it, or no answer came.
   */
  sendMatch(message: MatchMessage): Promise<void> {
    if (this.snapshot.state !== 'connected' || this.socket?.readyState !== OPEN) {
      return Promise.reject(new SendError('not_connected', 'Not connected to the server.'));
    }
    const reply = this.replies.wait(message.request_id);
    this.send(message);
    return reply;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const { auth, network } = this.options;
    this.cleanups = [
      auth.subscribe(() => {
        this.onSessionChange();
      }),
      network.subscribe((online) => {
        if (online) this.onOnline();
        else this.onOffline();
      }),
    ];
    this.connect();
  }

  /** Closes with 1000 and never reconnects (log-out, or the provider going away). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const cleanup of this.cleanups) cleanup();
    this.cleanups = [];
    this.dropSocket(CLOSE_CODES.NORMAL, 'logout');
    this.timers.clearAll();
    this.update({ state: 'closed', rtt: null });
  }

  private connect(): void {
    this.timers.clear('reconnect');
    if (this.stopped) return;
    if (!this.options.network.online()) {
      this.update({ state: 'offline', rtt: null });
      return;
    }
    if (this.options.auth.token() === null) {
      this.stop();
      return;
    }
    // Only the very first try reads "connecting": after any failure it stays "reconnecting", without flapping.
    const retry = this.hasConnected || this.attempt > 0;
    this.update({ state: retry ? 'reconnecting' : 'connecting', rtt: null });
    let socket: SocketLike;
    try {
      socket = new this.options.WebSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.sentToken = null;
    socket.onopen = () => {
      if (this.socket === socket) this.sendAuth();
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.onClose(event.code);
    };
    // A failed socket always closes too; onclose decides what comes next.
    socket.onerror = () => undefined;
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN) this.socket.send(encode(message));
  }

  private sendAuth(): void {
    const token = this.options.auth.token();
    if (token === null) {
      this.stop();
      return;
    }
    this.sentToken = token;
    this.send({ v: 1, type: 'auth', token });
  }

  private onSessionChange(): void {
    const token = this.options.auth.token();
    if (token === null) {
      this.stop();
      return;
    }
    // A refreshed token goes over the open socket: the gateway answers `ready` again, nothing reconnects.
    if (this.socket?.readyState === OPEN && this.sentToken !== null && token !== this.sentToken) this.sendAuth();
  }

  private onMessage(frame: unknown): void {
    const message = parseServerMessage(frame);
    if (message !== null) this.handle(message);
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'ready':
        this.onReady(Date.parse(message.expires_at));
        return;
      case 'pong':
        if (this.pendingPing?.id === message.id) {
          const rtt = Math.max(0, this.options.clock.now() - this.pendingPing.sentAt);
          this.pendingPing = null;
          this.update({ ...this.snapshot, rtt });
        }
        return;
      case 'notify':
        this.notifications.dispatch(message);
        return;
      case 'ack':
        this.replies.ack(message.request_id);
        return;
      case 'error':
        // The token ran out before the provider's refresh got here (a throttled background tab): refresh now,
        // and the new token goes out as a re-auth on this socket.
        if (message.code === 'token_expired') void this.options.auth.refresh().catch(() => false);
        this.replies.error(message.code, message.message, message.details.request_id);
        return;
    }
  }

  private onReady(expiresAt: number): void {
    this.tokenExpiresAt = expiresAt;
    this.refreshedSinceReady = false;
    if (this.snapshot.state === 'connected') return; // a re-auth's answer
    this.hasConnected = true;
    this.update({ state: 'connected', rtt: null });
    this.timers.set('stable', STABLE_AFTER_MS, () => {
      this.attempt = 0;
    });
    this.ping();
  }

  private ping(): void {
    if (this.pendingPing !== null) {
      // No pong for a whole period: the socket is dead though the browser has not noticed. Start over.
      this.lose();
      return;
    }
    this.pingId += 1;
    this.pendingPing = { id: this.pingId, sentAt: this.options.clock.now() };
    this.send({ v: 1, type: 'ping', id: this.pingId });
    this.timers.set('ping', PING_INTERVAL_MS, () => {
      this.ping();
    });
  }

  private onClose(code: number): void {
    this.socket = null;
    this.disconnected();
    if (this.stopped) return;
    if (!this.options.network.online()) {
      this.update({ state: 'offline', rtt: null });
      return;
    }
    if (code === CLOSE_CODES.FORBIDDEN) {
      this.options.auth.signOut();
      this.stop();
    } else if (code === CLOSE_CODES.UNAUTHENTICATED && !this.refreshedSinceReady) {
      void this.refreshThenReconnect();
    } else if (code === CLOSE_CODES.RATE_LIMITED) {
      this.scheduleReconnect(RATE_LIMIT_PAUSE_MS);
    } else {
      this.scheduleReconnect();
    }
  }

  /** 4401: the token was missing or ran out. One silent refresh, then the usual reconnect. */
  private async refreshThenReconnect(): Promise<void> {
    this.refreshedSinceReady = true;
    this.update({ state: 'reconnecting', rtt: null });
    let refreshed = true;
    try {
      refreshed = await this.options.auth.refresh();
    } catch {
      // The server could not be reached: the reconnect's backoff is the retry.
    }
    if (this.stopped) return;
    if (refreshed) this.scheduleReconnect();
    else this.stop(); // refused: the session is over (the auth code has signed out)
  }

  private scheduleReconnect(atLeastMs = 0): void {
    this.update({ state: 'reconnecting', rtt: null });
    const delay = Math.max(atLeastMs, backoffDelay(this.attempt, this.random));
    this.attempt += 1;
    this.timers.set('reconnect', delay, () => {
      this.connect();
    });
  }

  private onOffline(): void {
    if (this.stopped) return;
    this.dropSocket(CLOSE_CODES.NORMAL, 'offline');
    this.timers.clear('reconnect');
    this.update({ state: 'offline', rtt: null });
  }

  private onOnline(): void {
    if (this.stopped || this.snapshot.state !== 'offline') return;
    this.attempt = 0;
    this.connect();
  }

  /** Drops the current socket as if it had failed, and reconnects. */
  private lose(): void {
    this.dropSocket();
    this.scheduleReconnect();
  }

  /** Closes the socket this client initiated closing of; its close event is ignored. */
  private dropSocket(code?: number, reason?: string): void {
    const socket = this.socket;
    if (socket === null) return;
    this.socket = null;
    this.disconnected();
    try {
      socket.close(code, reason);
    } catch {
      // Already closed.
    }
  }

  /** Per-socket state ends with the socket. */
  private disconnected(): void {
    this.replies.failAll('disconnected');
    this.sentToken = null;
    this.pendingPing = null;
    this.timers.clear('ping');
    this.timers.clear('stable');
  }

  private update(next: RealtimeSnapshot): void {
    if (next.state === this.snapshot.state && next.rtt === this.snapshot.rtt) return;
    if (this.stopped && next.state !== 'closed') return;
    this.snapshot = next;
    for (const listener of this.stateListeners) listener();
  }
}
