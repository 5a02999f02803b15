// The client messages of a search, made from the machine's state.
import type * as Schema from '../realtime/generated/protocol';
import type { MatchMessage } from '../realtime/protocol';
import type { ActiveRequest } from './machine';

/** The contract's limit on topics (contracts MAX_TOPICS; the schema's maxItems of match_request.topics). */
export const MAX_MATCH_TOPICS = 12;

type Topics = NonNullable<Schema.MatchRequest['topics']>;

export function requestMessage({ id, criteria }: ActiveRequest): MatchMessage {
  // The generated type spells maxItems as a union of tuples: a checked slice is what it describes.
  const topics = criteria.topics.slice(0, MAX_MATCH_TOPICS) as Topics;
  return {
    v: 1,
    type: 'match_request',
    request_id: id,
    difficulty: criteria.difficulty,
    topics,
    language: criteria.language,
  };
}

export function cancelMessage({ id, criteria }: ActiveRequest): MatchMessage {
  return { v: 1, type: 'match_cancel', request_id: id, difficulty: criteria.difficulty };
}

export function acceptMessage({ id, criteria }: ActiveRequest, matchId: string): MatchMessage {
  return { v: 1, type: 'match_accept', request_id: id, match_id: matchId, difficulty: criteria.difficulty };
}

/** Where the user stands in every pool; `askId` is a UUID, answered by one `match.state` per difficulty. */
export function stateMessage(askId: string, following: ActiveRequest | null): MatchMessage {
  return { v: 1, type: 'match_state', request_id: askId, following: following?.id ?? null };
}
