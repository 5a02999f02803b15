import { describe, expect, it } from 'vitest';
import { droppedNote, keepOffered, offeredTopics } from './topics';

const counts = [
  { topic: 'arrays', count: 7 },
  { topic: 'trees', count: 0 },
  { topic: 'graphs', count: 2 },
];

describe('match topics', () => {
  it('offers only topics with a question', () => {
    expect(offeredTopics(counts).map((t) => t.topic)).toEqual(['arrays', 'graphs']);
  });

  it('drops picked topics that are no longer offered, keeping the order', () => {
    expect(keepOffered(['trees', 'graphs', 'heaps'], offeredTopics(counts))).toEqual({
      kept: ['graphs'],
      dropped: ['trees', 'heaps'],
    });
  });

  it('says which topics were removed, and nothing when none were', () => {
    expect(droppedNote(['trees'], 'medium')).toBe('No Medium question on trees yet, so it was removed from your topics.');
    expect(droppedNote([], 'medium')).toBeNull();
  });
});
