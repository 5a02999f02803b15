// The question's topics: a checkbox for each managed topic (GET /api/questions/topics).
import type { TopicCount } from '../../api/questionTypes';
import type { DraftForm } from './useDraftForm';

export function TopicsField({ form, topics }: { form: DraftForm; topics: TopicCount[] }) {
  const { draft, errors, idOf, update } = form;
  const errorId = `${idOf('topics')}-error`;
  return (
    <fieldset id={idOf('topics')} tabIndex={-1} aria-describedby={errors.topics ? errorId : undefined}>
      <legend className="field__label">Topics</legend>
      <ul className="topic-filter__list">
        {topics.map(({ topic }, index) => (
          <li key={topic}>
            <input
              type="checkbox"
              id={idOf(`topic-${String(index)}`)}
              checked={draft.topics.includes(topic)}
              onChange={() => {
                update(
                  {
                    topics: draft.topics.includes(topic)
                      ? draft.topics.filter((t) => t !== topic)
                      : [...draft.topics, topic],
                  },
                  'topics',
                );
              }}
            />
            <label htmlFor={idOf(`topic-${String(index)}`)}>{topic}</label>
          </li>
        ))}
      </ul>
      {errors.topics && (
        <p className="field__error" id={errorId}>
          {errors.topics}
        </p>
      )}
    </fieldset>
  );
}
