import { type ChangeEvent, type SubmitEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import type { FieldErrors } from '../validation';
import { useMutation } from './useMutation';

type Values = Record<string, string>;
type Field<V> = keyof V & string;

export interface FormOptions<V extends Values, R> {
  initialValues: V;
  /** Each field's visible label, used by the error summary. */
  labels: Record<Field<V>, string>;
  validate: (values: V) => FieldErrors<Field<V>>;
  /** Sends the form; may throw an ApiError, whose field messages land on the fields of the same name. */
  onSubmit: (values: V) => Promise<R>;
  onSuccess?: (result: R, values: V) => void;
  /** Field messages for an error that carries none, e.g. a 401 for a wrong current password. */
  errorFields?: (error: ApiError) => FieldErrors<Field<V>>;
}

export interface SummaryItem {
  id: string | null;
  label: string | null;
  message: string;
}

export interface FormSummary {
  message: string;
  items: SummaryItem[];
}

export interface FieldProps {
  id: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => void;
  onBlur: () => void;
}

const FIX_FIELDS = 'Please fix the highlighted fields.';

/**
 * Form state with the validation timing people expect: a field's rule shows after its first blur (or the
 * first submit) and then follows each keystroke; the server's messages replace ours until the field changes.
 */
export function useForm<V extends Values, R>(options: FormOptions<V, R>) {
  const { initialValues, labels, validate } = options;
  const formId = useId();
  const [values, setValues] = useState<V>(initialValues);
  const [touched, setTouched] = useState<Partial<Record<Field<V>, true>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors<Field<V>>>({});
  const [serverSummary, setServerSummary] = useState<FormSummary | null>(null);
  // Bumped after each failed submit: the error summary takes focus when it changes.
  const [focusKey, setFocusKey] = useState(0);
  const mutation = useMutation(options.onSubmit);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });

  const idOf = useCallback((name: string) => `${formId}-${name}`, [formId]);
  const clientErrors = validate(values);

  const errorOf = (name: Field<V>): string | undefined =>
    serverErrors[name] ?? (touched[name] || submitted ? clientErrors[name] : undefined);

  const setValue = useCallback((name: Field<V>, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setServerErrors((current) => (name in current ? { ...current, [name]: undefined } : current));
  }, []);

  const field = (name: Field<V>): FieldProps => ({
    id: idOf(name),
    name,
    value: values[name] ?? '',
    error: errorOf(name),
    onChange: (event) => {
      setValue(name, event.target.value);
    },
    onBlur: () => {
      setTouched((current) => (current[name] ? current : { ...current, [name]: true }));
    },
  });

  const fieldNames = Object.keys(labels) as Field<V>[];
  const visibleItems: SummaryItem[] = fieldNames.flatMap((name) => {
    const message = errorOf(name);
    return message === undefined ? [] : [{ id: idOf(name), label: labels[name], message }];
  });

  let summary: FormSummary | null = null;
  if (serverSummary !== null) {
    summary = { message: serverSummary.message, items: [...visibleItems, ...serverSummary.items] };
  } else if (submitted && visibleItems.length > 0) {
    summary = { message: FIX_FIELDS, items: visibleItems };
  }

  const submit = async (): Promise<void> => {
    if (mutation.pending) return;
    setSubmitted(true);
    setServerErrors({});
    setServerSummary(null);
    if (Object.values(clientErrors).some((message) => message !== undefined)) {
      setFocusKey((n) => n + 1);
      return;
    }
    const result = await mutation.run(values);
    if (result.ok) {
      optionsRef.current.onSuccess?.(result.data, values);
      return;
    }
    const { error } = result;
    const mine: FieldErrors<Field<V>> = optionsRef.current.errorFields?.(error) ?? {};
    const others: SummaryItem[] = [];
    for (const [name, message] of Object.entries(error.fieldErrors)) {
      if (name in labels) mine[name as Field<V>] = message;
      else others.push({ id: null, label: null, message });
    }
    setServerErrors(mine);
    setServerSummary({ message: error.message, items: others });
    setFocusKey((n) => n + 1);
  };

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void submit();
  };

  const reset = useCallback((next?: V) => {
    setValues(next ?? optionsRef.current.initialValues);
    setTouched({});
    setSubmitted(false);
    setServerErrors({});
    setServerSummary(null);
  }, []);

  return {
    values,
    setValue,
    field,
    summary,
    focusKey,
    handleSubmit,
    reset,
    pending: mutation.pending,
    status: mutation.status,
    error: mutation.error,
    resetStatus: mutation.reset,
  };
}
