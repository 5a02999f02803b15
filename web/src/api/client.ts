// The one typed HTTP client: JSON in and out under /api, the bearer token from the session, one silent
// refresh and one retry on 401, and every failure turned into an ApiError with the contract's shape.
import { clearSession, forgetSignIn, getGeneration, getSession, setSession } from '../auth/session';
import type { ErrorBody, ErrorCode, Session } from './types';

export const API_BASE = '/api';
export const REFRESH_PATH = '/users/auth/refresh';
/** `details.reason` of a 401 for a wrong current password (not an expired token). */
const WRONG_PASSWORD = 'wrong_password';
/** Refresh before sending when the access token has less than this left. */
const EXPIRY_MARGIN_MS = 10_000;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  /** `details.fields`: a message per request field, for 422 and for 409 on a unique field. */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** For 429: seconds to wait, from `details.retry_after_s` or the Retry-After header. */
  readonly retryAfterS: number | null;
  /** Everything else the server put in `details` (e.g. `reason` on a 401). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    code: ErrorCode | (string & {}),
    message: string,
    fieldErrors: Readonly<Record<string, string>> = {},
    retryAfterS: number | null = null,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.retryAfterS = retryAfterS;
    this.details = details;
  }

  get hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  /** Send the bearer token, and refresh once on 401. Off for sign-up, log-in and log-out. */
  auth?: boolean;
  signal?: AbortSignal;
}

const NETWORK_MESSAGE = "Can't reach PeerPrep. Check your connection and try again.";

function fallbackMessage(status: number): string {
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status === 503) return 'PeerPrep is briefly unavailable. Please try again shortly.';
  if (status >= 500) return 'Something went wrong on our side. Please try again.';
  return `The request failed (HTTP ${String(status)}).`;
}

function fallbackCode(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    422: 'invalid_input',
    429: 'rate_limited',
    503: 'unavailable',
  };
  return byStatus[status] ?? 'http_error';
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function stringFields(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(value)) {
    if (typeof message === 'string') fields[key] = message;
  }
  return fields;
}

function retryAfter(response: Response, details: Record<string, unknown> | null | undefined): number | null {
  const fromBody = details?.retry_after_s;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody)) return fromBody;
  const header = Number(response.headers.get('Retry-After'));
  return Number.isFinite(header) && header > 0 ? header : null;
}

/** Reads an error response of any shape into an ApiError. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall back on the status.
  }
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    return new ApiError(
      response.status,
      code,
      message,
      stringFields(details?.fields),
      retryAfter(response, details),
      details ?? {},
    );
  }
  return new ApiError(
    response.status,
    fallbackCode(response.status),
    fallbackMessage(response.status),
    {},
    retryAfter(response, undefined),
  );
}

async function send(path: string, options: RequestOptions, auth: boolean): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = getSession().accessToken;
  if (auth && token !== null) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(API_BASE + path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

// Refreshes run one at a time in this tab (concurrent 401s share one), and one at a time across tabs
// where the browser has Web Locks, because two refreshes with the same rotating cookie revoke the family.
let refreshInFlight: Promise<Session | null> | null = null;

async function doRefresh(): Promise<Session | null> {
  const started = getGeneration();
  let response: Response;
  try {
    response = await fetch(API_BASE + REFRESH_PATH, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  }
  // Refused: no cookie, or an expired or revoked one. Anything else (429, 5xx) is a failure, not a sign-out.
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    forgetSignIn();
    return null;
  }
  const session = await parse<Session>(response);
  // Signed out (or in again) while this was in flight: the newer state wins.
  if (getGeneration() !== started) return getSession().accessToken === null ? null : session;
  setSession(session);
  return session;
}

function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return task();
  return locks.request('peerprep-auth-refresh', task) as Promise<T>;
}

/**
 * Trades the refresh cookie for a new session. Resolves to null when the server refuses (no cookie, or a
 * revoked one); rejects with an ApiError when the server can't be reached or fails.
 */
export function refreshSession(): Promise<Session | null> {
  refreshInFlight ??= withRefreshLock(doRefresh).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/** The server refused to refresh: a signed-in tab is now signed out (one that already was stays as it was). */
export function endExpiredSession(): void {
  if (getSession().accessToken !== null) clearSession('expired');
}

function expiresSoon(): boolean {
  const { accessToken, expiresAt } = getSession();
  return accessToken !== null && expiresAt - Date.now() < EXPIRY_MARGIN_MS;
}

/** Sends one request to the API and returns its JSON body (undefined for 204). */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  let refreshed = false;
  if (auth && expiresSoon()) {
    const session = await refreshSession().catch(() => undefined);
    if (session === null) endExpiredSession();
    refreshed = session !== undefined;
  }
  const response = await send(path, options, auth);
  // One silent refresh per request: a 401 with a fresh token is the answer (e.g. a wrong current password).
  if (response.status !== 401 || !auth || refreshed) return parse<T>(response);
  const unauthorized = await toApiError(response);
  // user_svc marks a 401 about a password the person typed; refreshing would only count the attempt twice.
  if (unauthorized.details.reason === WRONG_PASSWORD) throw unauthorized;

  const session = await refreshSession();
  if (session === null) {
    endExpiredSession();
    throw unauthorized;
  }
  return parse<T>(await send(path, options, auth));
}
