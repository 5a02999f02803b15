// The signed-in session, in memory only: the access token never touches storage. The refresh token is an
// httpOnly cookie the browser keeps, so a reload signs back in through a silent refresh. Beside it the client
// keeps a marker (no token, no user: only that a sign-in happened in this browser), so a visitor who never
// signed in makes no refresh request that could only answer 401.
import type { Session, User } from '../api/types';

/** Why a session ended, so the UI can say so (null: never signed in, or not known). */
export type EndReason = 'logout' | 'expired' | 'deleted';

export interface SessionState {
  readonly user: User | null;
  readonly accessToken: string | null;
  /** Epoch milliseconds when the access token expires. */
  readonly expiresAt: number;
  readonly endReason: EndReason | null;
}

/** localStorage key of the marker: present from a sign-in until a sign-out or a refused refresh. */
export const SIGNED_IN_KEY = 'peerprep-signed-in';

/** Whether this browser may hold a refresh cookie worth trying (true when storage is blocked: try anyway). */
export function hasSignInToRestore(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_KEY) !== null;
  } catch {
    return true;
  }
}

function markSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_KEY, '1');
    else localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Storage blocked: hasSignInToRestore() answers true, so the refresh is tried as before.
  }
}

/** The server refused the refresh cookie (none, expired or revoked): nothing to restore on the next load. */
export function forgetSignIn(): void {
  markSignedIn(false);
}

const EMPTY: SessionState = { user: null, accessToken: null, expiresAt: 0, endReason: null };

let state: SessionState = EMPTY;
// Bumped whenever the session is replaced or cleared, so a late answer to an older request can be dropped.
let generation = 0;
const listeners = new Set<() => void>();

function emit(next: SessionState): void {
  state = next;
  generation += 1;
  for (const listener of listeners) listener();
}

export function getSession(): SessionState {
  return state;
}

export function getGeneration(): number {
  return generation;
}

export function setSession(session: Session, now: number = Date.now()): void {
  markSignedIn(true);
  emit({
    user: session.user,
    accessToken: session.access_token,
    expiresAt: now + session.expires_in * 1000,
    endReason: null,
  });
}

export function updateUser(user: User): void {
  if (state.user === null) return;
  emit({ ...state, user });
}

export function clearSession(reason: EndReason | null = null): void {
  markSignedIn(false);
  if (state.user === null && state.accessToken === null && state.endReason === reason) return;
  emit({ ...EMPTY, endReason: reason });
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
