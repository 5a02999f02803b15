// Notices and requests for the matching tests, shaped as the gateway sends them and typed by the generated
// protocol: a renamed or retyped field of a notice fails the typecheck here, not in production.
import type * as Schema from '../realtime/generated/protocol';
import type { NotifyKind, NotifyOf } from '../realtime/protocol';
import type { ActiveRequest } from '../match/machine';

export const REQUEST_ID = '0b9c6f0e-8d3a-4a5e-9a53-2f1b7c8d9e01';
export const OTHER_TAB_ID = '7f3e2d1c-0b9a-4876-8543-210fedcba987';
export const SENT_AT = '2030-01-01T00:00:00Z';
/** Epoch ms of SENT_AT. */
export const T0 = Date.parse(SENT_AT);

export const request: ActiveRequest = {
  id: REQUEST_ID,
  criteria: { difficulty: 'medium', topics: ['Arrays', 'Graphs'], language: 'python' },
};

let counter = 0;

export function notice<K extends NotifyKind>(kind: K, data: NotifyOf<K>['data'], sentAt = SENT_AT): NotifyOf<K> {
  counter += 1;
  const message = { v: 1, type: 'notify', notification_id: `n${String(counter)}`, kind, sent_at: sentAt, data };
  return message as NotifyOf<K>; // TypeScript does not tie `data` to `kind` through the generic: the signature does
}

/** `match.queued` for REQUEST_ID, with a deadline `inS` seconds after SENT_AT. */
export function queuedNotice(
  overrides: Partial<Schema.MatchQueuedNotice> = {},
  inS = 120,
): NotifyOf<'match.queued'> {
  return notice('match.queued', {
    request_id: REQUEST_ID,
    difficulty: 'medium',
    topics: ['Arrays', 'Graphs'],
    language: 'python',
    deadline: new Date(T0 + inS * 1000).toISOString(),
    waiting: 4,
    same_topics: 1,
    estimate_s: 35,
    requeued: null,
    ...overrides,
  });
}

export function proposedNotice(overrides: Partial<Schema.MatchProposedNotice> = {}): NotifyOf<'match.proposed'> {
  return notice('match.proposed', {
    request_id: REQUEST_ID,
    match_id: 'm-1',
    difficulty: 'medium',
    deadline: new Date(T0 + 15_000).toISOString(),
    partner_name: 'Grace Hopper',
    language: 'python',
    ...overrides,
  });
}

export function sessionStartedNotice(matchId = 'm-1'): NotifyOf<'session.started'> {
  return notice('session.started', { session_id: 's-9', match_id: matchId, slug: 'two-sum', language: 'java' });
}

/** `match.state` of the medium pool: REQUEST_ID live (waiting, or in ready-check m-1), or nothing live. */
export function stateNotice(
  state: Schema.MatchStateKind,
  overrides: Partial<Schema.MatchStateNotice> = {},
  queued: Partial<Schema.MatchQueuedNotice> = {},
): NotifyOf<'match.state'> {
  const live = state !== 'none';
  return notice('match.state', {
    ask_id: 'ask-1',
    difficulty: 'medium',
    state,
    queued: live ? { ...queuedNotice().data, ...queued } : null,
    proposed: state === 'ready_check' ? proposedNotice().data : null,
    accepted: false,
    partner_accepted: false,
    following: null,
    following_ended: false,
    ...overrides,
  });
}
