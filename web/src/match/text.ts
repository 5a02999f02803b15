// The words of the matching flow, kept with the logic so their choice is tested without rendering.
import type { SendFailure } from '../realtime/replies';
import type { Criteria, Difficulty, IdleNote, Language, QueueFigures, RequeueReason } from './machine';

const DIFFICULTY: Record<Difficulty, string> = { easy: 'Easy', medium: 'Medium', hard: 'Hard' };
export const LANGUAGE_NAMES: Record<Language, string> = {
  python: 'Python',
  javascript: 'JavaScript',
  java: 'Java',
  cpp: 'C++',
};

/** "Medium · Arrays, Graphs · Python" */
export function describeCriteria({ difficulty, topics, language }: Criteria): string {
  const topicText = topics.length === 0 ? 'Any topic' : topics.join(', ');
  return `${DIFFICULTY[difficulty]} · ${topicText} · ${LANGUAGE_NAMES[language]}`;
}

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/** "3 waiting at this difficulty, 1 shares your topics" (everyone shares "any topic"). */
export function describeFigures(figures: QueueFigures, anyTopic: boolean): string {
  const waiting = `${String(figures.waiting)} waiting at this difficulty`;
  if (anyTopic) return waiting;
  return `${waiting}, ${String(figures.sameTopics)} ${figures.sameTopics === 1 ? 'shares' : 'share'} your topics`;
}

export function describeEstimate(estimateS: number | null): string {
  return estimateS === null ? 'No estimate yet' : `Estimated wait ~${plural(estimateS, 'second', 'seconds')}`;
}

export function requeueText(reason: RequeueReason): string {
  return reason === 'partner_unavailable'
    ? 'Your partner is no longer available — you’re back in the queue, keeping your place.'
    : 'Your partner didn’t accept — you’re back in the queue, keeping your place.';
}

export function sendFailureText(code: SendFailure, what: string): string {
  // `unavailable`: the gateway could not pass the message on to match_svc (Kafka did not take it).
  if (code === 'unavailable') {
    return `Matching is unavailable right now, so we could not ${what}. Nothing was queued: try again shortly.`;
  }
  switch (code) {
    case 'not_connected':
      return `You’re not connected to the server, so we could not ${what}. Wait for the connection, then try again.`;
    case 'disconnected':
      return `The connection dropped before the server confirmed it: we could not ${what}. Try again.`;
    case 'timeout':
      return `The server did not confirm it in time: we could not ${what}. Try again.`;
    case 'rate_limited':
      return `Too many messages in a short time: we could not ${what}. Wait a moment, then try again.`;
    default:
      return `The server refused it (${code}): we could not ${what}.`;
  }
}

/** The line above the form after a search ended; null when there is nothing to say. */
export function idleText(note: IdleNote | null): string | null {
  if (note === null) return null;
  switch (note.kind) {
    case 'replaced':
      return 'This search was replaced by a newer search (another tab?).';
    case 'in_session':
      return 'You’re already in a session.';
    case 'send_failed':
      return sendFailureText(note.code, 'start the search');
    case 'expired':
      return 'Your last search ran out while the page was reloading. Search again.';
    case 'ended':
      return 'Your search ended while the connection was down. Search again.';
  }
}
