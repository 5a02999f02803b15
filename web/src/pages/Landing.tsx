import { Link } from 'react-router';
import { buttonClass } from '../ui/Button';
import { ChatIcon, CodeIcon, SparkIcon, UsersIcon } from '../ui/icons';

const FEATURES = [
  {
    icon: UsersIcon,
    title: 'Matched live',
    text: 'Pick a difficulty, topics and a language. We pair you with another student who wants the same, right now.',
  },
  {
    icon: CodeIcon,
    title: 'One shared editor',
    text: 'Solve one question together in a real-time editor, with each other’s cursors and tests you can run.',
  },
  {
    icon: ChatIcon,
    title: 'Chat and a call',
    text: 'Talk it through the way a real interview goes: explain your approach, ask, and take turns.',
  },
  {
    icon: SparkIcon,
    title: 'An assistant when stuck',
    text: 'Ask for a hint, not the answer. Every attempt is kept in your history to look back on.',
  },
];

function EditorArt() {
  return (
    <svg className="hero__art" viewBox="0 0 480 320" role="img" aria-label="Two people editing the same code">
      <rect width="480" height="320" rx="16" style={{ fill: 'var(--surface)', stroke: 'var(--border)' }} />
      <rect width="480" height="40" rx="16" style={{ fill: 'var(--surface-2)' }} />
      <rect y="24" width="480" height="16" style={{ fill: 'var(--surface-2)' }} />
      <circle cx="24" cy="20" r="6" fill="#f87171" />
      <circle cx="44" cy="20" r="6" fill="#fbbf24" />
      <circle cx="64" cy="20" r="6" fill="#34d399" />
      <rect x="360" y="10" width="96" height="20" rx="10" style={{ fill: 'var(--primary-soft)' }} />
      <circle cx="374" cy="20" r="6" fill="#6d28d9" />
      <circle cx="390" cy="20" r="6" fill="#0e7490" />
      <g fontSize="14" style={{ fontFamily: 'var(--font-mono)' }}>
        <text x="24" y="76" style={{ fill: 'var(--link)' }}>def</text>
        <text x="56" y="76" style={{ fill: 'var(--text)' }}>two_sum(nums, target):</text>
        <text x="48" y="104" style={{ fill: 'var(--text-muted)' }}>seen = {'{}'}</text>
        <text x="48" y="132" style={{ fill: 'var(--link)' }}>for</text>
        <text x="80" y="132" style={{ fill: 'var(--text)' }}>i, n in enumerate(nums):</text>
        <text x="72" y="160" style={{ fill: 'var(--text)' }}>if target - n in seen:</text>
        <text x="96" y="188" style={{ fill: 'var(--link)' }}>return</text>
        <text x="150" y="188" style={{ fill: 'var(--text)' }}>[seen[target - n], i]</text>
        <text x="72" y="216" style={{ fill: 'var(--text)' }}>seen[n] = i</text>
      </g>
      <rect x="258" y="172" width="2" height="22" fill="#0e7490" />
      <rect x="258" y="152" width="44" height="16" rx="4" fill="#0e7490" />
      <text x="264" y="164" fontSize="11" fill="#ffffff" style={{ fontFamily: 'var(--font-sans)' }}>Sam</text>
      <rect x="164" y="200" width="2" height="22" fill="#6d28d9" />
      <rect x="164" y="226" width="44" height="16" rx="4" fill="#6d28d9" />
      <text x="171" y="238" fontSize="11" fill="#ffffff" style={{ fontFamily: 'var(--font-sans)' }}>Ada</text>
      <rect x="24" y="260" width="432" height="40" rx="10" style={{ fill: 'var(--success-soft)' }} />
      <text
        x="40"
        y="285"
        fontSize="14"
        fontWeight="600"
        style={{ fill: 'var(--success)', fontFamily: 'var(--font-sans)' }}
      >
        ✓ 3 of 3 tests passed
      </text>
    </svg>
  );
}

export function Landing() {
  return (
    <div className="page">
      <title>PeerPrep · Practise technical interviews with a partner</title>
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero__copy">
          <span className="badge">Mock interviews, in pairs</span>
          <h1 id="hero-title">Practise technical interviews with a partner</h1>
          <p className="hero__lead">
            PeerPrep matches you live with another student at your level. Solve one question together in a shared
            editor, run the tests, talk it through, and keep a history of every attempt.
          </p>
          <div className="hero__actions">
            <Link to="/signup" className={buttonClass({ size: 'lg' })}>
              Sign up
            </Link>
            <Link to="/login" className={buttonClass({ variant: 'secondary', size: 'lg' })}>
              Log in
            </Link>
          </div>
        </div>
        <EditorArt />
      </section>
      <section aria-labelledby="how-title" className="page">
        <h2 id="how-title">How it works</h2>
        <ul className="features">
          {FEATURES.map(({ icon: Icon, title, text }) => (
            <li key={title} className="card feature">
              <span className="feature__icon">
                <Icon />
              </span>
              <h3>{title}</h3>
              <p>{text}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
