import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/context';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Logo } from '../ui/icons';
import { Loading } from '../ui/Spinner';
import { ThemeToggle } from '../ui/ThemeToggle';
import { useRealtime } from '../realtime/context';
import { ConnectionIndicator } from './ConnectionIndicator';
import { UserMenu } from './UserMenu';

/** After a client-side navigation, focus moves to the new page's content, as a page load would. */
function useFocusMainOnNavigate() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);
  return mainRef;
}

export function AppLayout() {
  const { user, logout } = useAuth();
  const { state: connection, rtt } = useRealtime();
  const mainRef = useFocusMainOnNavigate();
  const { pathname } = useLocation();

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Link to="/" className="brand">
            <Logo />
            <span>PeerPrep</span>
          </Link>
          {user && (
            <nav className="main-nav" aria-label="Main">
              <NavLink to="/dashboard">Dashboard</NavLink>
              <NavLink to="/questions">Questions</NavLink>
            </nav>
          )}
          <div className="header-actions">
            {user && connection !== null && connection !== 'closed' && (
              <ConnectionIndicator state={connection} rtt={rtt} />
            )}
            <ThemeToggle />
            {user && (
              <UserMenu
                user={user}
                onLogout={() => {
                  void logout();
                }}
              />
            )}
          </div>
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1} ref={mainRef}>
        <div className="container">
          <ErrorBoundary resetKey={pathname}>
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </div>
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <span>PeerPrep</span>
          <span>Practise technical interviews with a partner.</span>
        </div>
      </footer>
    </div>
  );
}
