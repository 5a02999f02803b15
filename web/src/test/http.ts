// A small fetch double: routes by method and path, answers with real Response objects, records each call.
import { vi } from 'vitest';
import type { Session, User } from '../api/types';

export interface Call {
  method: string;
  path: string;
  /** The query string's parameters (`call.query.getAll('topic')`). */
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (status === 204 || body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>): Response {
  return json(status, { error: { code, message, ...(fields ? { details: { fields } } : {}) } });
}

export const ada: User = {
  id: '01JADA',
  email: 'ada@example.com',
  username: 'ada',
  display_name: 'Ada Lovelace',
  avatar_color: '#6d28d9',
  avatar_url: null,
  language: 'python',
  proficiency: 3,
  timezone: 'Europe/London',
  roles: ['user'],
  created_at: '2026-11-28T00:00:00Z',
};

export function session(token = 'token-1', user: User = ada, expiresIn = 900): Session {
  return { user, access_token: token, token_type: 'bearer', expires_in: expiresIn };
}

/**
 * Installs the double as global fetch. `routes` maps "METHOD /api/path" to a handler (or a list of them,
 * used in turn, the last repeating). An unrouted request fails the test loudly.
 */
export function mockApi(routes: Record<string, Handler | Handler[]>) {
  const calls: Call[] = [];
  const used = new Map<string, number>();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const rawBody = typeof init.body === 'string' ? init.body : null;
    const call: Call = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: rawBody === null ? undefined : JSON.parse(rawBody),
      credentials: init.credentials,
    };
    calls.push(call);
    const key = `${method} ${url.pathname}`;
    const route = routes[key];
    if (route === undefined) throw new Error(`unexpected request: ${key}`);
    const handlers = Array.isArray(route) ? route : [route];
    const index = used.get(key) ?? 0;
    used.set(key, index + 1);
    const handler = handlers[Math.min(index, handlers.length - 1)]!;
    return handler(call);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    fetch: fetchMock,
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

/** A promise with its resolve handle, to hold a response back until the test lets it go. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
