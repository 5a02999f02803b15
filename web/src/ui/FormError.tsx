import { useEffect, useRef } from 'react';
import type { FormSummary } from '../hooks/useForm';

interface FormErrorProps {
  summary: FormSummary | null;
  /** Focus moves here whenever this changes (useForm bumps it after a failed submit). */
  focusKey: number;
}

/**
 * The error summary at the top of a form: what went wrong, with a link to each field. It takes focus after
 * a failed submit, so keyboard and screen-reader users start from it.
 */
export function FormError({ summary, focusKey }: FormErrorProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusKey > 0) ref.current?.focus();
  }, [focusKey]);
  if (summary === null) return null;
  const jump = (id: string) => {
    const field = document.getElementById(id);
    field?.focus();
    field?.scrollIntoView({ block: 'center' });
  };
  return (
    <div className="form-error" role="alert" tabIndex={-1} ref={ref}>
      <p className="form-error__title">{summary.message}</p>
      {summary.items.length > 0 && (
        <ul>
          {summary.items.map((item) => (
            <li key={`${item.id ?? ''}${item.message}`}>
              {item.id === null ? (
                item.message
              ) : (
                <a
                  href={`#${item.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    jump(item.id ?? '');
                  }}
                >
                  {item.label}: {item.message}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
