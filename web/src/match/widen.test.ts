import { describe, expect, it } from 'vitest';
import type { Criteria } from './machine';
import { neighbours, retryOptions } from './widen';

const medium: Criteria = { difficulty: 'medium', topics: ['Arrays'], language: 'java' };

describe('after a search ran out', () => {
  it('offers the neighbouring difficulties only', () => {
    expect(neighbours('easy')).toEqual(['medium']);
    expect(neighbours('medium')).toEqual(['easy', 'hard']);
    expect(neighbours('hard')).toEqual(['medium']);
  });

  it('no partner: the same search, any topic, and each neighbour, each changing one thing', () => {
    expect(retryOptions(medium, 'no_partner')).toEqual([
      { label: 'Try again', criteria: medium },
      { label: 'Any topic', criteria: { ...medium, topics: [] } },
      { label: 'Try Easy', criteria: { ...medium, difficulty: 'easy' } },
      { label: 'Try Hard', criteria: { ...medium, difficulty: 'hard' } },
    ]);
  });

  it('"Any topic" is not offered to a search that already had any topic', () => {
    const labels = retryOptions({ ...medium, difficulty: 'hard', topics: [] }, 'no_partner').map((o) => o.label);
    expect(labels).toEqual(['Try again', 'Try Medium']);
  });

  it('a missed ready-check: only the same search again', () => {
    expect(retryOptions(medium, 'missed_ready_check')).toEqual([{ label: 'Try again', criteria: medium }]);
  });
});
