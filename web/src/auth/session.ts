// The signed-in session, in memory only: the access token never touches storage. The refresh token is an
// httpOnly cookie the browser keeps, so a reload signs back in through a silent refresh.
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
  if (state.user === null && state.accessToken === null && state.endReason === reason) return;
  emit({ ...EMPTY, endReason: reason });
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
