import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../test/ws';
import { BACKOFF_MAX_MS, backoffCeiling, backoffDelay } from './backoff';
import { browserClock, realtimeUrl } from './browser';
import type { Notify } from './protocol';
import { type MatchMessage, parseServerMessage } from './protocol';
import {
  ACK_TIMEOUT_MS,
  PING_INTERVAL_MS,
  RATE_LIMIT_PAUSE_MS,
  RealtimeClient,
  STABLE_AFTER_MS,
} from './RealtimeClient';
import { SendError } from './replies';

const URL = 'wss://peerprep.test/ws';

/** The session and the network, as the client sees them, under the test's control. */
function harness({ online = true, random = (): number => 0.5 }: { online?: boolean; random?: () => number } = {}) {
  let token: string | null = 'tok-1';
  let isOnline = online;
  const sessionListeners = new Set<() => void>();
  const networkListeners = new Set<(online: boolean) => void>();
  const auth = {
    token: () => token,
    subscribe: (listener: () => void) => {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },
    refresh: vi.fn(async () => {
      setToken('tok-refreshed');
      return true;
    }),
    signOut: vi.fn(() => {
      setToken(null);
    }),
  };
  function setToken(next: string | null) {
    token = next;
    for (const listener of sessionListeners) listener();
  }
  function setOnline(next: boolean) {
    isOnline = next;
    for (const listener of networkListeners) listener(next);
  }
  const network = {
    online: () => isOnline,
    subscribe: (listener: (online: boolean) => void) => {
      networkListeners.add(listener);
      return () => networkListeners.delete(listener);
    },
  };
  const client = new RealtimeClient({ url: URL, WebSocket: FakeWebSocket, auth, network, clock: browserClock, random });
  return { client, auth, setToken, setOnline, sockets: FakeWebSocket.instances };
}

/** Opens the newest socket and answers its auth with `ready`. */
function connect(socket = FakeWebSocket.latest()) {
  socket.open();
  socket.ready();
  return socket;
}

function notification(id: string, kind: 'match.found' | 'match.partner_accepted' = 'match.found'): Notify {
  const frame = { v: 1, type: 'notify', notification_id: id, sent_at: '2030-01-01T00:00:00Z' } as const;
  return kind === 'match.found'
    ? { ...frame, kind, data: { request_id: 'r', match_id: id, partner_name: null } }
    : { ...frame, kind, data: { request_id: 'r', match_id: id } };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('connecting', () => {
  it('opens /ws and sends auth before anything else', () => {
    const { client } = harness();
    client.start();
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe(URL);
    expect(client.getSnapshot().state).toBe('connecting');
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.messages).toEqual([{ v: 1, type: 'auth', token: 'tok-1' }]);
    expect(client.getSnapshot().state).toBe('connecting');
  });

  it('is connected on ready, keeps expires_at, and measures the round trip', () => {
    const { client } = harness();
    client.start();
    const socket = connect();
    expect(client.getSnapshot()).toEqual({ state: 'connected', rtt: null });
    expect(client.expiresAt).toBe(Date.parse('2030-01-01T00:00:00Z'));
    const ping = socket.messages[1];
    expect(ping).toEqual({ v: 1, type: 'ping', id: 1 });

    vi.advanceTimersByTime(42);
    socket.receive({ v: 1, type: 'pong', id: 99 }); // not ours
    expect(client.getSnapshot().rtt).toBeNull();
    socket.receive({ v: 1, type: 'pong', id: 1 });
    expect(client.getSnapshot()).toEqual({ state: 'connected', rtt: 42 });

    vi.advanceTimersByTime(PING_INTERVAL_MS);
    expect(socket.messages.at(-1)).toEqual({ v: 1, type: 'ping', id: 2 });
  });

  it('drops a socket whose ping went unanswered for a whole period, and reconnects', () => {
    const { client, sockets } = harness({ random: () => 0 });
    client.start();
    const socket = connect();
    vi.advanceTimersByTime(PING_INTERVAL_MS);
    expect(socket.closedWith).not.toBeNull();
    expect(client.getSnapshot().state).toBe('reconnecting');
    vi.advanceTimersByTime(1); // a zero delay set inside a fake-timer tick runs 1 ms later
    expect(sockets).toHaveLength(2);
  });

  it('derives the URL from the page origin', () => {
    expect(realtimeUrl('https://peerprep.example')).toBe('wss://peerprep.example/ws');
    expect(realtimeUrl('http://localhost:5173')).toBe('ws://localhost:5173/ws');
  });
});

describe('staying authenticated', () => {
  it('re-sends auth on the same socket when the access token changes', () => {
    const { client, setToken, sockets } = harness();
    client.start();
    const socket = connect();
    setToken('tok-2');
    expect(socket.messages.filter((m) => m.type === 'auth')).toEqual([
      { v: 1, type: 'auth', token: 'tok-1' },
      { v: 1, type: 'auth', token: 'tok-2' },
    ]);
    socket.ready('2030-01-01T00:15:00Z');
    expect(client.getSnapshot().state).toBe('connected');
    expect(client.expiresAt).toBe(Date.parse('2030-01-01T00:15:00Z'));
    expect(sockets).toHaveLength(1);
    expect(socket.closedWith).toBeNull();
  });

  it('refreshes when the gateway says the token expired', () => {
    const { client, auth } = harness();
    client.start();
    const socket = connect();
    socket.receive({ v: 1, type: 'error', code: 'token_expired', message: 'Token expired.', details: {} });
    expect(auth.refresh).toHaveBeenCalledTimes(1);
    expect(socket.messages.at(-1)).toEqual({ v: 1, type: 'auth', token: 'tok-refreshed' });
  });

  it('on 4401 refreshes once, then reconnects with the new token', async () => {
    const { client, auth, sockets } = harness({ random: () => 0 });
    client.start();
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().serverClose(4401);
    expect(client.getSnapshot().state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(auth.refresh).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(2);
    FakeWebSocket.latest().open();
    expect(FakeWebSocket.latest().messages[0]).toEqual({ v: 1, type: 'auth', token: 'tok-refreshed' });

    // A second 4401 before any ready: no second refresh, only the backoff.
    FakeWebSocket.latest().serverClose(4401);
    await vi.advanceTimersByTimeAsync(0);
    expect(auth.refresh).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(3);
  });

  it('on 4401 with a refused refresh stops for good', async () => {
    const { client, auth, setToken, sockets } = harness();
    auth.refresh.mockImplementation(async () => {
      setToken(null); // the auth code signs out when the refresh is refused
      return false;
    });
    client.start();
    FakeWebSocket.latest().serverClose(4401);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.getSnapshot().state).toBe('closed');
  });

  it('on 4403 signs out and does not reconnect', async () => {
    const { client, auth, sockets } = harness();
    client.start();
    connect().serverClose(4403);
    expect(auth.signOut).toHaveBeenCalledTimes(1);
    expect(client.getSnapshot().state).toBe('closed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('closes with 1000 on log-out and does not reconnect', async () => {
    const { client, setToken, sockets } = harness();
    client.start();
    const socket = connect();
    setToken(null);
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'logout' });
    expect(client.getSnapshot()).toEqual({ state: 'closed', rtt: null });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets).toHaveLength(1);
    expect(socket.messages.filter((m) => m.type === 'ping')).toHaveLength(1);
  });

  it('stop() closes with 1000 and ignores a later close event', async () => {
    const { client, sockets } = harness();
    client.start();
    const socket = connect();
    client.stop();
    expect(socket.closedWith?.code).toBe(1000);
    socket.serverClose(1006);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('reconnecting', () => {
  /** Milliseconds from a lost connection until the next socket is made. */
  function nextDelay(sockets: FakeWebSocket[]): number {
    const count = sockets.length;
    for (let elapsed = 0; elapsed <= BACKOFF_MAX_MS + 1; elapsed += 1) {
      if (sockets.length > count) return elapsed;
      vi.advanceTimersByTime(1);
    }
    throw new Error('no reconnect');
  }

  it('backs off exponentially from 0.5 s to 30 s, jitter within [0, ceiling)', () => {
    const { client, sockets } = harness({ random: () => 0.999 });
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      FakeWebSocket.latest().serverClose(1006);
      expect(client.getSnapshot().state).toBe('reconnecting');
      delays.push(nextDelay(sockets));
    }
    expect(delays).toEqual([499, 999, 1998, 3996, 7992, 15984, 29970, 29970]);
  });

  it('stays reconnecting through failed first tries, without going back to connecting', () => {
    const { client, sockets } = harness({ random: () => 0 });
    client.start();
    const seen: string[] = [];
    client.subscribeState(() => seen.push(client.getSnapshot().state));
    FakeWebSocket.latest().serverClose(1006);
    vi.advanceTimersByTime(1);
    FakeWebSocket.latest().serverClose(1006);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    expect(seen).toEqual(['reconnecting']);
  });

  it('full jitter: the delay is random() times the ceiling', () => {
    const { client, sockets } = harness({ random: () => 0.25 });
    client.start();
    FakeWebSocket.latest().serverClose(1011);
    expect(nextDelay(sockets)).toBe(125);
    FakeWebSocket.latest().serverClose(1001);
    expect(nextDelay(sockets)).toBe(250);
  });

  it('keeps every delay within its bounds with Math.random', () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      for (let i = 0; i < 50; i += 1) {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(backoffCeiling(attempt));
      }
    }
    expect(backoffCeiling(0)).toBe(500);
    expect(backoffCeiling(100)).toBe(BACKOFF_MAX_MS);
  });

  it('starts over after a connection stays ready for 10 s, not before', () => {
    const { client, sockets } = harness({ random: () => 0.999 });
    client.start();
    for (let i = 0; i < 3; i += 1) {
      FakeWebSocket.latest().serverClose(1006);
      nextDelay(sockets);
    }
    // Ready for less than 10 s: the next retry keeps growing.
    connect();
    vi.advanceTimersByTime(STABLE_AFTER_MS - 1);
    FakeWebSocket.latest().serverClose(1006);
    expect(nextDelay(sockets)).toBe(3996);

    // Ready for 10 s: back to the first step.
    connect();
    vi.advanceTimersByTime(STABLE_AFTER_MS);
    FakeWebSocket.latest().receive({ v: 1, type: 'pong', id: 2 });
    FakeWebSocket.latest().serverClose(1006);
    expect(nextDelay(sockets)).toBe(499);
  });

  it('after 4429 waits at least 10 s', () => {
    const { client, sockets } = harness({ random: () => 0 });
    client.start();
    connect().serverClose(4429);
    vi.advanceTimersByTime(RATE_LIMIT_PAUSE_MS - 1);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
  });
});

describe('offline and online', () => {
  it('goes offline at once, without retrying, and reconnects on the online event', () => {
    const { client, setOnline, sockets } = harness();
    client.start();
    const socket = connect();
    setOnline(false);
    expect(client.getSnapshot()).toEqual({ state: 'offline', rtt: null });
    expect(socket.closedWith?.code).toBe(1000);
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);

    setOnline(true);
    expect(sockets).toHaveLength(2);
    expect(client.getSnapshot().state).toBe('reconnecting');
    connect();
    expect(client.getSnapshot().state).toBe('connected');
  });

  it('starts offline when the browser is offline', () => {
    const { client, setOnline, sockets } = harness({ online: false });
    client.start();
    expect(client.getSnapshot().state).toBe('offline');
    expect(sockets).toHaveLength(0);
    setOnline(true);
    expect(sockets).toHaveLength(1);
  });

  it('a pending retry waits for the online event once offline', () => {
    const { client, setOnline, sockets } = harness();
    client.start();
    FakeWebSocket.latest().serverClose(1006);
    setOnline(false);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.getSnapshot().state).toBe('offline');
  });
});

describe('notifications', () => {
  it('dispatches each notify once, by kind and to every-kind subscribers', () => {
    const { client } = harness();
    const matches = vi.fn();
    const all = vi.fn();
    client.subscribe('match.found', matches);
    const stopAll = client.subscribe('*', all);
    client.start();
    const socket = connect();

    socket.receive(notification('n1'));
    socket.receive(notification('n1')); // a redelivery
    socket.receive(notification('n2', 'match.partner_accepted'));
    expect(matches).toHaveBeenCalledTimes(1);
    expect(matches).toHaveBeenCalledWith(notification('n1'));
    expect(all.mock.calls.map(([m]) => (m as Notify).notification_id)).toEqual(['n1', 'n2']);

    stopAll();
    socket.receive(notification('n3'));
    expect(all).toHaveBeenCalledTimes(2);
    expect(matches).toHaveBeenCalledTimes(2);
  });

  it('keeps dispatching when one subscriber throws', () => {
    const { client } = harness();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    client.subscribe('match.found', () => {
      throw new Error('boom');
    });
    client.subscribe('match.found', after);
    client.start();
    connect().receive(notification('n1'));
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('ignores frames that are not valid server messages', () => {
    const { client } = harness();
    const all = vi.fn();
    client.subscribe('*', all);
    client.start();
    const socket = FakeWebSocket.latest();
    socket.open();
    for (const frame of [
      'not json',
      '[]',
      'null',
      '{"v": 1, "type": "ready"}',
      { v: 2, type: 'ready', user_id: 'u', connection_id: 'c', expires_at: '2030-01-01T00:00:00Z', heartbeat_s: 15 },
      { v: 1, type: 'ready', user_id: 'u', connection_id: 'c', expires_at: 'soon', heartbeat_s: 15 },
      { v: 1, type: 'notify', notification_id: 'x', kind: 'k', sent_at: '2030-01-01T00:00:00Z', data: [] },
      // A kind this client does not know, and a known kind whose data is not its notice: not delivered.
      { ...notification('y'), kind: 'run.result' },
      { ...notification('z'), data: { request_id: 'r', match_id: 3, partner_name: null } },
      { ...notification('w'), data: { request_id: 'r', partner_name: null } },
      { ...notification('u'), sent_at: 'yesterday' },
      { v: 1, type: 'pong', id: -1 },
      { v: 1, type: 'shout' },
    ]) {
      expect(() => {
        socket.receive(frame);
      }).not.toThrow();
    }
    socket.onmessage?.(new MessageEvent('message', { data: new ArrayBuffer(4) }));
    expect(client.getSnapshot().state).toBe('connecting');
    expect(all).not.toHaveBeenCalled();
    socket.ready();
    expect(client.getSnapshot().state).toBe('connected');
  });
});

const REQUEST_ID = '0b9c6f0e-8d3a-4a5e-9a53-2f1b7c8d9e01';
const OTHER_ID = '7f3e2d1c-0b9a-4876-8543-210fedcba987';

function matchRequest(requestId = REQUEST_ID): MatchMessage {
  return { v: 1, type: 'match_request', request_id: requestId, difficulty: 'easy', topics: [], language: 'python' };
}

/** The failure code of a rejected send, or 'sent'. */
async function outcome(promise: Promise<void>): Promise<string> {
  try {
    await promise;
    return 'sent';
  } catch (error) {
    return error instanceof SendError ? error.code : 'not a SendError';
  }
}

describe('match messages', () => {
  it('reads ack frames, and only well-formed ones', () => {
    // An extra field (a newer gateway's optional one) is kept and ignored.
    expect(parseServerMessage(JSON.stringify({ v: 1, type: 'ack', request_id: REQUEST_ID, extra: 1 }))).toEqual({
      v: 1,
      type: 'ack',
      request_id: REQUEST_ID,
      extra: 1,
    });
    expect(parseServerMessage(JSON.stringify({ type: 'ack', request_id: REQUEST_ID }))).toEqual({
      v: 1,
      type: 'ack',
      request_id: REQUEST_ID,
    });
    expect(parseServerMessage(JSON.stringify({ v: 1, type: 'ack' }))).toBeNull();
    expect(parseServerMessage(JSON.stringify({ v: 1, type: 'ack', request_id: 7 }))).toBeNull();
    expect(parseServerMessage(JSON.stringify({ v: 2, type: 'ack', request_id: REQUEST_ID }))).toBeNull();
  });

  it('sends on the authenticated socket and resolves on the ack with the same request_id', async () => {
    const { client } = harness();
    client.start();
    const socket = connect();
    const first = client.sendMatch(matchRequest());
    const second = client.sendMatch({ v: 1, type: 'match_cancel', request_id: OTHER_ID, difficulty: 'easy' });
    expect(socket.messages.slice(-2)).toEqual([
      matchRequest(),
      { v: 1, type: 'match_cancel', request_id: OTHER_ID, difficulty: 'easy' },
    ]);
    socket.receive({ v: 1, type: 'ack', request_id: OTHER_ID });
    expect(await outcome(second)).toBe('sent');
    socket.receive({ v: 1, type: 'ack', request_id: REQUEST_ID });
    expect(await outcome(first)).toBe('sent');
  });

  it('refuses at once, sending nothing, before the socket is authenticated', async () => {
    const { client } = harness();
    client.start();
    const socket = FakeWebSocket.latest();
    socket.open();
    expect(await outcome(client.sendMatch(matchRequest()))).toBe('not_connected');
    expect(socket.messages.map((m) => m.type)).toEqual(['auth']);
  });

  it('an error answers the oldest message still waiting, with its code', async () => {
    const { client } = harness();
    client.start();
    const socket = connect();
    const first = client.sendMatch(matchRequest());
    const second = client.sendMatch(matchRequest(OTHER_ID));
    socket.receive({ v: 1, type: 'error', code: 'invalid_message', message: 'Invalid match_request.', details: {} });
    expect(await outcome(first)).toBe('invalid_message');
    socket.receive({ v: 1, type: 'ack', request_id: OTHER_ID });
    expect(await outcome(second)).toBe('sent');
  });

  it('an error naming details.request_id answers that message, not the oldest', async () => {
    const { client } = harness();
    client.start();
    const socket = connect();
    const first = client.sendMatch(matchRequest());
    const second = client.sendMatch(matchRequest(OTHER_ID));
    socket.receive({
      v: 1,
      type: 'error',
      code: 'unavailable',
      message: 'Matching is unavailable.',
      details: { request_id: OTHER_ID },
    });
    expect(await outcome(second)).toBe('unavailable');
    socket.receive({ v: 1, type: 'ack', request_id: REQUEST_ID });
    expect(await outcome(first)).toBe('sent');
  });

  it('fails what is waiting when the socket drops, and what is never answered after 10 s', async () => {
    const { client } = harness();
    client.start();
    let socket = connect();
    const dropped = client.sendMatch(matchRequest());
    socket.serverClose(1011);
    expect(await outcome(dropped)).toBe('disconnected');

    vi.runOnlyPendingTimers();
    socket = connect();
    const unanswered = client.sendMatch(matchRequest());
    vi.advanceTimersByTime(ACK_TIMEOUT_MS - 1);
    socket.receive({ v: 1, type: 'ack', request_id: OTHER_ID });
    vi.advanceTimersByTime(1);
    expect(await outcome(unanswered)).toBe('timeout');
  });
});
