import { type ChangeEvent, type SubmitEvent, useEffect, useId, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { listQuestions, listTopics, questionQueryString } from '../api/questions';
import { useAuth } from '../auth/context';
import { isAdmin } from '../auth/guards';
import { DIFFICULTIES, difficultyLabel, isDifficulty, isSortBy, SORTS, sortLabel } from '../api/questionTypes';
import type { QuestionPage, TopicCount } from '../api/questionTypes';
import { useAsync } from '../hooks/useAsync';
import { Button } from '../ui/Button';
import { DifficultyBadge } from '../ui/DifficultyBadge';
import { AsyncContent } from '../ui/Status';
import { SelectField, TextField } from '../ui/TextField';
import {
  type Filters,
  hasFilters,
  MAX_TOPIC_FILTERS,
  readFilters,
  toQuery,
  writeFilters,
} from './questions/filters';
import { AdminTools } from './questions/AdminTools';

const SEARCH_DEBOUNCE_MS = 250;

function TopicFilter({
  topics,
  selected,
  onToggle,
}: {
  topics: TopicCount[];
  selected: readonly string[];
  onToggle: (topic: string) => void;
}) {
  const id = useId();
  // A topic no question carries finds nothing: offered only while it is selected (say, from a shared link).
  const offered = topics.filter(({ topic, count }) => count > 0 || selected.includes(topic));
  if (offered.length === 0) return <p className="field__hint">No topics yet.</p>;
  const full = selected.length >= MAX_TOPIC_FILTERS;
  return (
    <ul className="topic-filter__list">
      {offered.map(({ topic, count }, index) => {
        const checked = selected.includes(topic);
        return (
          <li key={topic}>
            <input
              type="checkbox"
              id={`${id}-${String(index)}`}
              checked={checked}
              disabled={!checked && full}
              onChange={() => {
                onToggle(topic);
              }}
            />
            <label htmlFor={`${id}-${String(index)}`}>
              {topic} <span className="topic-filter__count">({count})</span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}

function Results({ page, filters }: { page: QuestionPage; filters: Filters }) {
  const location = useLocation();
  if (page.items.length === 0) {
    return (
      <div className="empty-state">
        <strong>No questions match</strong>
        <span>{hasFilters(filters) ? 'Try other words, or clear some filters.' : 'There are no questions yet.'}</span>
      </div>
    );
  }
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const first = (page.page - 1) * page.size + 1;
  const last = first + page.items.length - 1;
  const hrefFor = (n: number) => {
    const params = writeFilters({ ...filters, page: n });
    const text = params.toString();
    return text === '' ? '/questions' : `/questions?${text}`;
  };
  return (
    <>
      <p className="question-results__count" id="question-results-count">
        Showing {first}–{last} of {page.total} {page.total === 1 ? 'question' : 'questions'}
      </p>
      <ul className="question-list" aria-labelledby="question-results-count">
        {page.items.map((item) => (
          <li key={item.slug} className="question-list__item">
            <Link to={`/questions/${encodeURIComponent(item.slug)}`} state={{ search: location.search }}>
              {item.title}
            </Link>
            <DifficultyBadge difficulty={item.difficulty} />
            {item.topics.length > 0 && (
              <ul className="topic-chips">
                {item.topics.map((topic) => (
                  <li key={topic}>{topic}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav className="pagination" aria-label="Pagination">
          {page.page > 1 ? (
            <Link to={hrefFor(page.page - 1)} rel="prev">
              Previous page
            </Link>
          ) : (
            <span aria-hidden="true" className="pagination__placeholder" />
          )}
          <span>
            Page {page.page} of {pages}
          </span>
          {page.page < pages ? (
            <Link to={hrefFor(page.page + 1)} rel="next">
              Next page
            </Link>
          ) : (
            <span aria-hidden="true" className="pagination__placeholder" />
          )}
        </nav>
      )}
    </>
  );
}

export default function Questions() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const id = useId();

  // The search box: its own text while typing, written to the URL 250 ms after the last keystroke.
  const [draft, setDraft] = useState(filters.q);
  const [seenQ, setSeenQ] = useState(filters.q);
  if (filters.q !== seenQ) {
    // The URL changed under the box (back button, a link): show what it says.
    setSeenQ(filters.q);
    if (filters.q !== draft) setDraft(filters.q);
  }

  const update = (change: Partial<Filters>, replace = false) => {
    setParams((current) => writeFilters({ ...readFilters(current), page: 1, ...change }), { replace });
  };

  useEffect(() => {
    if (draft === seenQ) return;
    const timer = window.setTimeout(() => {
      setParams((current) => writeFilters({ ...readFilters(current), q: draft, page: 1 }), { replace: true });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [draft, seenQ, setParams]);

  const query = toQuery(filters);
  const results = useAsync((signal) => listQuestions(query, signal), questionQueryString(query));
  const topics = useAsync((signal) => listTopics(signal), 'topics');
  const { user } = useAuth();

  const onSearch = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ q: draft }, true);
  };

  const toggleTopic = (topic: string) => {
    const next = filters.topics.includes(topic)
      ? filters.topics.filter((t) => t !== topic)
      : [...filters.topics, topic];
    update({ topics: next });
  };

  const clear = () => {
    setDraft('');
    setParams(new URLSearchParams());
  };

  return (
    <div className="page">
      <title>Questions · PeerPrep</title>
      <header className="page__header">
        <h1>Questions</h1>
        <p>Browse the question bank by topic and difficulty.</p>
        {isAdmin(user) && (
          <AdminTools
            onImported={() => {
              results.reload();
              topics.reload();
            }}
          />
        )}
      </header>
      <div className="question-browser">
        <aside className="question-filters card" aria-label="Filters">
          <form role="search" onSubmit={onSearch}>
            <TextField
              id={`${id}-q`}
              label="Search questions"
              type="search"
              name="q"
              maxLength={200}
              value={draft}
              onChange={(event: ChangeEvent<HTMLInputElement>) => {
                setDraft(event.target.value);
              }}
            />
          </form>
          <SelectField
            id={`${id}-difficulty`}
            label="Difficulty"
            value={filters.difficulty ?? ''}
            onChange={(event) => {
              const value = event.target.value;
              update({ difficulty: isDifficulty(value) ? value : null });
            }}
          >
            <option value="">All</option>
            {DIFFICULTIES.map((d) => (
              <option key={d} value={d}>
                {difficultyLabel(d)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id={`${id}-sort`}
            label="Sort by"
            value={filters.sort ?? ''}
            onChange={(event) => {
              const value = event.target.value;
              update({ sort: isSortBy(value) ? value : null });
            }}
          >
            <option value="">Best match</option>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {sortLabel(s)}
              </option>
            ))}
          </SelectField>
          <fieldset className="topic-filter" aria-labelledby={`${id}-topics`}>
            <legend id={`${id}-topics`} className="field__label">
              Topics
            </legend>
            <AsyncContent result={topics} loadingLabel="Loading topics…" errorTitle="Topics could not load">
              {(list) => <TopicFilter topics={list} selected={filters.topics} onToggle={toggleTopic} />}
            </AsyncContent>
          </fieldset>
          {hasFilters(filters) && (
            <Button variant="ghost" onClick={clear}>
              Clear filters
            </Button>
          )}
        </aside>
        <section className="question-results" aria-label="Results">
          <AsyncContent result={results} loadingLabel="Loading questions…" errorTitle="Questions could not load">
            {(page) => <Results page={page} filters={filters} />}
          </AsyncContent>
        </section>
      </div>
    </div>
  );
}
