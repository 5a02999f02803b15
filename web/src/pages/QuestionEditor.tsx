// The question editor (admins): /admin/questions/new and /admin/questions/:slug/edit.
import { type SubmitEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { createQuestion, getFullQuestion, listTopics, replaceQuestion } from '../api/questions';
import {
  COMPARISONS,
  comparisonLabel,
  DIFFICULTIES,
  difficultyLabel,
  isDifficulty,
  type TopicCount,
} from '../api/questionTypes';
import { useAsync } from '../hooks/useAsync';
import type { FormSummary } from '../hooks/useForm';
import { useMutation } from '../hooks/useMutation';
import { Markdown } from '../markdown/Markdown';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { AsyncContent } from '../ui/Status';
import { SelectField, TextAreaField, TextField } from '../ui/TextField';
import {
  buildQuestion,
  type Draft,
  type DraftErrors,
  draftFrom,
  emptyDraft,
  emptyExample,
  emptyTest,
  slugify,
} from './admin/draft';
import { ExamplesPreview } from './admin/ExamplesPreview';
import { EXAMPLE_FIELDS, LABELS, labelOf, placeErrors, TEST_FIELDS } from './admin/fields';

const FIX_FIELDS = 'Please fix the highlighted fields.';

function Editor({ initial, slug, topics }: { initial: Draft; slug: string | null; topics: TopicCount[] }) {
  const id = useId();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(initial);
  const [slugEdited, setSlugEdited] = useState(slug !== null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [summary, setSummary] = useState<FormSummary | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const save = useMutation((body: Parameters<typeof createQuestion>[0]) =>
    slug === null ? createQuestion(body) : replaceQuestion(slug, body),
  );

  const idOf = (key: string) => `${id}-${key.replace(/\./g, '-')}`;
  const update = (patch: Partial<Draft>, ...keys: string[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    if (keys.some((key) => key in errors)) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))));
    }
  };
  const updateTest = (index: number, patch: Partial<Draft['tests'][number]>, key: string) => {
    update({ tests: draft.tests.map((t, i) => (i === index ? { ...t, ...patch } : t)) }, `tests.${String(index)}.${key}`);
  };
  const updateExample = (index: number, patch: Partial<Draft['examples'][number]>, key: string) => {
    update(
      { examples: draft.examples.map((e, i) => (i === index ? { ...e, ...patch } : e)) },
      `examples.${String(index)}.${key}`,
    );
  };
  /** Adds or removes rows of a list: the list's errors go, as its rows' errors no longer match their numbers. */
  const updateRows = (patch: Pick<Draft, 'tests'> | Pick<Draft, 'examples'>, list: 'tests' | 'examples') => {
    setDraft((current) => ({ ...current, ...patch }));
    setErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([key]) => key !== list && !key.startsWith(`${list}.`))),
    );
  };

  const fail = (message: string, fieldErrors: DraftErrors) => {
    setErrors(fieldErrors);
    setSummary({
      message,
      items: Object.entries(fieldErrors).map(([key, text]) => {
        const label = labelOf(key);
        const linked = label !== null && document.getElementById(idOf(key)) !== null;
        if (linked) return { id: idOf(key), label, message: text };
        return { id: null, label: null, message: key === 'body' ? text : `${key}: ${text}` };
      }),
    });
    setFocusKey((n) => n + 1);
  };

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.pending) return;
    const built = buildQuestion(draft);
    if (!built.ok) {
      fail(FIX_FIELDS, built.errors);
      return;
    }
    setSummary(null);
    setErrors({});
    const result = await save.run(built.question);
    if (result.ok) {
      void navigate(`/questions/${encodeURIComponent(result.data.slug)}`);
      return;
    }
    const { error } = result;
    const fields = placeErrors(error.fieldErrors);
    if (error.status === 409 && Object.keys(fields).length === 0) fields.slug = error.message;
    fail(error.message, fields);
  };

  const text = (key: string, value: string, onChange: (value: string) => void) => ({
    id: idOf(key),
    label: LABELS[key] ?? key,
    value,
    error: errors[key],
    onChange: (event: { target: { value: string } }) => {
      onChange(event.target.value);
    },
  });

  return (
    <form className="editor card" noValidate onSubmit={(event) => void onSubmit(event)}>
      <FormError summary={summary} focusKey={focusKey} />
      <div className="editor__grid">
        <TextField
          {...text('title', draft.title, (title) => {
            update({ title, ...(slugEdited ? {} : { slug: slugify(title) }) }, 'title', 'slug');
          })}
          required
        />
        {slug === null ? (
          <TextField
            {...text('slug', draft.slug, (value) => {
              setSlugEdited(true);
              update({ slug: value }, 'slug');
            })}
            hint="Lower case words joined by hyphens; part of the question's address."
            required
          />
        ) : (
          <TextField
            {...text('slug', draft.slug, () => undefined)}
            hint="Can't be changed: the slug is the question's address and identity."
            readOnly
          />
        )}
        <SelectField
          {...text('difficulty', draft.difficulty, (value) => {
            if (isDifficulty(value)) update({ difficulty: value }, 'difficulty');
          })}
        >
          {DIFFICULTIES.map((d) => (
            <option key={d} value={d}>
              {difficultyLabel(d)}
            </option>
          ))}
        </SelectField>
        <SelectField
          {...text('comparison', draft.comparison, (value) => {
            const found = COMPARISONS.find((c) => c === value);
            if (found) update({ comparison: found }, 'comparison');
          })}
          hint="How an answer is compared with the expected value."
        >
          {COMPARISONS.map((c) => (
            <option key={c} value={c}>
              {comparisonLabel(c)}
            </option>
          ))}
        </SelectField>
      </div>

      <fieldset id={idOf('topics')} tabIndex={-1} aria-describedby={errors.topics ? `${idOf('topics')}-error` : undefined}>
        <legend className="field__label">Topics</legend>
        <ul className="topic-filter__list">
          {topics.map(({ topic }, index) => (
            <li key={topic}>
              <input
                type="checkbox"
                id={`${id}-topic-${String(index)}`}
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
              <label htmlFor={`${id}-topic-${String(index)}`}>{topic}</label>
            </li>
          ))}
        </ul>
        {errors.topics && (
          <p className="field__error" id={`${idOf('topics')}-error`}>
            {errors.topics}
          </p>
        )}
      </fieldset>

      <div className="editor__grid">
        <TextAreaField
          {...text('statement', draft.statement, (statement) => {
            update({ statement }, 'statement');
          })}
          hint="Markdown (CommonMark): paragraphs, `code`, fenced code, **bold**, *italic*, lists, tables, links; HTML shows as text."
          rows={12}
          required
        />
        <section aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} className="field__label">
            Preview
          </h2>
          <div className="editor__preview" data-testid="statement-preview">
            <Markdown source={draft.statement} />
          </div>
        </section>
      </div>

      <h2 id={idOf('examples')} tabIndex={-1}>
        Examples
      </h2>
      <p className="field__hint">
        Shown with the statement; one at least. Input and output as people read them, e.g. &ldquo;nums = [2,7,11,15],
        target = 9&rdquo;; the explanation may use inline Markdown.
      </p>
      {errors.examples && (
        <p className="field__error" id={`${idOf('examples')}-error`}>
          {errors.examples}
        </p>
      )}
      <div className="editor__grid">
        <div>
          {draft.examples.map((example, index) => {
            const n = String(index + 1);
            const field = (key: 'input' | 'output' | 'explanation') => {
              const errorKey = `examples.${String(index)}.${key}`;
              return {
                id: idOf(errorKey),
                label: `Example ${n} ${EXAMPLE_FIELDS[key] ?? key}`,
                value: example[key],
                error: errors[errorKey],
                onChange: (event: { target: { value: string } }) => {
                  updateExample(index, { [key]: event.target.value }, key);
                },
              };
            };
            return (
              <fieldset key={example.key}>
                <legend className="field__label">Example {n}</legend>
                <TextField {...field('input')} spellCheck={false} required />
                <TextField {...field('output')} spellCheck={false} required />
                <TextField {...field('explanation')} />
                <Button
                  variant="ghost"
                  onClick={() => {
                    updateRows({ examples: draft.examples.filter((_, i) => i !== index) }, 'examples');
                  }}
                >
                  Remove example {n}
                </Button>
              </fieldset>
            );
          })}
          <Button
            variant="secondary"
            onClick={() => {
              updateRows({ examples: [...draft.examples, emptyExample()] }, 'examples');
            }}
          >
            Add example
          </Button>
        </div>
        <section aria-labelledby={`${id}-examples-preview`}>
          <h3 id={`${id}-examples-preview`} className="field__label">
            Examples preview
          </h3>
          <div className="editor__preview" data-testid="examples-preview">
            <ExamplesPreview examples={draft.examples} />
          </div>
        </section>
      </div>

      <div className="editor__grid">
        <TextAreaField
          {...text('constraints', draft.constraints, (constraints) => {
            update({ constraints }, 'constraints');
          })}
          hint="One per line."
        />
        <TextAreaField
          {...text('hints', draft.hints, (hints) => {
            update({ hints }, 'hints');
          })}
          hint="One per line, gentlest first."
        />
      </div>

      <h2>Function signature</h2>
      <div className="editor__grid">
        <TextField
          {...text('signature.function', draft.fn, (fn) => {
            update({ fn }, 'signature.function');
          })}
        />
        <TextAreaField
          {...text('signature.params', draft.params, (params) => {
            update({ params }, 'signature.params');
          })}
          hint='One per line, as "name: type", e.g. "nums: list[int]".'
          rows={3}
        />
        <TextField
          {...text('signature.returns', draft.returns, (returns) => {
            update({ returns }, 'signature.returns');
          })}
        />
      </div>

      <h2 id={idOf('tests')} tabIndex={-1}>
        Tests
      </h2>
      {errors.tests && <p className="field__error">{errors.tests}</p>}
      <table className="editor__tests">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Args (JSON array)</th>
            <th scope="col">Expected (JSON)</th>
            <th scope="col">Sample</th>
            <th scope="col">Explanation</th>
            <th scope="col">Remove</th>
          </tr>
        </thead>
        <tbody>
          {draft.tests.map((test, index) => {
            const n = String(index + 1);
            const cell = (key: 'args' | 'expected' | 'explanation') => {
              const errorKey = `tests.${String(index)}.${key}`;
              const error = errors[errorKey];
              return (
                <td>
                  <input
                    type="text"
                    className="field__input"
                    id={idOf(errorKey)}
                    aria-label={`Test ${n} ${TEST_FIELDS[key] ?? key}`}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${idOf(errorKey)}-error` : undefined}
                    value={test[key]}
                    onChange={(event) => {
                      updateTest(index, { [key]: event.target.value }, key);
                    }}
                  />
                  {error && (
                    <p className="field__error" id={`${idOf(errorKey)}-error`}>
                      {error}
                    </p>
                  )}
                </td>
              );
            };
            const sampleKey = `tests.${String(index)}.sample`;
            const sampleError = errors[sampleKey];
            return (
              <tr key={test.key}>
                <th scope="row">{n}</th>
                {cell('args')}
                {cell('expected')}
                <td>
                  <input
                    type="checkbox"
                    id={idOf(sampleKey)}
                    aria-label={`Test ${n} sample`}
                    aria-invalid={sampleError ? true : undefined}
                    aria-describedby={sampleError ? `${idOf(sampleKey)}-error` : undefined}
                    checked={test.sample}
                    onChange={(event) => {
                      updateTest(index, { sample: event.target.checked }, 'sample');
                    }}
                  />
                  {sampleError && (
                    <p className="field__error" id={`${idOf(sampleKey)}-error`}>
                      {sampleError}
                    </p>
                  )}
                </td>
                {cell('explanation')}
                <td>
                  <Button
                    variant="ghost"
                    onClick={() => {
                      updateRows({ tests: draft.tests.filter((_, i) => i !== index) }, 'tests');
                    }}
                  >
                    Remove test {n}
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Button
        variant="secondary"
        onClick={() => {
          updateRows({ tests: [...draft.tests, emptyTest()] }, 'tests');
        }}
      >
        Add test
      </Button>

      <TextAreaField
        {...text('solutions.python', draft.python, (python) => {
          update({ python }, 'solutions.python');
        })}
        rows={10}
        spellCheck={false}
        required
      />

      <h2>Editorial</h2>
      <TextAreaField
        {...text('editorial.approach', draft.approach, (approach) => {
          update({ approach }, 'editorial.approach');
        })}
        hint="Markdown."
        rows={6}
      />
      <div className="editor__grid">
        <TextField
          {...text('editorial.time', draft.time, (time) => {
            update({ time }, 'editorial.time');
          })}
          hint="e.g. O(n)"
        />
        <TextField
          {...text('editorial.space', draft.space, (space) => {
            update({ space }, 'editorial.space');
          })}
          hint="e.g. O(1)"
        />
      </div>

      <div className="admin-tools">
        <Button type="submit" loading={save.pending}>
          Save question
        </Button>
        <Link to={slug === null ? '/questions' : `/questions/${encodeURIComponent(slug)}`}>Cancel</Link>
      </div>
    </form>
  );
}

export default function QuestionEditor() {
  const { slug = null } = useParams();
  const topics = useAsync((signal) => listTopics(signal), 'topics');
  const question = useAsync(
    (signal) => (slug === null ? Promise.resolve(emptyDraft()) : getFullQuestion(slug, signal).then(draftFrom)),
    slug ?? '(new)',
  );
  const heading = slug === null ? 'New question' : 'Edit question';
  return (
    <div className="page">
      <title>{`${heading} · PeerPrep`}</title>
      <header className="page__header">
        <h1>{heading}</h1>
      </header>
      <AsyncContent result={question} loadingLabel="Loading the question…" errorTitle="Couldn't load the question">
        {(initial) => (
          <AsyncContent result={topics} loadingLabel="Loading topics…" errorTitle="Couldn't load the topics">
            {(list) => <Editor key={slug ?? '(new)'} initial={initial} slug={slug} topics={list} />}
          </AsyncContent>
        )}
      </AsyncContent>
    </div>
  );
}
