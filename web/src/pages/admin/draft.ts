// The question editor's form state (strings, as the controls hold them) and its mapping to and from the
// bank format the admin routes take. Pure: no React.
import type { AdminQuestion, BankQuestion, Comparison, Difficulty, Example } from '../../api/questionTypes';

export interface ExampleDraft {
  /** Stable React key for the row. */
  key: number;
  input: string;
  output: string;
  explanation: string;
}

export interface TestDraft {
  /** Stable React key for the row. */
  key: number;
  args: string;
  expected: string;
  sample: boolean;
  explanation: string;
}

export interface Draft {
  title: string;
  slug: string;
  difficulty: Difficulty;
  topics: string[];
  statement: string;
  constraints: string;
  hints: string;
  fn: string;
  params: string;
  returns: string;
  comparison: Comparison;
  tests: TestDraft[];
  python: string;
  approach: string;
  time: string;
  space: string;
  /** The examples shown with the statement (the server wants one at least). */
  examples: ExampleDraft[];
  /** Kept as loaded: the editor doesn't edit other languages' solutions. */
  otherSolutions: Record<string, string>;
}

let nextKey = 1;

export function emptyTest(): TestDraft {
  return { key: nextKey++, args: '[]', expected: '', sample: false, explanation: '' };
}

export function emptyExample(): ExampleDraft {
  return { key: nextKey++, input: '', output: '', explanation: '' };
}

function exampleDraft(example: Example): ExampleDraft {
  return { key: nextKey++, input: example.input, output: example.output, explanation: example.explanation ?? '' };
}

export function emptyDraft(): Draft {
  return {
    title: '',
    slug: '',
    difficulty: 'easy',
    topics: [],
    statement: '',
    constraints: '',
    hints: '',
    fn: '',
    params: '',
    returns: '',
    comparison: 'exact',
    tests: [emptyTest()],
    python: '',
    approach: '',
    time: '',
    space: '',
    examples: [emptyExample()],
    otherSolutions: {},
  };
}

export function draftFrom(question: AdminQuestion): Draft {
  const { python = '', ...otherSolutions } = question.solutions;
  return {
    title: question.title,
    slug: question.slug,
    difficulty: question.difficulty,
    topics: [...question.topics],
    statement: question.statement,
    constraints: question.constraints.join('\n'),
    hints: question.hints.join('\n'),
    fn: question.signature.function,
    params: question.signature.params.map((p) => `${p.name}: ${p.type}`).join('\n'),
    returns: question.signature.returns,
    comparison: question.comparison,
    tests: question.tests.map((test) => ({
      key: nextKey++,
      args: JSON.stringify(test.args),
      expected: JSON.stringify(test.expected),
      sample: test.sample,
      explanation: test.explanation ?? '',
    })),
    python,
    approach: question.editorial.approach,
    time: question.editorial.time,
    space: question.editorial.space,
    examples: question.examples.map(exampleDraft),
    otherSolutions,
  };
}

/** A title as a slug: lower case, words joined by hyphens. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Field errors keyed as the server keys them (`tests.0.args`, `signature.params`). */
export type DraftErrors = Record<string, string>;

export type BuildResult = { ok: true; question: BankQuestion } | { ok: false; errors: DraftErrors };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The request body, or the fields that can't make one (bad JSON, a param without a type, empty required fields,
 * no example or an example without its input or output).
 */
export function buildQuestion(draft: Draft): BuildResult {
  const errors: DraftErrors = {};
  if (draft.title.trim() === '') errors.title = 'Enter a title.';
  if (draft.slug.trim() === '') errors.slug = 'Enter a slug.';
  if (draft.statement.trim() === '') errors.statement = 'Enter the statement.';
  if (draft.python.trim() === '') errors['solutions.python'] = 'Enter the Python reference solution.';

  const params = lines(draft.params).map((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors['signature.params'] = 'Write each parameter as "name: type", one per line.';
      return { name: line, type: '' };
    }
    return { name: line.slice(0, colon).trim(), type: line.slice(colon + 1).trim() };
  });

  if (draft.examples.length === 0) errors.examples = 'Add at least one example.';
  const examples = draft.examples.map((example, index): Example => {
    const input = example.input.trim();
    const output = example.output.trim();
    const explanation = example.explanation.trim();
    if (input === '') errors[`examples.${String(index)}.input`] = 'Enter the input, as shown to people.';
    if (output === '') errors[`examples.${String(index)}.output`] = 'Enter the output.';
    return { input, output, ...(explanation === '' ? {} : { explanation }) };
  });

  const tests = draft.tests.map((test, index) => {
    const args = parseJson(test.args);
    if (!args.ok || !Array.isArray(args.value)) {
      errors[`tests.${String(index)}.args`] = 'Arguments must be a JSON array, e.g. [[1, 2], 3].';
    }
    const expected = parseJson(test.expected);
    if (!expected.ok) errors[`tests.${String(index)}.expected`] = 'Expected must be JSON, e.g. [0, 1].';
    const explanation = test.explanation.trim();
    return {
      args: args.ok && Array.isArray(args.value) ? (args.value as unknown[]) : [],
      expected: expected.ok ? expected.value : null,
      sample: test.sample,
      ...(explanation === '' ? {} : { explanation }),
    };
  });

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    question: {
      title: draft.title.trim(),
      slug: draft.slug.trim(),
      difficulty: draft.difficulty,
      // Chosen among GET /api/questions/topics, which lists exactly the managed topics the schema enumerates.
      topics: draft.topics as BankQuestion['topics'],
      statement: draft.statement,
      constraints: lines(draft.constraints),
      hints: lines(draft.hints),
      signature: { function: draft.fn.trim(), params, returns: draft.returns.trim() },
      comparison: draft.comparison,
      examples,
      tests,
      solutions: { ...draft.otherSolutions, python: draft.python },
      editorial: { approach: draft.approach, time: draft.time.trim(), space: draft.space.trim() },
    },
  };
}
