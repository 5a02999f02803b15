// The question editor's error summary: each field error links to its control when the form shows one, else it
// is told in words (the whole-question check's `body`, a server key no control stands for). Pure: no React.
import type { FormSummary } from '../../hooks/useForm';
import type { DraftErrors } from './draft';
import { labelOf } from './fields';

/**
 * The summary of `errors` under `message`; `controlId` gives an error key's control id when that control is on
 * the page (a row the server names may be gone), else null.
 */
export function errorSummary(
  message: string,
  errors: DraftErrors,
  controlId: (key: string) => string | null,
): FormSummary {
  return {
    message,
    items: Object.entries(errors).map(([key, text]) => {
      const label = labelOf(key);
      const id = label === null ? null : controlId(key);
      if (label !== null && id !== null) return { id, label, message: text };
      return { id: null, label: null, message: key === 'body' ? text : `${key}: ${text}` };
    }),
  };
}
