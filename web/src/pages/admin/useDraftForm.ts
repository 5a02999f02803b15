// The question editor's form state: the draft, its field errors and the error summary, with the updates that
// clear a field's error as it is edited and the props that wire a control to its field.
import { useId, useState } from 'react';
import type { FormSummary } from '../../hooks/useForm';
import { type Draft, type DraftErrors, type ExampleDraft, type TestDraft } from './draft';
import { LABELS } from './fields';
import { documentOrder, errorSummary } from './summary';

/** The props a TextField, TextAreaField or SelectField takes for one field. */
export interface ControlProps {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (event: { target: { value: string } }) => void;
}

export interface DraftForm {
  draft: Draft;
  errors: DraftErrors;
  summary: FormSummary | null;
  /** Bumped on every failure, for the summary to take focus. */
  focusKey: number;
  /** The DOM id for a field key (`tests.0.args` -> `…-tests-0-args`) or another part of the form. */
  idOf: (key: string) => string;
  /** Changes the draft; the errors of the fields `keys` go, as they are being edited. */
  update: (patch: Partial<Draft>, ...keys: string[]) => void;
  updateTest: (index: number, patch: Partial<TestDraft>, key: string) => void;
  updateExample: (index: number, patch: Partial<ExampleDraft>, key: string) => void;
  /** Adds or removes rows of a list: the list's errors go, as its rows' errors no longer match their numbers. */
  updateRows: (patch: Pick<Draft, 'tests'> | Pick<Draft, 'examples'>, list: 'tests' | 'examples') => void;
  /** A text control's props for the field `key`, its label from LABELS. */
  control: (key: string, value: string, onChange: (value: string) => void) => ControlProps;
  /** Shows `message` and the field errors (by their controls and in the summary), and focuses the summary. */
  fail: (message: string, fieldErrors: DraftErrors) => void;
  /** Clears the errors and the summary (before a save). */
  clearErrors: () => void;
}

export function useDraftForm(initial: Draft): DraftForm {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [summary, setSummary] = useState<FormSummary | null>(null);
  const [focusKey, setFocusKey] = useState(0);

  const idOf = (key: string) => `${id}-${key.replace(/\./g, '-')}`;
  const update = (patch: Partial<Draft>, ...keys: string[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    if (keys.some((key) => key in errors)) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))));
    }
  };

  return {
    draft,
    errors,
    summary,
    focusKey,
    idOf,
    update,
    updateTest: (index, patch, key) => {
      update({ tests: draft.tests.map((t, i) => (i === index ? { ...t, ...patch } : t)) }, `tests.${String(index)}.${key}`);
    },
    updateExample: (index, patch, key) => {
      update(
        { examples: draft.examples.map((e, i) => (i === index ? { ...e, ...patch } : e)) },
        `examples.${String(index)}.${key}`,
      );
    },
    updateRows: (patch, list) => {
      setDraft((current) => ({ ...current, ...patch }));
      setErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([key]) => key !== list && !key.startsWith(`${list}.`))),
      );
    },
    control: (key, value, onChange) => ({
      id: idOf(key),
      label: LABELS[key] ?? key,
      value,
      error: errors[key],
      onChange: (event) => {
        onChange(event.target.value);
      },
    }),
    fail: (message, fieldErrors) => {
      setErrors(fieldErrors);
      setSummary(
        errorSummary(
          message,
          fieldErrors,
          (key) => (document.getElementById(idOf(key)) === null ? null : idOf(key)),
          documentOrder,
        ),
      );
      setFocusKey((n) => n + 1);
    },
    clearErrors: () => {
      setSummary(null);
      setErrors({});
    },
  };
}
