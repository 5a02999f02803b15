import { Link } from 'react-router';
import { useAuth } from '../auth/context';
import { ClockIcon } from '../ui/icons';
import { FindPartner } from './dashboard/FindPartner';

export default function Dashboard() {
  const { user } = useAuth();
  const name = user?.display_name ?? 'there';
  return (
    <div className="page">
      <title>Dashboard · PeerPrep</title>
      <header className="page__header">
        <h1>Welcome, {name}</h1>
        <p>Ready for a practice round?</p>
        <p>
          <Link to="/questions">Browse questions</Link>
        </p>
      </header>
      <div className="dashboard-grid">
        <FindPartner defaultLanguage={user?.language ?? 'python'} />
        <section className="card" aria-labelledby="recent-title">
          <div className="card__header">
            <h2 id="recent-title">Recent attempts</h2>
            <p>Your practice sessions, newest first.</p>
          </div>
          <div className="empty-state">
            <ClockIcon size={32} />
            <strong>No attempts yet</strong>
            <span>When you finish a session with a partner, it shows up here.</span>
          </div>
        </section>
      </div>
    </div>
  );
}
