// What to offer after a search ended without a match. Widening is the user's choice, one button each, and
// the new search says what it asks for: the criteria never change silently.
import type { Criteria, Difficulty, TimeoutReason } from './machine';

export interface RetryOption {
  /** The button's text. */
  label: string;
  criteria: Criteria;
}

const ORDER: readonly Difficulty[] = ['easy', 'medium', 'hard'];
const LABELS: Record<Difficulty, string> = { easy: 'Easy', medium: 'Medium', hard: 'Hard' };

/** The difficulties next to this one: Easy <-> Medium <-> Hard. */
export function neighbours(difficulty: Difficulty): Difficulty[] {
  const index = ORDER.indexOf(difficulty);
  return [ORDER[index - 1], ORDER[index + 1]].filter((d): d is Difficulty => d !== undefined);
}

export function retryOptions(criteria: Criteria, reason: TimeoutReason): RetryOption[] {
  const same: RetryOption = { label: 'Try again', criteria };
  if (reason === 'missed_ready_check') return [same];
  const options = [same];
  if (criteria.topics.length > 0) options.push({ label: 'Any topic', criteria: { ...criteria, topics: [] } });
  for (const difficulty of neighbours(criteria.difficulty)) {
    options.push({ label: `Try ${LABELS[difficulty]}`, criteria: { ...criteria, difficulty } });
  }
  return options;
}
