// A WebSocket double: records what the client sends and how it closes; the test plays the gateway with
// open(), receive() and serverClose(). Every instance made is in FakeWebSocket.instances, newest last.
import { act, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import type { SocketLike } from '../realtime/types';

export class FakeWebSocket implements SocketLike {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  /** The newest socket; fails the test when none was made. */
  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (socket === undefined) throw new Error('no WebSocket was opened');
    return socket;
  }

  readonly url: string;
  readyState = FakeWebSocket.CONNECTING;
  readonly sent: string[] = [];
  /** The code and reason of close() when the client closed it; null otherwise. */
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.instances.push(this);
  }

  /** The messages the client sent, parsed. */
  get messages(): Record<string, unknown>[] {
    return this.sent.map((frame) => JSON.parse(frame) as Record<string, unknown>);
  }

  send(data: string): void {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('send() on a socket that is not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.closedWith = { code, reason };
    this.finish(code ?? 1005);
  }

  // ---- the gateway's side ----

  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.(new Event('open'));
  }

  receive(message: unknown): void {
    const data = typeof message === 'string' ? message : JSON.stringify(message);
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  /** The gateway sends `ready` for the token it was given. */
  ready(expiresAt = '2030-01-01T00:00:00Z'): void {
    this.receive({ v: 1, type: 'ready', user_id: 'u1', connection_id: 'c1', expires_at: expiresAt, heartbeat_s: 15 });
  }

  serverClose(code: number, reason = ''): void {
    this.finish(code, reason);
  }

  private finish(code: number, reason = ''): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.(new CloseEvent('close', { code, reason, wasClean: code !== 1006 }));
  }
}

/**
 * The page's one socket, opened and authenticated by the fake gateway, once the header shows it connected:
 * the provider takes the client up in a render of its own, so a search can only start after that.
 */
export async function connectedSocket(): Promise<FakeWebSocket> {
  await waitFor(() => {
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
  const socket = FakeWebSocket.latest();
  act(() => {
    socket.open();
    socket.ready();
  });
  await waitFor(() => {
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected');
  });
  return socket;
}
