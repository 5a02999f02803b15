import type { User } from '../api/types';
import { getMe } from '../api/accounts';
import { useAuth } from '../auth/context';
import { updateUser } from '../auth/session';
import { useAsync } from '../hooks/useAsync';
import { Avatar } from '../ui/Avatar';
import { AsyncContent } from '../ui/Status';
import { DeleteAccount } from './profile/DeleteAccount';
import { PasswordForm } from './profile/PasswordForm';
import { ProfileForm } from './profile/ProfileForm';

const MONTH = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

function memberSince(createdAt: string): string | null {
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? null : `Member since ${MONTH.format(date)}`;
}

/** Who this is, as the session knows them now: a saved change shows here at once, not after leaving the page. */
function Identity({ loaded }: { loaded: User }) {
  const { user: current } = useAuth();
  const user = current?.id === loaded.id ? current : loaded;
  return (
    <div className="profile-identity">
      <Avatar user={user} size={56} />
      <div>
        <strong>{user.display_name}</strong>
        <span>
          @{user.username} · {user.email}
        </span>
        <span>{memberSince(user.created_at)}</span>
      </div>
    </div>
  );
}

export default function Profile() {
  // Fresh from the server: another tab or device may have changed it since this tab signed in.
  const me = useAsync(
    (signal) =>
      getMe(signal).then((user) => {
        updateUser(user);
        return user;
      }),
    'me',
  );

  return (
    <div className="page">
      <title>Your profile · PeerPrep</title>
      <header className="page__header">
        <h1>Your profile</h1>
        <p>How partners see you, and how you sign in.</p>
      </header>
      <AsyncContent result={me} loadingLabel="Loading your profile…" errorTitle="Your profile could not load">
        {(user) => (
          <div className="profile-sections">
            <section className="card" aria-labelledby="profile-title">
              <Identity loaded={user} />
              <div className="card__header">
                <h2 id="profile-title">Profile</h2>
              </div>
              <ProfileForm user={user} />
            </section>
            <section className="card" aria-labelledby="password-title">
              <div className="card__header">
                <h2 id="password-title">Password</h2>
                <p>Changing it signs you out everywhere else.</p>
              </div>
              <PasswordForm user={user} />
            </section>
            <section className="card card--danger" aria-labelledby="delete-title">
              <div className="card__header">
                <h2 id="delete-title">Delete account</h2>
                <p>Your profile and practice history are removed for good. This can’t be undone.</p>
              </div>
              <DeleteAccount />
            </section>
          </div>
        )}
      </AsyncContent>
    </div>
  );
}
