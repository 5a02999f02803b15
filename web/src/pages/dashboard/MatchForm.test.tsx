import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { expect, it } from 'vitest';
import { json, mockApi } from '../../test/http';
import { type Draft, MatchForm } from './MatchForm';

const BY_LEVEL: Record<string, { topic: string; count: number }[]> = {
  '': [
    { topic: 'arrays', count: 9 },
    { topic: 'trees', count: 1 },
    { topic: 'linked list', count: 0 },
  ],
  medium: [
    { topic: 'arrays', count: 7 },
    { topic: 'trees', count: 0 },
    { topic: 'linked list', count: 0 },
  ],
};

function Form() {
  const [draft, setDraft] = useState<Draft>({ difficulty: '', topics: [], language: 'python' });
  return (
    <>
      <MatchForm draft={draft} onChange={setDraft} onSubmit={() => undefined} />
      <output data-testid="picked">{draft.topics.join(',')}</output>
    </>
  );
}

it('offers only topics with questions at the chosen difficulty, with counts, and drops a vanished pick', async () => {
  const asked: string[] = [];
  mockApi({
    'GET /api/questions/topics': ({ query }) => {
      const level = query.get('difficulty') ?? '';
      asked.push(level);
      return json(200, BY_LEVEL[level]);
    },
  });
  const user = userEvent.setup();
  render(<Form />);
  await user.click(await screen.findByLabelText('trees'));
  expect(screen.queryByLabelText('linked list')).toBeNull(); // no question at any level
  expect(within(screen.getByLabelText('trees').closest('li')!).getByTestId('topic-count')).toHaveTextContent('(1)');
  expect(screen.getByTestId('picked')).toHaveTextContent('trees');

  await user.selectOptions(screen.getByLabelText(/^Difficulty/), 'medium');
  expect(await screen.findByTestId('topics-dropped')).toHaveTextContent(
    'No Medium question on trees yet, so it was removed from your topics.',
  );
  expect(screen.queryByLabelText('trees')).toBeNull();
  expect(screen.getByLabelText('arrays')).toHaveAccessibleDescription('7 questions');
  expect(screen.getByTestId('picked')).toHaveTextContent('');
  expect(asked).toEqual(['', 'medium']);
});
