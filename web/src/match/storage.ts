// The tab's search survives a reload: the server still has it, so nothing is sent again. sessionStorage is per
// tab, so two tabs never read each other's. A room's question slug is kept the same way, keyed by session.
import { IDLE, type Criteria, type Language, type MatchState } from './machine';

export const ACTIVE_KEY = 'peerprep.match.active';
const roomKey = (sessionId: string) => `peerprep.room.${sessionId}`;

type Saved = Extract<MatchState, { phase: 'queued' | 'proposed' | 'found' }>;

/** Keeps a search under way; forgets it once it ended, or while it is still being sent. */
export function saveActive(storage: Storage, state: MatchState): void {
  try {
    if (state.phase === 'queued' || state.phase === 'proposed' || state.phase === 'found') {
      storage.setItem(ACTIVE_KEY, JSON.stringify(state));
    } else {
      storage.removeItem(ACTIVE_KEY);
    }
  } catch {
    // Storage full or blocked: only a reload loses the search.
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const LANGUAGES: readonly unknown[] = ['python', 'javascript', 'java', 'cpp'];

function isCriteria(value: unknown): value is Criteria {
  if (!isObject(value)) return false;
  const { difficulty, topics, language } = value;
  return (
    (difficulty === 'easy' || difficulty === 'medium' || difficulty === 'hard') &&
    Array.isArray(topics) &&
    topics.every((t) => typeof t === 'string') &&
    LANGUAGES.includes(language)
  );
}

function read(storage: Storage): Saved | null {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(ACTIVE_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (!isObject(value) || !isObject(value.request)) return null;
  if (typeof value.request.id !== 'string' || !isCriteria(value.request.criteria)) return null;
  if (value.phase === 'queued' && (value.deadline === null || typeof value.deadline === 'number'))
    return value as Saved;
  if (value.phase === 'proposed' && typeof value.deadline === 'number' && typeof value.matchId === 'string') {
    return value as Saved;
  }
  if (value.phase === 'found' && typeof value.matchId === 'string') return value as Saved;
  return null;
}

/**
 * The state after a reload: the search as it was, with any message in flight forgotten (its answer went to
 * the page before). A ready-check whose time ran out is back in the queue, where the server's next notice
 * (requeued or timed out) takes over; a queue whose time ran out is over.
 */
export function restoreActive(storage: Storage, now: number): MatchState {
  const saved = read(storage);
  if (saved === null) return IDLE;
  switch (saved.phase) {
    case 'found':
      return saved;
    case 'proposed':
      if (saved.deadline > now) return { ...saved, leaving: false, error: null };
      if (saved.queueDeadline !== null && saved.queueDeadline <= now)
        return { phase: 'idle', note: { kind: 'expired' } };
      return {
        phase: 'queued',
        request: saved.request,
        deadline: saved.queueDeadline,
        figures: null,
        requeued: null,
        leaving: false,
        error: null,
      };
    case 'queued':
      if (saved.deadline !== null && saved.deadline <= now) return { phase: 'idle', note: { kind: 'expired' } };
      return { ...saved, leaving: false, error: null };
  }
}

export interface RoomInfo {
  slug: string;
  language: Language;
}

export function saveRoom(storage: Storage, sessionId: string, room: RoomInfo): void {
  try {
    storage.setItem(roomKey(sessionId), JSON.stringify(room));
  } catch {
    // The room page then says it cannot show the question.
  }
}

export function loadRoom(storage: Storage, sessionId: string): RoomInfo | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(roomKey(sessionId)) ?? 'null');
    if (!isObject(value) || typeof value.slug !== 'string' || !LANGUAGES.includes(value.language)) return null;
    return value as unknown as RoomInfo;
  } catch {
    return null;
  }
}
