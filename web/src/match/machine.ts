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

function onNotice(state: MatchState, message: Notify, receivedAt: number): MatchState {
  if (message.kind === 'session.started') return onSessionStarted(state, message.data);
  if (message.kind === 'match.state') return state; // an answer to an ask: `state` events (onState)
  const request = activeRequest(state);
  // Another tab's search, an older one of this tab, or nothing under way: not this tab's business.
  if (request?.id !== message.data.request_id) return state;
  const deadlineOf = (value: string) => localDeadline(value, message.sent_at, receivedAt);
  switch (message.kind) {
    case 'match.queued': {
      if (state.phase === 'timed_out') return state;
      const { data } = message;
      return {
        phase: 'queued',
        request,
        deadline: deadlineOf(data.deadline),
        figures: {
          waiting: data.waiting,
          sameTopics: data.same_topics,
          estimateS: data.estimate_s !== null && data.estimate_s >= 0 ? data.estimate_s : null,
        },
        // A later update of the figures keeps the note until the next ready-check.
        requeued: data.requeued ?? (state.phase === 'queued' ? state.requeued : null),
        leaving: 'leaving' in state && state.leaving,
        error: null,
      };
    }
    case 'match.proposed': {
      const deadline = deadlineOf(message.data.deadline);
      // Leaving: the cancel on its way declines this proposal on the server.
      if (deadline === null) return state;
      if ((state.phase !== 'queued' && state.phase !== 'sending') || (state.phase === 'queued' && state.leaving)) {
        return state;
      }
      return {
        phase: 'proposed',
        request,
        matchId: message.data.match_id,
        deadline,
        partnerName: message.data.partner_name,
        queueDeadline: state.phase === 'queued' ? state.deadline : null,
        accepted: false,
        partnerAccepted: false,
        leaving: false,
        error: null,
      };
    }
    case 'match.partner_accepted':
      return state.phase === 'proposed' && message.data.match_id === state.matchId
        ? { ...state, partnerAccepted: true }
        : state;
    case 'match.found':
      if (state.phase === 'timed_out') return state;
      return { phase: 'found', request, matchId: message.data.match_id, partnerName: message.data.partner_name };
    case 'match.timed_out':
      // Someone already leaving wanted the search over: a time-out ends it as quietly as a cancel would.
      if ('leaving' in state && state.leaving) return IDLE;
      return { phase: 'timed_out', request, reason: message.data.reason };
    case 'match.withdrawn':
      return onWithdrawn(message.data);
  }
}

type StateNotice = Schema.MatchStateNotice;

/**
 * One pool's answer to a state request: the user's live search there (`queued`, and `proposed` in a
 * ready-check), and whether the search the tab named as followed has ended there.
 */
function onState(state: MatchState, message: Notify, receivedAt: number, mine: boolean): MatchState {
  if (message.kind !== 'match.state') return state;
  const { data } = message;
  const liveId = data.queued?.request_id ?? null;
  const request = activeRequest(state);
  if (request !== null && data.difficulty === request.criteria.difficulty && state.phase !== 'timed_out') {
    if (liveId === request.id) return catchUp(state, data, message, receivedAt);
    // Ended while away (its outcome was missed); `found` waits for its room, which has no answer here.
    const away = state.phase === 'queued' || state.phase === 'proposed';
    if (away && data.following === request.id && data.following_ended) {
      return { phase: 'idle', note: liveId === null ? { kind: 'ended' } : { kind: 'replaced' } };
    }
    return state;
  }
  // A reload (or a tab whose search never got its ack): take up the user's live search, in the tab that asked.
  if (!mine || state.phase !== 'idle' || data.queued === null) return state;
  const { request_id: id, topics, language } = data.queued;
  const adopted: MatchState = { phase: 'sending', request: { id, criteria: { difficulty: data.difficulty, topics, language } } };
  return catchUp(adopted, data, message, receivedAt);
}

/** The followed search as the server has it now: in the queue, or in a ready-check (with who accepted). */
function catchUp(state: MatchState, data: StateNotice, message: Notify, receivedAt: number): MatchState {
  const { notification_id, sent_at } = message;
  const frame = { v: 1, type: 'notify', notification_id, sent_at } as const;
  const { queued, proposed } = data;
  const sameCheck = state.phase === 'proposed' && proposed !== null && proposed.match_id === state.matchId;
  // Queued again first (a ready-check that failed while away), then the ready-check open now, if any.
  const base =
    sameCheck || queued === null ? state : onNotice(state, { ...frame, kind: 'match.queued', data: queued }, receivedAt);
  if (proposed === null) return base;
  const next =
    base.phase === 'proposed' ? base : onNotice(base, { ...frame, kind: 'match.proposed', data: proposed }, receivedAt);
  if (next.phase !== 'proposed') return next;
  return {
    ...next,
    accepted: next.accepted || data.accepted,
    partnerAccepted: next.partnerAccepted || data.partner_accepted,
  };
}

function onWithdrawn(data: Schema.MatchWithdrawnNotice): MatchState {
  switch (data.reason) {
    case 'replaced':
      return { phase: 'idle', note: { kind: 'replaced' } };
    case 'in_session':
      return { phase: 'idle', note: { kind: 'in_session', sessionId: data.session_id } };
    case 'cancelled':
    case 'declined': // what this user asked for
      return IDLE;
  }
}

function onSessionStarted(state: MatchState, data: Schema.SessionStartedNotice): MatchState {
  const ours = (state.phase === 'found' || state.phase === 'proposed') && data.match_id === state.matchId;
  if (!ours) return state;
  return { phase: 'started', sessionId: data.session_id, slug: data.slug, language: data.language };
}
