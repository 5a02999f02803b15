import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../ui/Spinner';
import { useAuth } from './context';
import type { EndReason } from './session';

/** What the log-in page reads from the location state. */
export interface LoginState {
  from?: string;
  reason?: EndReason;
}

const AUTH_PAGES = ['/login', '/signup'];

/** A same-origin path to return to after log-in, never another site (an open redirect) or the auth pages. */
export function safeReturnPath(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('from' in state)) return null;
  const { from } = state;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/\\')) {
    return null;
  }
  return AUTH_PAGES.some((page) => from === page || from.startsWith(`${page}?`)) ? null : from;
}

/** Pages for signed-in users: wait for the silent refresh, then show the page or send to log-in. */
export function RequireAuth() {
  const { status, endReason } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading label="Checking your sign-in…" />;
  if (status === 'anonymous') {
    // After an expired session come back here; after a deliberate log-out start afresh.
    const state: LoginState =
      endReason === null || endReason === 'expired'
        ? { from: location.pathname + location.search + location.hash, ...(endReason ? { reason: endReason } : {}) }
        : { reason: endReason };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}

/** Landing, sign-up and log-in: a signed-in user goes on to where they were going, or the dashboard. */
export function PublicOnly() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'authenticated') return <Navigate to={safeReturnPath(location.state) ?? '/dashboard'} replace />;
  return <Outlet />;
}

/** Whether the signed-in user has the admin role. */
export function isAdmin(user: { roles: readonly string[] } | null): boolean {
  return user?.roles.includes('admin') ?? false;
}

/** Admin pages (inside RequireAuth): anyone else gets a 403-style page, not a redirect. */
export function RequireAdmin() {
  const { user } = useAuth();
  if (!isAdmin(user)) {
    return (
      <div className="page">
        <title>Admins only · PeerPrep</title>
        <header className="page__header">
          <h1>Admins only</h1>
          <p>This page is for PeerPrep admins. Ask an admin if you need access.</p>
        </header>
      </div>
    );
  }
  return <Outlet />;
}
