import { screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { ada, json, mockApi, session } from '../test/http';
import { questionPage } from '../test/questions';
import { renderApp } from '../test/render';

it('the question filter leaves out topics no question carries, unless selected', async () => {
  mockApi({
    'POST /api/users/auth/refresh': () => json(200, session()),
    'GET /api/users/me': () => json(200, ada),
    'GET /api/questions/topics': () =>
      json(200, [
        { topic: 'Arrays', count: 12 },
        { topic: 'Trees', count: 0 },
        { topic: 'Linked List', count: 0 },
      ]),
    'GET /api/questions': () => json(200, questionPage(0)),
  });
  renderApp('/questions?topic=Linked+List');
  expect(await screen.findByLabelText('Arrays (12)')).toBeInTheDocument();
  expect(screen.getByLabelText('Linked List (0)')).toBeChecked();
  expect(screen.queryByLabelText('Trees (0)')).toBeNull();
});
