// Question fixtures for the question pages' tests.
import type { Question, QuestionPage, QuestionSummary, TopicCount } from '../api/questionTypes';

export const topics: TopicCount[] = [
  { topic: 'Arrays', count: 12 },
  { topic: 'Hash Table', count: 7 },
  { topic: 'Graphs', count: 3 },
];

export function summary(n: number): QuestionSummary {
  const difficulties = ['easy', 'medium', 'hard'] as const;
  return {
    slug: `question-${String(n)}`,
    title: `Question ${String(n)}`,
    difficulty: difficulties[n % 3] ?? 'easy',
    topics: ['Arrays'],
  };
}

/** Page `page` (of `size`) of a list of `total` questions. */
export function questionPage(total: number, page = 1, size = 20): QuestionPage {
  const first = (page - 1) * size + 1;
  const count = Math.max(0, Math.min(size, total - first + 1));
  return { items: Array.from({ length: count }, (_, i) => summary(first + i)), total, page, size };
}

export const twoSum: Question = {
  slug: 'two-sum',
  title: 'Two Sum',
  difficulty: 'easy',
  topics: ['Arrays', 'Hash Table'],
  statement:
    'Given an array of integers `nums` and an integer `target`, return **the indices** of the two numbers that add up to *target*.\n\nYou may assume:\n\n- each input has exactly one solution\n- you may not use the same element twice',
  examples: [
    { input: 'nums = [2,7,11,15], target = 9', output: '[0,1]', explanation: 'Because `nums[0] + nums[1] == 9`.' },
    { input: 'nums = [3,3], target = 6', output: '[0,1]', explanation: null },
  ],
  constraints: ['`2 <= nums.length <= 10^4`', 'Only one valid answer exists.'],
  hints: ['Try every pair first.', 'What would a hash map of seen values give you?', 'One pass is enough.'],
  signature: {
    function: 'two_sum',
    params: [
      { name: 'nums', type: 'list[int]' },
      { name: 'target', type: 'int' },
    ],
    returns: 'list[int]',
  },
  comparison: 'unordered',
  sample_tests: [{ args: [[2, 7, 11, 15], 9], expected: [0, 1], explanation: null }],
  editorial: {
    approach: 'Walk the array once, keeping a map from each value seen to its index; look up `target - x`.',
    time: 'O(n)',
    space: 'O(n)',
  },
};
