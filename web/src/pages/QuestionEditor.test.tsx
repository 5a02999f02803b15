import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/types';
import { ada, apiError, json, mockApi, session } from '../test/http';
import { questionPage, topics, twoSum } from '../test/questions';
import { renderApp } from '../test/render';

const admin: User = { ...ada, roles: ['user', 'admin'] };

function routesFor(user: User) {
  return {
    'POST /api/users/auth/refresh': () => json(200, session('token-1', user)),
    'GET /api/users/me': () => json(200, user),
    'GET /api/questions/topics': () => json(200, topics),
  };
}

const saved = { ...twoSum, revision: 1, tests: [], solutions: { python: 'x' } };

async function fillNewQuestion(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByRole('heading', { level: 1, name: 'New question' });
  await user.type(await screen.findByLabelText('Title'), 'Two Sum');
  expect(screen.getByLabelText('Slug')).toHaveValue('two-sum');
  await user.click(screen.getByLabelText('Arrays'));
  fireEvent.change(screen.getByLabelText('Statement'), { target: { value: 'Return **the indices**.' } });
  fireEvent.change(screen.getByLabelText('Example 1 Input'), { target: { value: 'nums = [2,7], target = 9' } });
  fireEvent.change(screen.getByLabelText('Example 1 Output'), { target: { value: '[0,1]' } });
  fireEvent.change(screen.getByLabelText('Example 1 Explanation'), { target: { value: ' `2 + 7 == 9` ' } });
  fireEvent.change(screen.getByLabelText('Constraints'), { target: { value: '2 <= n\n\n n <= 10^4 ' } });
  fireEvent.change(screen.getByLabelText('Hints'), { target: { value: 'Try every pair.' } });
  await user.type(screen.getByLabelText('Function name'), 'two_sum');
  fireEvent.change(screen.getByLabelText('Parameters'), { target: { value: 'nums: list[int]\ntarget: int' } });
  fireEvent.change(screen.getByLabelText('Return type'), { target: { value: 'list[int]' } });
  fireEvent.change(screen.getByLabelText('Test 1 Args'), { target: { value: '[[2, 7], 9]' } });
  fireEvent.change(screen.getByLabelText('Test 1 Expected'), { target: { value: '[0, 1]' } });
  await user.click(screen.getByLabelText('Test 1 sample'));
  await user.click(screen.getByRole('button', { name: 'Add test' }));
  fireEvent.change(screen.getByLabelText('Test 2 Args'), { target: { value: '[[3, 3], 6]' } });
  fireEvent.change(screen.getByLabelText('Test 2 Expected'), { target: { value: '[0, 1]' } });
  fireEvent.change(screen.getByLabelText('Test 2 Explanation'), { target: { value: 'equal values' } });
  fireEvent.change(screen.getByLabelText('Reference solution (Python)'), {
    target: { value: 'def two_sum(nums, target):\n    return [0, 1]\n' },
  });
  fireEvent.change(screen.getByLabelText('Approach'), { target: { value: 'A hash map.' } });
  await user.type(screen.getByLabelText('Time'), 'O(n)');
  await user.type(screen.getByLabelText('Space'), 'O(n)');
}

describe('question editor', () => {
  it('posts the form as a bank question and opens the saved question', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      ...routesFor(admin),
      'POST /api/questions': () => json(201, saved),
      'GET /api/questions/two-sum': () => json(200, twoSum),
    });
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    await waitFor(() => {
      expect(screen.getByTestId('location')).toHaveTextContent('/questions/two-sum');
    });
    const [post] = api.callsTo('POST', '/api/questions');
    expect(post?.headers.get('Authorization')).toBe('Bearer token-1');
    expect(post?.body).toEqual({
      title: 'Two Sum',
      slug: 'two-sum',
      difficulty: 'easy',
      topics: ['Arrays'],
      statement: 'Return **the indices**.',
      constraints: ['2 <= n', 'n <= 10^4'],
      hints: ['Try every pair.'],
      signature: {
        function: 'two_sum',
        params: [
          { name: 'nums', type: 'list[int]' },
          { name: 'target', type: 'int' },
        ],
        returns: 'list[int]',
      },
      comparison: 'exact',
      examples: [{ input: 'nums = [2,7], target = 9', output: '[0,1]', explanation: '`2 + 7 == 9`' }],
      tests: [
        { args: [[2, 7], 9], expected: [0, 1], sample: true },
        { args: [[3, 3], 6], expected: [0, 1], sample: false, explanation: 'equal values' },
      ],
      solutions: { python: 'def two_sum(nums, target):\n    return [0, 1]\n' },
      editorial: { approach: 'A hash map.', time: 'O(n)', space: 'O(n)' },
    });
  });

  it("shows the server's 422 field messages by the fields and in the summary", async () => {
    const user = userEvent.setup();
    mockApi({
      ...routesFor(admin),
      'POST /api/questions': () =>
        apiError(422, 'invalid_input', 'The question is invalid.', {
          statement: 'The statement is too short.',
          'tests.1.args': 'Expected 2 arguments.',
          'solutions.python': 'The reference solution fails test 2.',
          'examples.0.output': 'String should have at least 1 character',
          'signature.params.1.type': "unknown type 'integer'",
          revision: 'This field is not allowed here.',
        }),
    });
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The question is invalid.');
    expect(within(alert).getByRole('link', { name: 'Statement: The statement is too short.' })).toBeInTheDocument();
    expect(within(alert).getByText('revision: This field is not allowed here.')).toBeInTheDocument();
    expect(
      within(alert).getByRole('link', { name: 'Example 1 Output: String should have at least 1 character' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Example 1 Output')).toHaveAccessibleDescription(
      /String should have at least 1 character/,
    );
    expect(screen.getByLabelText('Parameters')).toHaveAccessibleDescription(/Parameter 2 type: unknown type 'integer'/);
    expect(screen.getByLabelText('Statement')).toHaveAccessibleDescription(/The statement is too short\./);
    expect(screen.getByLabelText('Test 2 Args')).toHaveAccessibleDescription('Expected 2 arguments.');
    expect(screen.getByLabelText('Reference solution (Python)')).toHaveAttribute('aria-invalid', 'true');
  });

  it("puts the whole-question check's error on the test it names, numbered from 1", async () => {
    const user = userEvent.setup();
    mockApi({
      ...routesFor(admin),
      'POST /api/questions': () =>
        apiError(422, 'invalid_input', 'Please fix the highlighted fields.', {
          body: 'test 1: argument nums is not a list[int]',
        }),
    });
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByRole('link', { name: 'Test 2 Args: argument nums is not a list[int]' }),
    ).toBeInTheDocument();
    const args = screen.getByLabelText('Test 2 Args');
    expect(args).toHaveAttribute('aria-invalid', 'true');
    expect(args).toHaveAccessibleDescription('argument nums is not a list[int]');
    expect(screen.getByLabelText('Test 1 Args')).not.toHaveAttribute('aria-invalid');
    fireEvent.change(args, { target: { value: '[[3, 4], 7]' } }); // fixing the row clears its error
    expect(args).not.toHaveAttribute('aria-invalid');
  });

  it('shows a whole-question error that names no test in the summary', async () => {
    const user = userEvent.setup();
    mockApi({
      ...routesFor(admin),
      'POST /api/questions': () =>
        apiError(422, 'invalid_input', 'Please fix the highlighted fields.', { body: 'Something else is off.' }),
    });
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Something else is off.')).toBeInTheDocument();
  });

  it('edits the examples and previews them as the question page shows them', async () => {
    const user = userEvent.setup();
    const api = mockApi(routesFor(admin));
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    const preview = screen.getByTestId('examples-preview');
    expect(within(preview).getByRole('heading', { name: 'Example 1' })).toBeInTheDocument();
    expect(within(preview).getByText('nums = [2,7], target = 9').tagName).toBe('CODE');
    expect(within(preview).getByText('2 + 7 == 9').tagName).toBe('CODE'); // inline Markdown

    await user.click(screen.getByRole('button', { name: 'Add example' }));
    expect(within(preview).getByRole('heading', { name: 'Example 2' })).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Example 2 Input'), { target: { value: 'nums = [3,3], target = 6' } });
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please fix the highlighted fields.');
    expect(screen.getByLabelText('Example 2 Output')).toHaveAccessibleDescription('Enter the output.');
    expect(screen.getByLabelText('Example 2 Input')).not.toHaveAttribute('aria-invalid');

    await user.click(screen.getByRole('button', { name: 'Remove example 2' }));
    await user.click(screen.getByRole('button', { name: 'Remove example 1' }));
    expect(screen.queryByLabelText('Example 1 Input')).toBeNull();
    expect(within(preview).queryByRole('heading')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('Examples: Add at least one example.');
    });
    expect(api.callsTo('POST', '/api/questions')).toHaveLength(0);
  });

  it('shows a 409 on the slug', async () => {
    const user = userEvent.setup();
    mockApi({
      ...routesFor(admin),
      'POST /api/questions': () => apiError(409, 'conflict', 'A question with this slug exists.'),
    });
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    await screen.findByRole('alert');
    expect(screen.getByLabelText('Slug')).toHaveAccessibleDescription(/A question with this slug exists\./);
  });

  it('refuses bad test JSON before sending', async () => {
    const user = userEvent.setup();
    const api = mockApi(routesFor(admin));
    renderApp('/admin/questions/new');
    await fillNewQuestion(user);
    fireEvent.change(screen.getByLabelText('Test 1 Args'), { target: { value: '[1,' } });
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please fix the highlighted fields.');
    expect(screen.getByLabelText('Test 1 Args')).toHaveAttribute('aria-invalid', 'true');
    expect(api.callsTo('POST', '/api/questions')).toHaveLength(0);
  });

  it('previews the statement as Markdown while typing', async () => {
    mockApi(routesFor(admin));
    renderApp('/admin/questions/new');
    fireEvent.change(await screen.findByLabelText('Statement'), {
      target: { value: 'Find **the pair**.\n\n- one\n- two\n\n<b>raw</b>' },
    });
    const preview = screen.getByTestId('statement-preview');
    expect(within(preview).getByText('the pair').tagName).toBe('STRONG');
    expect(within(preview).getAllByRole('listitem')).toHaveLength(2);
    expect(within(preview).getByText('<b>raw</b>')).toBeInTheDocument();
  });

  it('loads the full question and saves it with PUT', async () => {
    const user = userEvent.setup();
    const full = {
      ...saved,
      tests: [{ args: [[2, 7], 9], expected: [0, 1], sample: true, explanation: null }],
      solutions: { python: 'def two_sum(nums, target): ...', java: 'class S {}' },
    };
    const api = mockApi({
      ...routesFor(admin),
      'GET /api/questions/two-sum/full': () => json(200, full),
      'PUT /api/questions/two-sum': () => json(200, full),
      'GET /api/questions/two-sum': () => json(200, twoSum),
    });
    renderApp('/admin/questions/two-sum/edit');
    expect(await screen.findByLabelText('Title')).toHaveValue('Two Sum');
    expect(screen.getByLabelText('Test 1 Args')).toHaveValue('[[2,7],9]');
    expect(screen.getByLabelText('Example 1 Input')).toHaveValue('nums = [2,7,11,15], target = 9');
    expect(screen.getByLabelText('Example 2 Explanation')).toHaveValue('');
    const slug = screen.getByLabelText('Slug');
    expect(slug).toHaveValue('two-sum');
    expect(slug).toHaveAttribute('readonly');
    expect(slug).toHaveAccessibleDescription(/Can't be changed/);
    await user.type(slug, '-renamed');
    expect(slug).toHaveValue('two-sum');
    await user.click(screen.getByRole('button', { name: 'Remove test 1' }));
    await user.click(screen.getByRole('button', { name: 'Save question' }));
    await waitFor(() => {
      expect(api.callsTo('PUT', '/api/questions/two-sum')).toHaveLength(1);
    });
    const body = api.callsTo('PUT', '/api/questions/two-sum')[0]?.body as {
      slug: string;
      tests: unknown[];
      solutions: unknown;
      examples: unknown;
    };
    expect(body.slug).toBe('two-sum');
    expect(body.tests).toEqual([]);
    expect(body.examples).toEqual(
      twoSum.examples.map(({ explanation, ...rest }) => (explanation ? { ...rest, explanation } : rest)),
    );
    expect(body.solutions).toEqual({ python: 'def two_sum(nums, target): ...', java: 'class S {}' });
  });

  it('shows "Admins only" to everyone else', async () => {
    const api = mockApi(routesFor(ada));
    renderApp('/admin/questions/new');
    expect(await screen.findByRole('heading', { level: 1, name: 'Admins only' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Title')).toBeNull();
    expect(api.callsTo('GET', '/api/questions/topics')).toHaveLength(0);
  });
});

describe('admin links and tools', () => {
  it('links admins, and only admins, to the editor from the question page', async () => {
    mockApi({ ...routesFor(admin), 'GET /api/questions/two-sum': () => json(200, twoSum) });
    const view = renderApp('/questions/two-sum');
    expect(await screen.findByRole('link', { name: 'Edit question' })).toHaveAttribute(
      'href',
      '/admin/questions/two-sum/edit',
    );
    view.unmount();
    mockApi({ ...routesFor(ada), 'GET /api/questions/two-sum': () => json(200, twoSum) });
    renderApp('/questions/two-sum');
    await screen.findByRole('heading', { level: 1, name: 'Two Sum' });
    expect(screen.queryByRole('link', { name: 'Edit question' })).toBeNull();
  });

  it('imports a bank file and shows the counts', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      ...routesFor(admin),
      'GET /api/questions': () => json(200, questionPage(3)),
      'POST /api/questions/import': () => json(200, { created: 2, updated: 1, unchanged: 4 }),
    });
    renderApp('/questions');
    expect(await screen.findByRole('link', { name: 'New question' })).toHaveAttribute('href', '/admin/questions/new');
    expect(screen.getByRole('button', { name: 'Export questions' })).toBeInTheDocument();
    const file = new File([JSON.stringify([{ slug: 'a' }, { slug: 'b' }])], 'bank.json', {
      type: 'application/json',
    });
    await user.upload(screen.getByLabelText('Import questions'), file);
    expect(await screen.findByText('Imported: 2 created, 1 updated, 4 unchanged.')).toBeInTheDocument();
    expect(api.callsTo('POST', '/api/questions/import')[0]?.body).toEqual([{ slug: 'a' }, { slug: 'b' }]);
  });

  it('hides the admin tools from everyone else', async () => {
    mockApi({ ...routesFor(ada), 'GET /api/questions': () => json(200, questionPage(3)) });
    renderApp('/questions');
    await screen.findByText('Showing 1–3 of 3 questions');
    expect(screen.queryByRole('button', { name: 'Export questions' })).toBeNull();
    expect(screen.queryByLabelText('Import questions')).toBeNull();
    expect(screen.queryByRole('link', { name: 'New question' })).toBeNull();
  });
});
