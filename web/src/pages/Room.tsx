// The room's placeholder until the collaboration feature: the question the match service chose, read by the
// slug that came with `session.started` (kept in sessionStorage, so a reload still finds it).
import { Link, useParams } from 'react-router';
import { getQuestion } from '../api/questions';
import { useAsync } from '../hooks/useAsync';
import { Markdown } from '../markdown/Markdown';
import { loadRoom } from '../match/storage';
import { LANGUAGE_NAMES } from '../match/text';
import { DifficultyBadge } from '../ui/DifficultyBadge';
import { AsyncContent } from '../ui/Status';

const COMING = 'The shared editor, chat and run buttons arrive with the collaboration feature.';

function RoomQuestion({ slug }: { slug: string }) {
  const result = useAsync((signal) => getQuestion(slug, signal), slug);
  return (
    <AsyncContent result={result} loadingLabel="Loading the question…" errorTitle="The question could not load">
      {(question) => (
        <article className="question" aria-labelledby="room-question-title">
          <title>{`${question.title} · Room · PeerPrep`}</title>
          <h2 id="room-question-title">{question.title}</h2>
          <div className="question__meta">
            <DifficultyBadge difficulty={question.difficulty} />
          </div>
          <section className="question-section" aria-label="Statement">
            <Markdown source={question.statement} />
          </section>
        </article>
      )}
    </AsyncContent>
  );
}

export default function Room() {
  const { sessionId = '' } = useParams();
  const room = loadRoom(sessionStorage, sessionId);
  const language = room === null ? null : LANGUAGE_NAMES[room.language];
  return (
    <div className="page">
      <title>Room · PeerPrep</title>
      <header className="page__header">
        <h1>Your practice room</h1>
        {language !== null && <p>Language: {language}</p>}
        <p className="status status--info">{COMING}</p>
        <p>
          <Link to="/dashboard">Back to the dashboard</Link>
        </p>
      </header>
      {room === null ? (
        <p>This tab does not know the room’s question: it is shown in the tab that found the match.</p>
      ) : (
        <RoomQuestion slug={room.slug} />
      )}
    </div>
  );
}
