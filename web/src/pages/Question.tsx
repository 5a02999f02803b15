import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { getQuestion } from '../api/questions';
import { useAuth } from '../auth/context';
import { isAdmin } from '../auth/guards';
import type { Editorial, Example, Question as QuestionView, Signature } from '../api/questionTypes';
import { useAsync } from '../hooks/useAsync';
import { InlineMarkdown, Markdown } from '../markdown/Markdown';
import { Button } from '../ui/Button';
import { ExampleList } from '../ui/ExampleList';
import { DifficultyBadge } from '../ui/DifficultyBadge';
import { AsyncContent } from '../ui/Status';

function backTo(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'search' in state && typeof state.search === 'string') {
    return `/questions${state.search.startsWith('?') ? state.search : ''}`;
  }
  return '/questions';
}

function signatureText({ function: name, params, returns }: Signature): string {
  return `${name}(${params.map((p) => `${p.name}: ${p.type}`).join(', ')}) -> ${returns}`;
}

function Examples({ examples }: { examples: Example[] }) {
  return (
    <section className="question-section" aria-labelledby="examples-title">
      <h2 id="examples-title">Examples</h2>
      <ExampleList examples={examples} heading="h3" />
    </section>
  );
}

function Hints({ hints }: { hints: string[] }) {
  const [shown, setShown] = useState(0);
  const lastRef = useRef<HTMLLIElement>(null);
  const all = shown >= hints.length;
  // Once the last hint shows, its button goes away: focus moves to that hint instead of the page's top.
  useEffect(() => {
    if (shown > 0 && shown === hints.length) lastRef.current?.focus();
  }, [shown, hints.length]);
  if (hints.length === 0) return null;
  return (
    <section className="question-section" aria-labelledby="hints-title">
      <h2 id="hints-title">Hints</h2>
      {shown > 0 && (
        <ol className="hints">
          {hints.slice(0, shown).map((hint, index) => (
            <li key={index} ref={index === shown - 1 ? lastRef : undefined} tabIndex={-1}>
              <InlineMarkdown source={hint} />
            </li>
          ))}
        </ol>
      )}
      {!all && (
        <Button
          variant="secondary"
          onClick={() => {
            setShown((n) => n + 1);
          }}
        >
          Show hint {shown + 1} of {hints.length}
        </Button>
      )}
    </section>
  );
}

function EditorialPanel({ editorial }: { editorial: Editorial }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <section className="question-section" aria-labelledby="editorial-title">
      <h2 id="editorial-title">Editorial</h2>
      <div>
        <Button
          variant="secondary"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => {
            setOpen((o) => !o);
          }}
        >
          {open ? 'Hide the editorial' : 'Show the editorial'}
        </Button>
      </div>
      <div id={panelId} hidden={!open} className="editorial">
        {open && (
          <>
            <h3>Approach</h3>
            <Markdown source={editorial.approach} />
            <dl className="editorial__complexity">
              <dt>Time</dt>
              <dd>
                <code>{editorial.time}</code>
              </dd>
              <dt>Space</dt>
              <dd>
                <code>{editorial.space}</code>
              </dd>
            </dl>
          </>
        )}
      </div>
    </section>
  );
}

function QuestionBody({ question, back }: { question: QuestionView; back: string }) {
  const { user } = useAuth();
  return (
    <article className="page question">
      <title>{`${question.title} · PeerPrep`}</title>
      <header className="page__header">
        <Link to={back} className="question__back">
          All questions
        </Link>
        <h1>{question.title}</h1>
        {isAdmin(user) && (
          <Link to={`/admin/questions/${encodeURIComponent(question.slug)}/edit`} className="question__edit">
            Edit question
          </Link>
        )}
        <div className="question__meta">
          <DifficultyBadge difficulty={question.difficulty} />
          {question.topics.length > 0 && (
            <ul className="topic-chips" aria-label="Topics">
              {question.topics.map((topic) => (
                <li key={topic}>{topic}</li>
              ))}
            </ul>
          )}
        </div>
      </header>
      <section className="question-section" aria-labelledby="statement-title">
        <h2 id="statement-title" className="sr-only">
          Statement
        </h2>
        <Markdown source={question.statement} />
      </section>
      {question.examples.length > 0 && <Examples examples={question.examples} />}
      {question.constraints.length > 0 && (
        <section className="question-section" aria-labelledby="constraints-title">
          <h2 id="constraints-title">Constraints</h2>
          <ul>
            {question.constraints.map((constraint, index) => (
              <li key={index}>
                <InlineMarkdown source={constraint} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="question-section" aria-labelledby="signature-title">
        <h2 id="signature-title">Function signature</h2>
        <pre className="code-block">
          <code>{signatureText(question.signature)}</code>
        </pre>
      </section>
      <Hints key={question.slug} hints={question.hints} />
      <EditorialPanel key={`editorial-${question.slug}`} editorial={question.editorial} />
    </article>
  );
}

export default function QuestionPage() {
  const { slug = '' } = useParams();
  const location = useLocation();
  const back = backTo(location.state);
  const result = useAsync((signal) => getQuestion(slug, signal), slug);

  if (result.status === 'error' && result.error.status === 404) {
    return (
      <div className="page">
        <title>Question not found · PeerPrep</title>
        <header className="page__header">
          <h1>Question not found</h1>
          <p>There is no question at this address. It may have been renamed or removed.</p>
        </header>
        <p>
          <Link to={back}>Back to questions</Link>
        </p>
      </div>
    );
  }
  return (
    <AsyncContent result={result} loadingLabel="Loading the question…" errorTitle="The question could not load">
      {(question) => <QuestionBody question={question} back={back} />}
    </AsyncContent>
  );
}
