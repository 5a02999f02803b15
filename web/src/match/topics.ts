// Which topics the match form offers: only those with a question at the chosen difficulty (pure).
import type { TopicCount } from '../api/questionTypes';

/** The topics worth offering: at least one question. */
export function offeredTopics(counts: readonly TopicCount[]): TopicCount[] {
  return counts.filter((t) => t.count > 0);
}

/** The picked topics split into those still offered and those that vanished (in the picked order). */
export function keepOffered(
  picked: readonly string[],
  offered: readonly TopicCount[],
): { kept: string[]; dropped: string[] } {
  const names = new Set(offered.map((t) => t.topic));
  return { kept: picked.filter((t) => names.has(t)), dropped: picked.filter((t) => !names.has(t)) };
}

/** The note shown when a change of difficulty drops picked topics. */
export function droppedNote(dropped: readonly string[], difficulty: string): string | null {
  if (dropped.length === 0) return null;
  const level = difficulty.charAt(0).toUpperCase() + difficulty.slice(1);
  const list = dropped.join(', ');
  return `No ${level} question on ${list} yet, so ${dropped.length === 1 ? 'it was' : 'they were'} removed from your topics.`;
}
