import { describe, expect, it } from 'vitest';
import { errorSummary } from './summary';

describe('the editor error summary', () => {
  const onPage = new Set(['title', 'tests.0.args']);
  const controlId = (key: string) => (onPage.has(key) ? `f-${key}` : null);

  it('links each error to its control, by the control label', () => {
    expect(errorSummary('Fix them.', { title: 'Enter a title.', 'tests.0.args': 'Not JSON.' }, controlId)).toEqual({
      message: 'Fix them.',
      items: [
        { id: 'f-title', label: 'Title', message: 'Enter a title.' },
        { id: 'f-tests.0.args', label: 'Test 1 Args', message: 'Not JSON.' },
      ],
    });
  });

  it('tells in words an error with no control on the page', () => {
    const summary = errorSummary(
      'Refused.',
      { body: 'The question is inconsistent.', 'tests.4.args': 'Gone row.', odd: 'Unknown field.' },
      controlId,
    );
    expect(summary.items).toEqual([
      { id: null, label: null, message: 'The question is inconsistent.' },
      { id: null, label: null, message: 'tests.4.args: Gone row.' },
      { id: null, label: null, message: 'odd: Unknown field.' },
    ]);
  });

  it('lists linked errors in the order of their controls on the page, whatever order the server gave', () => {
    const page = ['f-title', 'f-statement', 'f-tests.0.args'];
    const order = (a: string, b: string) => page.indexOf(a) - page.indexOf(b);
    const shown = new Set(page.map((id) => id.slice(2)));
    const summary = errorSummary(
      'Fix them.',
      { 'tests.0.args': 'Not JSON.', body: 'Inconsistent.', statement: 'Too short.', title: 'Enter a title.' },
      (key) => (shown.has(key) ? `f-${key}` : null),
      order,
    );
    expect(summary.items.map((item) => item.id ?? item.message)).toEqual([
      'f-title',
      'f-statement',
      'f-tests.0.args',
      'Inconsistent.',
    ]);
  });
});
