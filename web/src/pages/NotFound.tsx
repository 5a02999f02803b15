import { Link } from 'react-router';
import { useAuth } from '../auth/context';
import { buttonClass } from '../ui/Button';

export function NotFound() {
  const { user } = useAuth();
  return (
    <div className="not-found">
      <title>Page not found · PeerPrep</title>
      <p className="not-found__code">404</p>
      <h1>Page not found</h1>
      <p>The page you asked for isn’t here. It may have moved, or the address may be mistyped.</p>
      <Link to={user ? '/dashboard' : '/'} className={buttonClass({ variant: 'secondary' })}>
        {user ? 'Go to your dashboard' : 'Go to the home page'}
      </Link>
    </div>
  );
}
