// The question editor's controls by the keys the server names fields with, and the placing of the server's
// field errors (422 `details.fields`) on those controls. Pure: no React.
//
// The server (question_svc, svc_kit/validation.py) names a field by its path in the body, numbering list items
// from 0: `signature.params.1.type`, `tests.3.args`, `examples.0.input`. The whole-question check (bank.py,
// `BankQuestion._consistent`) reports on the field `body`, naming a test by its 0-based index:
// `test 3: argument nums is not a list[int]`. The editor numbers rows from 1 (that test is "Test 4").
import type { DraftErrors } from './draft';

/** The fields with a control of their own: server key -> label (the summary links to them). */
export const LABELS: Record<string, string> = {
  title: 'Title',
  slug: 'Slug',
  difficulty: 'Difficulty',
  topics: 'Topics',
  statement: 'Statement',
  examples: 'Examples',
  constraints: 'Constraints',
  hints: 'Hints',
  'signature.function': 'Function name',
  'signature.params': 'Parameters',
  'signature.returns': 'Return type',
  comparison: 'Comparison',
  tests: 'Tests',
  'solutions.python': 'Reference solution (Python)',
  'editorial.approach': 'Approach',
  'editorial.time': 'Time',
  'editorial.space': 'Space',
};

/** A test row's controls: field -> the words after "Test N" in the control's label. */
export const TEST_FIELDS: Record<string, string> = {
  args: 'Args',
  expected: 'Expected',
  sample: 'sample',
  explanation: 'Explanation',
};

/** An example row's controls: field -> the words after "Example N" in the control's label. */
export const EXAMPLE_FIELDS: Record<string, string> = { input: 'Input', output: 'Output', explanation: 'Explanation' };

/** Keys without a control of their own, and the control that stands for them. */
const STANDS_FOR: Record<string, string> = {
  signature: 'signature.function',
  solutions: 'solutions.python',
  editorial: 'editorial.approach',
};

/** The label of the control for an error key (as `placeError` keys them), or null if no control has that key. */
export function labelOf(key: string): string | null {
  if (key in LABELS) return LABELS[key] ?? null;
  const row = /^(tests|examples)\.(\d+)\.(\w+)$/.exec(key);
  if (row) {
    const [, list, index = '0', field = ''] = row;
    const [noun, fields] = list === 'tests' ? ['Test', TEST_FIELDS] : ['Example', EXAMPLE_FIELDS];
    const words = fields[field];
    return words === undefined ? null : `${noun} ${String(Number(index) + 1)} ${words}`;
  }
  return null;
}

export interface Placed {
  /** The control's error key (`tests.3.args`), or the server's own key when no control fits (`body`). */
  key: string;
  message: string;
}

/** Where the whole-question check's message (field `body`) belongs. */
function placeBodyError(message: string): Placed {
  const test = /^test (\d+):\s*(.*)$/s.exec(message);
  if (test) {
    const [, index = '0', rest = ''] = test;
    const field = /^expected\b/i.test(rest) ? 'expected' : 'args';
    return { key: `tests.${index}.${field}`, message: rest };
  }
  if (/python reference solution/i.test(message)) return { key: 'solutions.python', message };
  if (/sample/i.test(message) && /hidden/i.test(message)) return { key: 'tests', message };
  return { key: 'body', message };
}

/** The control a server field error belongs to, and its message as shown there. */
export function placeError(field: string, message: string): Placed {
  if (field === 'body') return placeBodyError(message);

  const param = /^signature\.params\.(\d+)(?:\.(\w+))?/.exec(field);
  if (param) {
    const [, index = '0', part] = param;
    const what = part === undefined ? '' : ` ${part}`;
    return { key: 'signature.params', message: `Parameter ${String(Number(index) + 1)}${what}: ${message}` };
  }

  const row = /^(tests|examples)\.(\d+)(?:\.(\w+))?/.exec(field);
  if (row) {
    const [, list = '', index = '0', part = ''] = row;
    const fields = list === 'tests' ? TEST_FIELDS : EXAMPLE_FIELDS;
    const control = part in fields ? part : list === 'tests' ? 'args' : 'input';
    return { key: `${list}.${index}.${control}`, message };
  }

  // `constraints.0` -> `constraints`; `solutions` -> `solutions.python`.
  const parts = field.split('.');
  for (let end = parts.length; end > 0; end -= 1) {
    const prefix = parts.slice(0, end).join('.');
    if (prefix in LABELS) return { key: prefix, message };
    const standIn = STANDS_FOR[prefix];
    if (standIn !== undefined) return { key: standIn, message };
  }
  return { key: field, message };
}

/** The server's field errors keyed by the editor's controls; two errors for one control are shown together. */
export function placeErrors(fields: Readonly<Record<string, string>>): DraftErrors {
  const placed: DraftErrors = {};
  for (const [field, text] of Object.entries(fields)) {
    const { key, message } = placeError(field, text);
    const before = placed[key];
    placed[key] = before === undefined ? message : `${before}${/[.!?]$/.test(before) ? '' : '.'} ${message}`;
  }
  return placed;
}
