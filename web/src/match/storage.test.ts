import { beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_ID, T0, request } from '../test/match';
import { IDLE, type MatchState } from './machine';
import { ACTIVE_KEY, loadRoom, restoreActive, saveActive, saveRoom } from './storage';

const queued: MatchState = {
  phase: 'queued',
  request,
  deadline: T0 + 60_000,
  figures: { waiting: 2, sameTopics: 1, estimateS: null },
  requeued: null,
  leaving: true,
  error: null,
};

const proposed: MatchState = {
  phase: 'proposed',
  request,
  matchId: 'm-1',
  deadline: T0 + 15_000,
  partnerName: 'Grace',
  queueDeadline: T0 + 60_000,
  accepted: true,
  partnerAccepted: false,
  leaving: false,
  error: null,
};

beforeEach(() => {
  sessionStorage.clear();
});

describe('a search across a reload', () => {
  it('comes back queued with its last deadline, with nothing in flight', () => {
    saveActive(sessionStorage, queued);
    expect(restoreActive(sessionStorage, T0 + 1000)).toEqual({ ...queued, leaving: false });
  });

  it('is over when its deadline passed meanwhile, and says why', () => {
    saveActive(sessionStorage, queued);
    expect(restoreActive(sessionStorage, T0 + 60_000)).toEqual({ phase: 'idle', note: { kind: 'expired' } });
  });

  it('a ready-check comes back while it runs, else as the queue the server falls back to', () => {
    saveActive(sessionStorage, proposed);
    expect(restoreActive(sessionStorage, T0 + 5000)).toEqual(proposed);
    expect(restoreActive(sessionStorage, T0 + 20_000)).toMatchObject({
      phase: 'queued',
      request: { id: REQUEST_ID },
      deadline: T0 + 60_000,
      figures: null,
    });
  });

  it('forgets searches that ended or are only being sent, and reads nothing from junk', () => {
    saveActive(sessionStorage, queued);
    saveActive(sessionStorage, { phase: 'sending', request });
    expect(sessionStorage.getItem(ACTIVE_KEY)).toBeNull();
    for (const junk of [
      '{',
      '[]',
      JSON.stringify({ ...queued, request: { id: 1 } }),
      JSON.stringify({ phase: 'idle' }),
    ]) {
      sessionStorage.setItem(ACTIVE_KEY, junk);
      expect(restoreActive(sessionStorage, T0)).toEqual(IDLE);
    }
  });

  it('keeps each room question by session id', () => {
    saveRoom(sessionStorage, 's-1', { slug: 'two-sum', language: 'java' });
    expect(loadRoom(sessionStorage, 's-1')).toEqual({ slug: 'two-sum', language: 'java' });
    expect(loadRoom(sessionStorage, 's-2')).toBeNull();
  });
});
