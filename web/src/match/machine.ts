// The matching flow of one tab as a pure state machine (docs: the match notices in contracts/notices.py).
// The tab only follows its own request: a notice whose request_id is not the active one (another tab's, or
// an older search's) changes nothing, and `session.started`, which has no request_id, is followed only when
// its match_id is this tab's match. The answers to a state request (`match.state`, after each reconnect)
// catch up with what was missed, and take up the user's live search only in the tab that asked, when idle
// (a reload). No React, no clock, no I/O: the caller passes the time in.
import type * as Schema from '../realtime/generated/protocol';
import type { Notify } from '../realtime/protocol';
import type { SendFailure } from '../realtime/replies';
import { localDeadline } from './time';

export type Difficulty = Schema.Difficulty;
export type Language = Schema.Language;
export type RequeueReason = Schema.RequeueReason;
export type TimeoutReason = Schema.TimeoutReason;

export interface Criteria {
  difficulty: Difficulty;
  /** Empty: any topic. */
  topics: readonly string[];
  language: Language;
}

export interface ActiveRequest {
  /** The UUID this tab made; every message and notice of the search carries it. */
  id: string;
  criteria: Criteria;
}

export interface QueueFigures {
  waiting: number;
  sameTopics: number;
  /** Seconds; null when the server has no estimate yet. */
  estimateS: number | null;
}

/** Why the form shows again, when there is something to say. */
export type IdleNote =
  | { kind: 'replaced' }
  | { kind: 'in_session'; sessionId: string | null }
  | { kind: 'send_failed'; code: SendFailure }
  | { kind: 'expired' }
  /** The search ended while this tab was not connected (its outcome was missed). */
  | { kind: 'ended' };

export type MatchState =
  | { phase: 'idle'; note: IdleNote | null }
  | { phase: 'sending'; request: ActiveRequest }
  | {
      phase: 'queued';
      request: ActiveRequest;
      /** Epoch ms on this tab's clock; null until the first `match.queued`. */
      deadline: number | null;
      figures: QueueFigures | null;
      requeued: RequeueReason | null;
      /** A cancel is on its way. */
      leaving: boolean;
      error: SendFailure | null;
    }
  | {
      phase: 'proposed';
      request: ActiveRequest;
      matchId: string;
      deadline: number;
      partnerName: string | null;
      /** The queue's deadline, for going back to the queue after a reload. */
      queueDeadline: number | null;
      accepted: boolean;
      partnerAccepted: boolean;
      leaving: boolean;
      error: SendFailure | null;
    }
  | { phase: 'found'; request: ActiveRequest; matchId: string; partnerName: string | null }
  | { phase: 'timed_out'; request: ActiveRequest; reason: TimeoutReason }
  | { phase: 'started'; sessionId: string; slug: string; language: Language };

export type MatchEvent =
  | { type: 'submit'; request: ActiveRequest }
  | { type: 'request_sent'; requestId: string }
  | { type: 'request_failed'; requestId: string; code: SendFailure }
  | { type: 'cancel' }
  | { type: 'cancel_sent'; requestId: string }
  | { type: 'cancel_failed'; requestId: string; code: SendFailure }
  | { type: 'accept' }
  | { type: 'accept_failed'; requestId: string; code: SendFailure }
  | { type: 'notice'; message: Notify; receivedAt: number }
  /** A `match.state` answer; `mine` when this tab sent the ask it answers. */
  | { type: 'state'; message: Notify; receivedAt: number; mine: boolean }
  | { type: 'dismiss' };

export const IDLE: MatchState = { phase: 'idle', note: null };

/** The notice kinds this machine reads. */
export const MATCH_NOTICE_KINDS = [
  'match.queued',
  'match.proposed',
  'match.partner_accepted',
  'match.found',
  'match.timed_out',
  'match.withdrawn',
  'session.started',
] as const;

/** The request the tab is following, if any. */
export function activeRequest(state: MatchState): ActiveRequest | null {
  return 'request' in state ? state.request : null;
}

function queued(request: ActiveRequest, deadline: number | null = null): MatchState {
  return { phase: 'queued', request, deadline, figures: null, requeued: null, leaving: false, error: null };
}

export function reduce(state: MatchState, event: MatchEvent): MatchState {
  const request = activeRequest(state);
  switch (event.type) {
    case 'submit':
      return state.phase === 'idle' || state.phase === 'timed_out'
        ? { phase: 'sending', request: event.request }
        : state;
    case 'request_sent':
      // The queue's own notice may have come first; then there is nothing left to learn from the ack.
      return state.phase === 'sending' && request?.id === event.requestId ? queued(state.request) : state;
    case 'request_failed':
      return state.phase === 'sending' && request?.id === event.requestId
        ? { phase: 'idle', note: { kind: 'send_failed', code: event.code } }
        : state;
    case 'cancel':
      return state.phase === 'queued' || state.phase === 'proposed' ? { ...state, leaving: true, error: null } : state;
    case 'cancel_sent':
      return request?.id === event.requestId && (state.phase === 'queued' || state.phase === 'proposed') ? IDLE : state;
    case 'cancel_failed':
      return request?.id === event.requestId && (state.phase === 'queued' || state.phase === 'proposed')
        ? { ...state, leaving: false, error: event.code }
        : state;
    case 'accept':
      return state.phase === 'proposed' && !state.leaving ? { ...state, accepted: true, error: null } : state;
    case 'accept_failed':
      return state.phase === 'proposed' && request?.id === event.requestId
        ? { ...state, accepted: false, error: event.code }
        : state;
    case 'notice':
      return onNotice(state, event.message, event.receivedAt);
    case 'state':
      return onState(state, event.message, event.receivedAt, event.mine);
    case 'dismiss':
      return state.phase === 'idle' || state.phase === 'timed_out' ? IDLE : state;
  }
}

type Data = Record<string, unknown>;

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

const REQUEUE: readonly RequeueReason[] = ['partner_missed', 'partner_declined', 'partner_unavailable'];

function onNotice(state: MatchState, message: Notify, receivedAt: number): MatchState {
  const data = message.data as Data;
  if (message.kind === 'session.started') return onSessionStarted(state, data);
  const request = activeRequest(state);
  // Another tab's search, an older one of this tab, or nothing under way: not this tab's business.
  if (request === null || data.request_id !== request.id) return state;
  const deadlineOf = (value: unknown) => (isString(value) ? localDeadline(value, message.sent_at, receivedAt) : null);
  switch (message.kind) {
    case 'match.queued': {
      if (state.phase === 'timed_out') return state;
      const estimate = data.estimate_s;
      const requeued = REQUEUE.find((reason) => reason === data.requeued) ?? null;
      return {
        phase: 'queued',
        request,
        deadline: deadlineOf(data.deadline),
        figures: {
          waiting: count(data.waiting),
          sameTopics: count(data.same_topics),
          estimateS: typeof estimate === 'number' && estimate >= 0 ? Math.round(estimate) : null,
        },
        // A later update of the figures keeps the note until the next ready-check.
        requeued: requeued ?? (state.phase === 'queued' ? state.requeued : null),
        leaving: 'leaving' in state && state.leaving,
        error: null,
      };
    }
    case 'match.proposed': {
      const deadline = deadlineOf(data.deadline);
      // Leaving: the cancel on its way declines this proposal on the server.
      if (!isString(data.match_id) || deadline === null) return state;
      if ((state.phase !== 'queued' && state.phase !== 'sending') || (state.phase === 'queued' && state.leaving)) {
        return state;
      }
      return {
        phase: 'proposed',
        request,
        matchId: data.match_id,
        deadline,
        partnerName: isString(data.partner_name) ? data.partner_name : null,
        queueDeadline: state.phase === 'queued' ? state.deadline : null,
        accepted: false,
        partnerAccepted: false,
        leaving: false,
        error: null,
      };
    }
    case 'match.partner_accepted':
      return state.phase === 'proposed' && data.match_id === state.matchId
        ? { ...state, partnerAccepted: true }
        : state;
    case 'match.found':
      if (!isString(data.match_id) || state.phase === 'timed_out') return state;
      return {
        phase: 'found',
        request,
        matchId: data.match_id,
        partnerName: isString(data.partner_name) ? data.partner_name : null,
      };
    case 'match.timed_out': {
      // Someone already leaving wanted the search over: a time-out ends it as quietly as a cancel would.
      if ('leaving' in state && state.leaving) return IDLE;
      const reason = data.reason === 'missed_ready_check' ? 'missed_ready_check' : 'no_partner';
      return { phase: 'timed_out', request, reason };
    }
    case 'match.withdrawn':
      return onWithdrawn(data);
    default:
      return state;
  }
}

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];
const LANGUAGES: readonly Language[] = ['python', 'javascript', 'java', 'cpp'];

/**
 * One pool's answer to a state request: the user's live search there (`queued`, and `proposed` in a
 * ready-check), and whether the search the tab named as followed has ended there.
 */
function onState(state: MatchState, message: Notify, receivedAt: number, mine: boolean): MatchState {
  const data = message.data as Data;
  const queuedData = isData(data.queued) ? data.queued : null;
  const liveId = queuedData !== null && isString(queuedData.request_id) ? queuedData.request_id : null;
  const request = activeRequest(state);
  if (request !== null && data.difficulty === request.criteria.difficulty && state.phase !== 'timed_out') {
    if (liveId === request.id) return catchUp(state, data, message, receivedAt);
    // Ended while away (its outcome was missed); `found` waits for its room, which has no answer here.
    const away = state.phase === 'queued' || state.phase === 'proposed';
    if (away && data.following === request.id && data.following_ended === true) {
      return { phase: 'idle', note: liveId === null ? { kind: 'ended' } : { kind: 'replaced' } };
    }
    return state;
  }
  // A reload (or a tab whose search never got its ack): take up the user's live search, in the tab that asked.
  if (!mine || state.phase !== 'idle' || queuedData === null || liveId === null) return state;
  const difficulty = DIFFICULTIES.find((d) => d === data.difficulty);
  const language = LANGUAGES.find((l) => l === queuedData.language);
  const topics = queuedData.topics;
  if (difficulty === undefined || language === undefined || !Array.isArray(topics) || !topics.every(isString)) {
    return state;
  }
  const adopted: MatchState = { phase: 'sending', request: { id: liveId, criteria: { difficulty, topics, language } } };
  return catchUp(adopted, data, message, receivedAt);
}

/** The followed search as the server has it now: in the queue, or in a ready-check (with who accepted). */
function catchUp(state: MatchState, data: Data, message: Notify, receivedAt: number): MatchState {
  const as = (kind: string, part: unknown): Notify => ({ ...message, kind, data: isData(part) ? part : {} });
  const proposed = isData(data.proposed) ? data.proposed : null;
  const sameCheck = state.phase === 'proposed' && proposed !== null && proposed.match_id === state.matchId;
  // Queued again first (a ready-check that failed while away), then the ready-check open now, if any.
  const base = sameCheck ? state : onNotice(state, as('match.queued', data.queued), receivedAt);
  if (proposed === null) return base;
  const next = base.phase === 'proposed' ? base : onNotice(base, as('match.proposed', proposed), receivedAt);
  if (next.phase !== 'proposed') return next;
  return {
    ...next,
    accepted: next.accepted || data.accepted === true,
    partnerAccepted: next.partnerAccepted || data.partner_accepted === true,
  };
}

function onWithdrawn(data: Data): MatchState {
  switch (data.reason) {
    case 'replaced':
      return { phase: 'idle', note: { kind: 'replaced' } };
    case 'in_session':
      return {
        phase: 'idle',
        note: { kind: 'in_session', sessionId: isString(data.session_id) ? data.session_id : null },
      };
    default: // cancelled, declined: what this user asked for
      return IDLE;
  }
}

function onSessionStarted(state: MatchState, data: Data): MatchState {
  const { session_id, slug, match_id } = data;
  const ours = (state.phase === 'found' || state.phase === 'proposed') && match_id === state.matchId;
  if (!ours || !isString(session_id) || !isString(slug)) return state;
  const language = LANGUAGES.find((l) => l === data.language) ?? activeRequest(state)?.criteria.language ?? 'python';
  return { phase: 'started', sessionId: session_id, slug, language };
}
