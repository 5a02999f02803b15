import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ada, apiError, json, mockApi, session } from '../test/http';
import { questionPage, topics, twoSum } from '../test/questions';
import { renderApp } from '../test/render';

const base = {
  'POST /api/users/auth/refresh': () => json(200, session()),
  'GET /api/users/me': () => json(200, ada),
  'GET /api/questions/two-sum': () => json(200, twoSum),
};

async function openTwoSum() {
  const api = mockApi(base);
  renderApp('/questions/two-sum');
  await screen.findByRole('heading', { level: 1, name: 'Two Sum' });
  return api;
}

describe('question page', () => {
  it('shows the question: badge, topics, statement, examples, constraints, signature', async () => {
    const api = await openTwoSum();
    expect(api.callsTo('GET', '/api/questions/two-sum')[0]?.headers.get('Authorization')).toBe('Bearer token-1');
    expect(screen.getByText('Easy')).toHaveAttribute('data-difficulty', 'easy');
    const chips = screen.getAllByRole('list', { name: 'Topics' })[0]!;
    expect(within(chips).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Arrays', 'Hash Table']);
    expect(screen.getByText('the indices').tagName).toBe('STRONG');
    expect(screen.getByText('each input has exactly one solution').tagName).toBe('LI');
    expect(screen.getByRole('heading', { level: 3, name: 'Example 1' })).toBeInTheDocument();
    expect(screen.getByText('nums = [2,7,11,15], target = 9')).toBeInTheDocument();
    expect(screen.getByText('nums[0] + nums[1] == 9').tagName).toBe('CODE');
    expect(screen.getByText('2 <= nums.length <= 10^4')).toBeInTheDocument();
    expect(screen.getByText('two_sum(nums: list[int], target: int) -> list[int]')).toBeInTheDocument();
    expect(document.title).toBe('Two Sum · PeerPrep');
  });

  it('reveals the hints one at a time', async () => {
    const user = userEvent.setup();
    await openTwoSum();
    expect(screen.queryByText('Try every pair first.')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show hint 1 of 3' }));
    expect(screen.getByText('Try every pair first.')).toBeInTheDocument();
    expect(screen.queryByText('What would a hash map of seen values give you?')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show hint 2 of 3' }));
    expect(screen.getByText('What would a hash map of seen values give you?')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show hint 3 of 3' }));
    expect(screen.getByText('One pass is enough.')).toHaveFocus();
    expect(screen.queryByRole('button', { name: /^Show hint/ })).toBeNull();
  });

  it('shows and hides the editorial', async () => {
    const user = userEvent.setup();
    await openTwoSum();
    const toggle = screen.getByRole('button', { name: 'Show the editorial' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('O(n)', { exact: false })).toBeNull();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName('Hide the editorial');
    expect(screen.getByRole('heading', { name: 'Approach' })).toBeInTheDocument();
    expect(screen.getByText('target - x').tagName).toBe('CODE');
    expect(screen.getAllByText('O(n)')).toHaveLength(2);
    await user.click(toggle);
    expect(screen.queryByRole('heading', { name: 'Approach' })).toBeNull();
  });

  it('says so when there is no such question', async () => {
    mockApi({ ...base, 'GET /api/questions/nope': () => apiError(404, 'not_found', 'No question with this slug.') });
    renderApp('/questions/nope');
    expect(await screen.findByRole('heading', { level: 1, name: 'Question not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to questions' })).toHaveAttribute('href', '/questions');
  });

  it('goes back to the list with its filters', async () => {
    const user = userEvent.setup();
    mockApi({
      ...base,
      'GET /api/questions': () => json(200, { ...questionPage(1), items: [{ ...twoSum }] }),
      'GET /api/questions/topics': () => json(200, topics),
    });
    renderApp('/questions?difficulty=easy');
    await user.click(await screen.findByRole('link', { name: 'Two Sum' }));
    await screen.findByRole('heading', { level: 1, name: 'Two Sum' });
    await user.click(screen.getByRole('link', { name: 'All questions' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Questions' })).toBeInTheDocument();
    expect(screen.getByTestId('location').dataset.search).toBe('?difficulty=easy');
    expect(screen.getByLabelText('Difficulty')).toHaveValue('easy');
  });
});
