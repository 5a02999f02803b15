// The question editor's error summary: each field error links to its control when the form shows one, else it
// is told in words (the whole-question check's `body`, a server key no control stands for). Pure: no React.
import type { FormSummary, SummaryItem } from '../../hooks/useForm';
import type { DraftErrors } from './draft';
import { labelOf } from './fields';

/** Whether the control with id `a` comes before (< 0) or after (> 0) the one with id `b` on the page. */
export type PageOrder = (a: string, b: string) => number;

/** Document order of two elements by id, for `errorSummary`: the page decides, not the server's key order. */
export function documentOrder(a: string, b: string): number {
  const first = document.getElementById(a);
  const second = document.getElementById(b);
  if (first === null || second === null || first === second) return 0;
  return first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}

/**
 * The summary of `errors` under `message`; `controlId` gives an error key's control id when that control is on
 * the page (a row the server names may be gone), else null. Linked errors come in the order of their controls on
 * the page (`order`), as a reader meets them; errors told in words follow, in the order the server gave them.
 */
export function errorSummary(
  message: string,
  errors: DraftErrors,
  controlId: (key: string) => string | null,
  order: PageOrder = () => 0,
): FormSummary {
  const items: SummaryItem[] = Object.entries(errors).map(([key, text]) => {
    const label = labelOf(key);
    const id = label === null ? null : controlId(key);
    if (label !== null && id !== null) return { id, label, message: text };
    return { id: null, label: null, message: key === 'body' ? text : `${key}: ${text}` };
  });
  const linked = items.filter((item): item is SummaryItem & { id: string } => item.id !== null);
  const told = items.filter((item) => item.id === null);
  linked.sort((a, b) => order(a.id, b.id));
  return { message, items: [...linked, ...told] };
}
