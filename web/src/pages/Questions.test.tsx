import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ada, apiError, json, mockApi, session } from '../test/http';
import { questionPage, topics } from '../test/questions';
import { renderApp } from '../test/render';

const base = {
  'POST /api/users/auth/refresh': () => json(200, session()),
  'GET /api/users/me': () => json(200, ada),
  'GET /api/questions/topics': () => json(200, topics),
};

function lastQuery(api: ReturnType<typeof mockApi>): URLSearchParams {
  const calls = api.callsTo('GET', '/api/questions');
  return calls.at(-1)!.query;
}

function search(): string {
  return screen.getByTestId('location').dataset.search ?? '';
}

describe('question browser', () => {
  it('lists the first page with badges, counts and sends the default query', async () => {
    const api = mockApi({ ...base, 'GET /api/questions': () => json(200, questionPage(45)) });
    renderApp('/questions');
    expect(await screen.findByRole('heading', { level: 1, name: 'Questions' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Question 1' })).toHaveAttribute('href', '/questions/question-1');
    expect(screen.getByText('Showing 1–20 of 45 questions')).toBeInTheDocument();
    const firstItem = screen.getByRole('link', { name: 'Question 1' }).closest('li')!;
    expect(within(firstItem).getByText('Medium')).toHaveAttribute('data-difficulty', 'medium');
    expect(lastQuery(api).toString()).toBe('page=1&size=20');
    expect(await screen.findByLabelText('Hash Table (7)')).not.toBeChecked();
    expect(screen.getByRole('link', { name: 'Questions' })).toHaveAttribute('aria-current', 'page');
  });

  it('puts the filters in the URL and in the request', async () => {
    const user = userEvent.setup();
    const api = mockApi({ ...base, 'GET /api/questions': () => json(200, questionPage(3)) });
    renderApp('/questions');
    await screen.findByRole('link', { name: 'Question 1' });

    await user.selectOptions(screen.getByLabelText('Difficulty'), 'hard');
    await waitFor(() => {
      expect(search()).toBe('?difficulty=hard');
    });
    await user.click(await screen.findByLabelText('Arrays (12)'));
    await user.click(screen.getByLabelText('Graphs (3)'));
    await user.selectOptions(screen.getByLabelText('Sort by'), 'title');
    await user.type(screen.getByLabelText('Search questions'), 'two sum');

    // The search waits for a pause in typing, then lands in one request.
    await waitFor(() => {
      expect(search()).toBe('?q=two+sum&difficulty=hard&topic=Arrays&topic=Graphs&sort=title');
    });
    await waitFor(() => {
      expect(lastQuery(api).toString()).toBe('q=two+sum&difficulty=hard&topic=Arrays&topic=Graphs&sort=title&page=1&size=20');
    });
    const searches = api.callsTo('GET', '/api/questions').map((c) => c.query.get('q'));
    expect(searches.filter((q) => q !== null && q !== 'two sum')).toEqual([]);
    expect(screen.getByLabelText('Arrays (12)')).toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => {
      expect(search()).toBe('');
    });
    expect(screen.getByLabelText('Search questions')).toHaveValue('');
    expect(screen.getByLabelText('Difficulty')).toHaveValue('');
  });

  it('reads the filters from the URL on load', async () => {
    const api = mockApi({ ...base, 'GET /api/questions': () => json(200, questionPage(3)) });
    renderApp('/questions?q=graph&difficulty=medium&topic=Graphs&sort=difficulty&page=2&difficulty=bogus');
    await screen.findByRole('link', { name: 'Question 1' });
    expect(screen.getByLabelText('Search questions')).toHaveValue('graph');
    expect(screen.getByLabelText('Difficulty')).toHaveValue('medium');
    expect(screen.getByLabelText('Sort by')).toHaveValue('difficulty');
    expect(await screen.findByLabelText('Graphs (3)')).toBeChecked();
    expect(lastQuery(api).toString()).toBe('q=graph&difficulty=medium&topic=Graphs&sort=difficulty&page=2&size=20');
  });

  it('pages through the results', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      ...base,
      'GET /api/questions': (call) => json(200, questionPage(45, Number(call.query.get('page')))),
    });
    renderApp('/questions?difficulty=easy');
    await screen.findByRole('link', { name: 'Question 1' });
    const pagination = screen.getByRole('navigation', { name: 'Pagination' });
    expect(pagination).toHaveTextContent('Page 1 of 3');
    expect(within(pagination).queryByRole('link', { name: 'Previous page' })).toBeNull();

    await user.click(within(pagination).getByRole('link', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'Question 21' })).toBeInTheDocument();
    expect(search()).toBe('?difficulty=easy&page=2');
    expect(lastQuery(api).get('page')).toBe('2');

    await user.click(screen.getByRole('link', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'Question 41' })).toBeInTheDocument();
    expect(screen.getByText('Showing 41–45 of 45 questions')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Next page' })).toBeNull();

    await user.click(screen.getByRole('link', { name: 'Previous page' }));
    expect(await screen.findByRole('link', { name: 'Question 21' })).toBeInTheDocument();

    // A filter change goes back to page 1.
    await user.selectOptions(screen.getByLabelText('Difficulty'), 'medium');
    await waitFor(() => {
      expect(search()).toBe('?difficulty=medium');
    });
    expect(await screen.findByRole('link', { name: 'Question 1' })).toBeInTheDocument();
  });

  it('shows an empty state when nothing matches', async () => {
    mockApi({ ...base, 'GET /api/questions': () => json(200, questionPage(0)) });
    renderApp('/questions?q=zzz');
    expect(await screen.findByText('No questions match')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Pagination' })).toBeNull();
  });

  it('shows an error with a retry', async () => {
    const user = userEvent.setup();
    mockApi({
      ...base,
      'GET /api/questions': [() => apiError(503, 'unavailable', 'Try again shortly.'), () => json(200, questionPage(1))],
    });
    renderApp('/questions');
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again shortly.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Question 1' })).toBeInTheDocument();
  });

  it('is linked from the dashboard', async () => {
    const user = userEvent.setup();
    mockApi({ ...base, 'GET /api/questions': () => json(200, questionPage(1)) });
    renderApp('/dashboard');
    await user.click(await screen.findByRole('link', { name: 'Browse questions' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Questions' })).toBeInTheDocument();
  });
});
