import { type SyntheticEvent, useEffect, useId, useState } from 'react';
import { listTopics } from '../../api/questions';
import type { TopicCount } from '../../api/questionTypes';
import { useAsync } from '../../hooks/useAsync';
import type { Criteria, Difficulty, Language } from '../../match/machine';
import { MAX_MATCH_TOPICS } from '../../match/messages';
import { LANGUAGE_NAMES } from '../../match/text';
import { droppedNote, keepOffered, offeredTopics } from '../../match/topics';
import { Button } from '../../ui/Button';
import { SelectField } from '../../ui/TextField';

export interface Draft {
  difficulty: Difficulty | '';
  topics: readonly string[];
  language: Language;
}

const DIFFICULTIES: [Difficulty, string][] = [
  ['easy', 'Easy'],
  ['medium', 'Medium'],
  ['hard', 'Hard'],
];
const LANGUAGES = Object.entries(LANGUAGE_NAMES) as [Language, string][];

function TopicChoices({ draft, onChange }: { draft: Draft; onChange: (topics: readonly string[]) => void }) {
  const id = useId();
  const level = draft.difficulty;
  const topics = useAsync((signal) => listTopics(signal, level || undefined), `topics:${level}`);
  const [note, setNote] = useState<string | null>(null);
  const any = draft.topics.length === 0;
  const full = draft.topics.length >= MAX_MATCH_TOPICS;
  // Before a difficulty is chosen every topic with a question anywhere is offered; after, those at that level.
  const list: TopicCount[] = topics.status === 'success' ? offeredTopics(topics.data) : [];
  // A new list (the difficulty changed) drops the picked topics it no longer has, with a note saying which.
  const [seen, setSeen] = useState<TopicCount[] | null>(null);
  if (topics.status === 'success' && topics.data !== seen) {
    setSeen(topics.data);
    const { dropped } = keepOffered(draft.topics, list);
    if (dropped.length > 0) setNote(droppedNote(dropped, level || 'any'));
  }
  const { kept, dropped } = keepOffered(draft.topics, list);
  const stale = topics.status === 'success' && dropped.length > 0;
  useEffect(() => {
    if (stale) onChange(kept);
  }, [stale, kept, onChange]);
  const toggle = (topic: string) => {
    setNote(null);
    onChange(draft.topics.includes(topic) ? draft.topics.filter((t) => t !== topic) : [...draft.topics, topic]);
  };
  return (
    <fieldset className="topic-filter" aria-describedby={`${id}-hint`}>
      <legend className="field__label">Topics</legend>
      <p className="field__hint" id={`${id}-hint`}>
        {topics.status === 'loading' && 'Loading topics…'}
        {topics.status === 'error' && 'Topics could not load: you can still search with any topic.'}
        {topics.status === 'success' && `Pick up to ${String(MAX_MATCH_TOPICS)}, or any topic.`}
      </p>
      {note !== null && (
        <p className="field__hint" role="status" data-testid="topics-dropped">
          {note}
        </p>
      )}
      <ul className="topic-filter__list">
        <li>
          <input
            type="checkbox"
            id={`${id}-any`}
            checked={any}
            onChange={() => {
              onChange([]);
            }}
          />
          <label htmlFor={`${id}-any`}>Any topic</label>
        </li>
        {list.map(({ topic, count }, index) => {
          const checked = draft.topics.includes(topic);
          return (
            <li key={topic}>
              <input
                type="checkbox"
                id={`${id}-${String(index)}`}
                checked={checked}
                disabled={!checked && full}
                aria-describedby={`${id}-${String(index)}-count`}
                onChange={() => {
                  toggle(topic);
                }}
              />
              <label htmlFor={`${id}-${String(index)}`}>{topic}</label>
              <span className="topic-filter__count" aria-hidden="true" data-testid="topic-count">
                ({String(count)})
              </span>
              <span className="sr-only" id={`${id}-${String(index)}-count`}>
                {`${String(count)} ${count === 1 ? 'question' : 'questions'}`}
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** Difficulty (required), topics (or any) and language; `onSubmit` gets complete criteria only. */
export function MatchForm({
  draft,
  onChange,
  onSubmit,
}: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  onSubmit: (criteria: Criteria) => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (draft.difficulty === '') {
      setError('Choose a difficulty.');
      document.getElementById(`${id}-difficulty`)?.focus();
      return;
    }
    onSubmit({ difficulty: draft.difficulty, topics: draft.topics, language: draft.language });
  };
  return (
    <form className="form match-form" noValidate onSubmit={submit}>
      <div className="field-row">
        <SelectField
          id={`${id}-difficulty`}
          label="Difficulty"
          required
          value={draft.difficulty}
          error={error}
          onChange={(event) => {
            setError(undefined);
            const value = DIFFICULTIES.find(([d]) => d === event.target.value)?.[0] ?? '';
            onChange({ ...draft, difficulty: value });
          }}
        >
          <option value="">Choose…</option>
          {DIFFICULTIES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${id}-language`}
          label="Language"
          value={draft.language}
          onChange={(event) => {
            const value = LANGUAGES.find(([l]) => l === event.target.value)?.[0] ?? draft.language;
            onChange({ ...draft, language: value });
          }}
        >
          {LANGUAGES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <TopicChoices
        draft={draft}
        onChange={(topics) => {
          onChange({ ...draft, topics });
        }}
      />
      <div>
        <Button type="submit">Find a partner</Button>
      </div>
    </form>
  );
}
