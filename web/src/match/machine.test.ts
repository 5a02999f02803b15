import { describe, expect, it } from 'vitest';
import {
  OTHER_TAB_ID,
  REQUEST_ID,
  T0,
  notice,
  proposedNotice,
  queuedNotice,
  request,
  sessionStartedNotice,
  stateNotice,
} from '../test/match';
import type { TimeoutReason, WithdrawReason } from '../realtime/generated/protocol';
import { IDLE, type MatchEvent, type MatchState, reduce } from './machine';

function run(events: MatchEvent[], from: MatchState = IDLE): MatchState {
  return events.reduce(reduce, from);
}

const at = (message: ReturnType<typeof notice>, receivedAt = T0): MatchEvent => ({
  type: 'notice',
  message,
  receivedAt,
});
const submit: MatchEvent = { type: 'submit', request };
const sent: MatchEvent = { type: 'request_sent', requestId: REQUEST_ID };

describe('sending a request', () => {
  it('goes idle -> sending -> queued on the ack, figures unknown until the queue speaks', () => {
    const sending = run([submit]);
    expect(sending).toEqual({ phase: 'sending', request });
    expect(run([sent], sending)).toMatchObject({ phase: 'queued', deadline: null, figures: null, leaving: false });
  });

  it('a refused or unsent request goes back to the form with the reason, and never reads as queued', () => {
    expect(run([submit, { type: 'request_failed', requestId: REQUEST_ID, code: 'not_connected' }])).toEqual({
      phase: 'idle',
      note: { kind: 'send_failed', code: 'not_connected' },
    });
    // The answer to an older request this tab replaced changes nothing.
    const state = run([submit, { type: 'request_failed', requestId: OTHER_TAB_ID, code: 'invalid_message' }]);
    expect(state.phase).toBe('sending');
  });

  it('keeps the figures when match.queued comes before the ack', () => {
    const state = run([submit, at(queuedNotice()), sent]);
    expect(state).toMatchObject({ phase: 'queued', figures: { waiting: 4, sameTopics: 1, estimateS: 35 } });
  });
});

describe('in the queue', () => {
  it('reads deadline and figures; the deadline moves to this tab clock by sent_at', () => {
    // This tab's clock is 5 s behind the server's: the notice arrives at T0 - 5 s by it.
    const state = run([submit, sent, at(queuedNotice({ estimate_s: null }, 90), T0 - 5000)]);
    expect(state).toMatchObject({
      phase: 'queued',
      deadline: T0 - 5000 + 90_000,
      figures: { waiting: 4, sameTopics: 1, estimateS: null },
      requeued: null,
    });
  });

  it('ignores notices of a request it did not send (another tab, an older search)', () => {
    const queued = run([submit, sent, at(queuedNotice())]);
    const foreign = [
      queuedNotice({ request_id: OTHER_TAB_ID, waiting: 99 }),
      proposedNotice({ request_id: OTHER_TAB_ID }),
      notice('match.timed_out', { request_id: OTHER_TAB_ID, reason: 'no_partner' }),
      notice('match.withdrawn', { request_id: OTHER_TAB_ID, reason: 'replaced', session_id: null }),
      sessionStartedNotice('m-other'),
    ];
    expect(
      run(
        foreign.map((m) => at(m)),
        queued,
      ),
    ).toBe(queued);
    // With no search under way, nothing moves the form either.
    expect(
      run(
        foreign.map((m) => at(m)),
        IDLE,
      ),
    ).toBe(IDLE);
  });

  it('a requeue after a failed ready-check shows why, and keeps saying so as the figures update', () => {
    const back = run([submit, sent, at(proposedNotice()), at(queuedNotice({ requeued: 'partner_declined' }))]);
    expect(back).toMatchObject({ phase: 'queued', requeued: 'partner_declined' });
    expect(run([at(queuedNotice({ waiting: 2 }))], back)).toMatchObject({ requeued: 'partner_declined' });
  });

  it('cancel: leaving until the ack, then the form; a proposal meanwhile is left to the cancel', () => {
    const leaving = run([submit, sent, at(queuedNotice()), { type: 'cancel' }]);
    expect(leaving).toMatchObject({ phase: 'queued', leaving: true });
    expect(run([at(proposedNotice())], leaving)).toBe(leaving);
    expect(run([{ type: 'cancel_sent', requestId: REQUEST_ID }], leaving)).toEqual(IDLE);
    const failed = run([{ type: 'cancel_failed', requestId: REQUEST_ID, code: 'disconnected' }], leaving);
    expect(failed).toMatchObject({ phase: 'queued', leaving: false, error: 'disconnected' });
  });

  it('match.withdrawn: each reason', () => {
    const queued = run([submit, sent]);
    const withdrawn = (reason: WithdrawReason, session_id: string | null = null) =>
      run([at(notice('match.withdrawn', { request_id: REQUEST_ID, reason, session_id }))], queued);
    expect(withdrawn('cancelled')).toEqual(IDLE);
    expect(withdrawn('declined')).toEqual(IDLE);
    expect(withdrawn('replaced')).toEqual({ phase: 'idle', note: { kind: 'replaced' } });
    expect(withdrawn('in_session', 's-3')).toEqual({ phase: 'idle', note: { kind: 'in_session', sessionId: 's-3' } });
  });

  it('match.timed_out: why, then a new search from there; while leaving it just ends', () => {
    const queued = run([submit, sent]);
    const timedOut = (reason: TimeoutReason) =>
      run([at(notice('match.timed_out', { request_id: REQUEST_ID, reason }))], queued);
    expect(timedOut('no_partner')).toEqual({ phase: 'timed_out', request, reason: 'no_partner' });
    expect(timedOut('missed_ready_check')).toMatchObject({ reason: 'missed_ready_check' });
    const again = { ...request, id: OTHER_TAB_ID };
    expect(run([{ type: 'submit', request: again }], timedOut('no_partner'))).toEqual({
      phase: 'sending',
      request: again,
    });
    // A late figure update for the ended search does not bring the queue back.
    expect(run([at(queuedNotice())], timedOut('no_partner')).phase).toBe('timed_out');
    const leaving = run([{ type: 'cancel' }], queued);
    expect(run([at(notice('match.timed_out', { request_id: REQUEST_ID, reason: 'no_partner' }))], leaving)).toEqual(
      IDLE,
    );
  });
});

describe('the ready-check and after', () => {
  const proposed = run([submit, sent, at(queuedNotice()), at(proposedNotice(), T0 + 200)]);

  it('match.proposed opens the ready-check with its own deadline and the partner', () => {
    expect(proposed).toMatchObject({
      phase: 'proposed',
      matchId: 'm-1',
      deadline: T0 + 200 + 15_000,
      partnerName: 'Grace Hopper',
      queueDeadline: T0 + 120_000,
      accepted: false,
      partnerAccepted: false,
    });
  });

  it('accept, partner accepted, found, session.started: the room of this match', () => {
    const accepted = run([{ type: 'accept' }], proposed);
    expect(accepted).toMatchObject({ accepted: true });
    const partner = run([at(notice('match.partner_accepted', { request_id: REQUEST_ID, match_id: 'm-1' }))], accepted);
    expect(partner).toMatchObject({ accepted: true, partnerAccepted: true });
    const found = run(
      [at(notice('match.found', { request_id: REQUEST_ID, match_id: 'm-1', partner_name: 'Grace' }))],
      partner,
    );
    expect(found).toEqual({ phase: 'found', request, matchId: 'm-1', partnerName: 'Grace' });
    expect(run([at(sessionStartedNotice('m-2'))], found)).toBe(found);
    expect(run([at(sessionStartedNotice())], found)).toEqual({
      phase: 'started',
      sessionId: 's-9',
      slug: 'two-sum',
      language: 'java',
    });
  });

  it('an accept that could not be sent can be tried again', () => {
    const failed = run(
      [{ type: 'accept' }, { type: 'accept_failed', requestId: REQUEST_ID, code: 'not_connected' }],
      proposed,
    );
    expect(failed).toMatchObject({ phase: 'proposed', accepted: false, error: 'not_connected' });
    expect(run([{ type: 'accept' }], failed)).toMatchObject({ accepted: true, error: null });
  });

  it('partner_accepted of another match changes nothing; decline leaves like a cancel', () => {
    expect(run([at(notice('match.partner_accepted', { request_id: REQUEST_ID, match_id: 'm-0' }))], proposed)).toBe(
      proposed,
    );
    const declining = run([{ type: 'cancel' }], proposed);
    expect(declining).toMatchObject({ phase: 'proposed', leaving: true });
    expect(run([{ type: 'accept' }], declining)).toBe(declining);
    expect(run([{ type: 'cancel_sent', requestId: REQUEST_ID }], declining)).toEqual(IDLE);
  });

  it('back to the queue when the partner misses, with the note and a fresh deadline', () => {
    const back = run([at(queuedNotice({ requeued: 'partner_missed' }, 100), T0 + 16_000)], proposed);
    expect(back).toMatchObject({ phase: 'queued', requeued: 'partner_missed', deadline: T0 + 16_000 + 100_000 });
  });

  it('a proposal without a usable deadline is not one', () => {
    // A mistyped field never gets here: the frame's validator refuses it (RealtimeClient.test.ts).
    const queued = run([submit, sent]);
    expect(run([at(proposedNotice({ deadline: 'soon' }))], queued)).toBe(queued);
  });
});

describe('after a reconnect or a reload (match.state answers)', () => {
  const answer = (message: ReturnType<typeof notice>, mine = true): MatchEvent => ({
    type: 'state',
    message,
    receivedAt: T0,
    mine,
  });
  const queued = run([submit, sent, at(queuedNotice())]);
  const ended = stateNotice('none', { following: REQUEST_ID, following_ended: true });

  it('learns of the ready-check proposed while the tab was away, with who accepted', () => {
    const state = run([answer(stateNotice('ready_check', { partner_accepted: true, following: REQUEST_ID }))], queued);
    expect(state).toMatchObject({
      phase: 'proposed',
      matchId: 'm-1',
      deadline: T0 + 15_000,
      queueDeadline: T0 + 120_000,
      accepted: false,
      partnerAccepted: true,
    });
  });

  it('keeps an accept already made, and goes back to the queue when the ready-check failed while away', () => {
    const proposed = run([at(proposedNotice()), { type: 'accept' }], queued);
    expect(run([answer(stateNotice('ready_check'))], proposed)).toMatchObject({ phase: 'proposed', accepted: true });
    const back = run([answer(stateNotice('waiting', {}, { waiting: 2, requeued: 'partner_missed' }))], proposed);
    expect(back).toMatchObject({ phase: 'queued', figures: { waiting: 2 }, requeued: 'partner_missed' });
  });

  it('a reload takes up the live search, in the tab that asked only', () => {
    expect(run([answer(stateNotice('ready_check'))])).toMatchObject({
      phase: 'proposed',
      request: { id: REQUEST_ID, criteria: { difficulty: 'medium', topics: ['Arrays', 'Graphs'], language: 'python' } },
      matchId: 'm-1',
      queueDeadline: T0 + 120_000,
    });
    expect(run([answer(stateNotice('waiting'))])).toMatchObject({ phase: 'queued', request: { id: REQUEST_ID } });
    expect(run([answer(stateNotice('waiting'), false)])).toBe(IDLE); // another tab asked: not this tab's search
  });

  it('a user with nothing stays idle; "none" of another pool, or of a request not read yet, changes nothing', () => {
    expect(run([answer(stateNotice('none'))])).toBe(IDLE);
    for (const difficulty of ['easy', 'hard'] as const) {
      expect(run([answer({ ...ended, data: { ...ended.data, difficulty } })], queued)).toBe(queued);
    }
    // The request may still be on its way to the pool (another topic): only an ended one is over.
    expect(run([answer(stateNotice('none', { following: REQUEST_ID }))], queued)).toBe(queued);
  });

  it('"none" with the followed search ended ends a stale local state; a newer search replaced it', () => {
    expect(run([answer(ended)], queued)).toEqual({ phase: 'idle', note: { kind: 'ended' } });
    const proposed = run([at(proposedNotice())], queued);
    expect(run([answer(ended)], proposed)).toEqual({ phase: 'idle', note: { kind: 'ended' } });
    const replacedBy = { request_id: OTHER_TAB_ID };
    const newer = stateNotice('waiting', { following: REQUEST_ID, following_ended: true }, replacedBy);
    expect(run([answer(newer)], queued)).toEqual({ phase: 'idle', note: { kind: 'replaced' } });
  });

  it('a found match waits for its room whatever the pool says; an older ask does not end a newer search', () => {
    const foundNotice = notice('match.found', { request_id: REQUEST_ID, match_id: 'm-1', partner_name: null });
    const found = run([at(proposedNotice()), at(foundNotice)], queued);
    expect(found.phase).toBe('found');
    expect(run([answer(ended)], found)).toBe(found);
    const older = stateNotice('none', { following: OTHER_TAB_ID, following_ended: true });
    expect(run([answer(older)], queued)).toBe(queued);
  });
});
