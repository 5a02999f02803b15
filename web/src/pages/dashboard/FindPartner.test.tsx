import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OTHER_TAB_ID, notice } from '../../test/match';
import type { MatchState } from '../../match/machine';
import { ACTIVE_KEY, loadRoom } from '../../match/storage';
import { RealtimeContext, type RealtimeValue } from '../../realtime/context';
import { NotifyDispatcher } from '../../realtime/notify';
import type { MatchQueuedNotice } from '../../realtime/generated/protocol';
import type { MatchMessage, Notify, NotifyOf } from '../../realtime/protocol';
import { SendError } from '../../realtime/replies';
import type { RealtimeState } from '../../realtime/types';
import { json, mockApi } from '../../test/http';
import { topics } from '../../test/questions';
import { FindPartner } from './FindPartner';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The realtime context as the card sees it: the test plays the gateway (answers and notices). */
function fakeRealtime(state: RealtimeState = 'connected') {
  const hub = new NotifyDispatcher();
  const sent: MatchMessage[] = [];
  const asks: MatchMessage[] = []; // the state requests made on (re)connecting, apart from the form's messages
  let answer: (message: MatchMessage) => Promise<void> = async () => undefined;
  const value: RealtimeValue = {
    state,
    rtt: null,
    subscribe: (kind, handler) => hub.subscribe(kind, handler),
    sendMatch: vi.fn((message: MatchMessage) => {
      (message.type === 'match_state' ? asks : sent).push(message);
      return answer(message);
    }),
  };
  return {
    value,
    sent,
    asks,
    answerWith(next: (message: MatchMessage) => Promise<void>) {
      answer = next;
    },
    push(message: Notify) {
      act(() => {
        hub.dispatch(message);
      });
    },
  };
}

function RoomProbe() {
  const { sessionId } = useParams();
  return <p>Room {sessionId}</p>;
}

function renderCard(realtime = fakeRealtime()) {
  render(
    <MemoryRouter initialEntries={['/dashboard']}>
      <RealtimeContext.Provider value={realtime.value}>
        <Routes>
          <Route path="/dashboard" element={<FindPartner defaultLanguage="java" />} />
          <Route path="/room/:sessionId" element={<RoomProbe />} />
        </Routes>
      </RealtimeContext.Provider>
    </MemoryRouter>,
  );
  return realtime;
}

const status = () => screen.getByRole('status');
const lastSent = (realtime: ReturnType<typeof fakeRealtime>) => realtime.sent.at(-1)!;

/** A notice for the request this tab sent, with a deadline `inS` seconds from now (the real clock). */
function queued(
  requestId: string,
  overrides: Partial<MatchQueuedNotice> = {},
  inS = 120,
): NotifyOf<'match.queued'> {
  const now = Date.now();
  return notice(
    'match.queued',
    {
      request_id: requestId,
      difficulty: 'medium',
      topics: ['Arrays'],
      language: 'java',
      deadline: new Date(now + inS * 1000).toISOString(),
      waiting: 3,
      same_topics: 1,
      estimate_s: 40,
      requeued: null,
      ...overrides,
    },
    new Date(now).toISOString(),
  );
}

function proposed(requestId: string): NotifyOf<'match.proposed'> {
  const now = Date.now();
  return notice(
    'match.proposed',
    {
      request_id: requestId,
      match_id: 'm-1',
      difficulty: 'medium',
      deadline: new Date(now + 15_000).toISOString(),
      partner_name: 'Grace Hopper',
      language: 'java',
    },
    new Date(now).toISOString(),
  );
}

/** Fills the form (Medium, Arrays) and submits it; returns the request id the tab made. */
async function search(realtime: ReturnType<typeof fakeRealtime>): Promise<string> {
  const user = userEvent.setup();
  await user.selectOptions(screen.getByLabelText(/^Difficulty/), 'medium');
  await user.click(await screen.findByLabelText('Arrays'));
  await user.click(screen.getByRole('button', { name: 'Find a partner' }));
  return (lastSent(realtime) as { request_id: string }).request_id;
}

beforeEach(() => {
  sessionStorage.clear();
  mockApi({ 'GET /api/questions/topics': () => json(200, topics) });
});

describe('the search form', () => {
  it('needs a difficulty, defaults to the profile language and any topic', async () => {
    const realtime = renderCard();
    expect(screen.getByLabelText('Language')).toHaveValue('java');
    expect(screen.getByLabelText('Any topic')).toBeChecked();
    expect(await screen.findByLabelText('Graphs')).not.toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Find a partner' }));
    expect(screen.getByText('Choose a difficulty.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Difficulty/)).toHaveFocus();
    expect(realtime.sent).toEqual([]);
  });

  it('sends match_request with a fresh UUID and the criteria, and is queued only once the queue says so', async () => {
    const realtime = fakeRealtime();
    let ack!: () => void;
    realtime.answerWith(() => new Promise((resolve) => (ack = resolve)));
    renderCard(realtime);
    const requestId = await search(realtime);
    expect(lastSent(realtime)).toEqual({
      v: 1,
      type: 'match_request',
      request_id: expect.stringMatching(UUID) as string,
      difficulty: 'medium',
      topics: ['Arrays'],
      language: 'java',
    });
    expect(status()).toHaveTextContent('Starting your search…');
    expect(screen.queryByTestId('match-countdown')).toBeNull();

    await act(async () => {
      ack();
    });
    expect(status()).toHaveTextContent('Searching for a partner…');
    expect(screen.getByText('Searching: Medium · Arrays · Java')).toBeInTheDocument();

    realtime.push(queued(requestId));
    expect(screen.getByTestId('match-countdown')).toHaveTextContent('Time left: 2:00');
    expect(screen.getByTestId('match-waiting')).toHaveTextContent('3 waiting at this difficulty, 1 shares your topics');
    expect(screen.getByText('Estimated wait ~40 seconds')).toBeInTheDocument();

    realtime.push(queued(requestId, { waiting: 5, same_topics: 2, estimate_s: null }));
    expect(screen.getByTestId('match-waiting')).toHaveTextContent('5 waiting at this difficulty, 2 share your topics');
    expect(screen.getByText('No estimate yet')).toBeInTheDocument();
  });

  it('says so when not connected, and does not pretend to be queued', async () => {
    const realtime = fakeRealtime('reconnecting');
    realtime.answerWith(() => Promise.reject(new SendError('not_connected')));
    renderCard(realtime);
    expect(screen.getByText(/Not connected to the live server/)).toBeInTheDocument();
    await search(realtime);
    await waitFor(() => {
      expect(status()).toHaveTextContent('You’re not connected to the server, so we could not start the search.');
    });
    expect(screen.queryByRole('button', { name: 'Cancel search' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Find a partner' })).toBeInTheDocument();
  });
});

describe('queued', () => {
  it('ignores another tab’s search; Cancel search sends match_cancel and goes back to the form', async () => {
    const realtime = renderCard();
    const requestId = await search(realtime);
    realtime.push(queued(requestId));
    realtime.push(queued(OTHER_TAB_ID, { waiting: 42 }));
    realtime.push(notice('match.withdrawn', { request_id: OTHER_TAB_ID, reason: 'replaced', session_id: null }));
    expect(screen.getByTestId('match-waiting')).toHaveTextContent('3 waiting');

    await userEvent.click(screen.getByRole('button', { name: 'Cancel search' }));
    expect(lastSent(realtime)).toEqual({ v: 1, type: 'match_cancel', request_id: requestId, difficulty: 'medium' });
    expect(await screen.findByRole('button', { name: 'Find a partner' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Difficulty/)).toHaveValue('medium');
  });

  it('back from a failed ready-check: the polite note, keeping its place', async () => {
    const realtime = renderCard();
    const requestId = await search(realtime);
    realtime.push(proposed(requestId));
    realtime.push(queued(requestId, { requeued: 'partner_missed' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(status()).toHaveTextContent('Your partner didn’t accept — you’re back in the queue, keeping your place.');
    expect(screen.getByTestId('match-countdown')).toHaveTextContent('Time left:');
  });

  it('withdrawn: replaced by another tab, or already in a session with a way back', async () => {
    const realtime = renderCard();
    let requestId = await search(realtime);
    realtime.push(notice('match.withdrawn', { request_id: requestId, reason: 'replaced', session_id: null }));
    expect(status()).toHaveTextContent('replaced by a newer search (another tab?)');

    requestId = await search(realtime);
    realtime.push(notice('match.withdrawn', { request_id: requestId, reason: 'in_session', session_id: 's-3' }));
    expect(status()).toHaveTextContent('You’re already in a session.');
    expect(screen.getByRole('link', { name: 'Rejoin your session' })).toHaveAttribute('href', '/room/s-3');
  });

  it('after a reload shows the stored search with its countdown, and cancel still works', async () => {
    const stored: MatchState = {
      phase: 'queued',
      request: { id: OTHER_TAB_ID, criteria: { difficulty: 'hard', topics: [], language: 'cpp' } },
      deadline: Date.now() + 65_000,
      figures: { waiting: 1, sameTopics: 1, estimateS: null },
      requeued: null,
      leaving: false,
      error: null,
    };
    sessionStorage.setItem(ACTIVE_KEY, JSON.stringify(stored));
    const realtime = renderCard();
    expect(screen.getByText('Searching: Hard · Any topic · C++')).toBeInTheDocument();
    expect(screen.getByTestId('match-countdown')).toHaveTextContent(/Time left: 1:0[45]/);
    expect(realtime.sent).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel search' }));
    expect(realtime.sent).toEqual([{ v: 1, type: 'match_cancel', request_id: OTHER_TAB_ID, difficulty: 'hard' }]);
    await waitFor(() => {
      expect(sessionStorage.getItem(ACTIVE_KEY)).toBeNull();
    });
  });

  it('on connecting asks where the stored search stands, and opens the ready-check proposed meanwhile', () => {
    const stored: MatchState = {
      phase: 'queued',
      request: { id: OTHER_TAB_ID, criteria: { difficulty: 'medium', topics: ['Arrays'], language: 'java' } },
      deadline: Date.now() + 65_000,
      figures: null,
      requeued: null,
      leaving: false,
      error: null,
    };
    sessionStorage.setItem(ACTIVE_KEY, JSON.stringify(stored));
    const realtime = renderCard();
    expect(realtime.asks).toEqual([
      { v: 1, type: 'match_state', request_id: expect.stringMatching(UUID) as string, following: OTHER_TAB_ID },
    ]);
    expect(realtime.sent).toEqual([]);
    realtime.push(
      notice('match.state', {
        ask_id: realtime.asks[0]!.request_id,
        difficulty: 'medium',
        state: 'ready_check',
        queued: queued(OTHER_TAB_ID).data,
        proposed: proposed(OTHER_TAB_ID).data,
        accepted: false,
        partner_accepted: true,
        following: OTHER_TAB_ID,
        following_ended: false,
      }),
    );
    expect(screen.getByRole('dialog', { name: 'Partner found' })).toHaveTextContent('Grace Hopper');
  });
});

describe('the ready-check', () => {
  it('a modal with focus on Accept; accept, partner, found, then the room of this match', async () => {
    const realtime = renderCard();
    const requestId = await search(realtime);
    realtime.push(queued(requestId));
    realtime.push(proposed(requestId));

    const dialog = screen.getByRole('dialog', { name: 'Partner found' });
    expect(dialog).toHaveTextContent('Grace Hopper is ready to practise with you');
    expect(within(dialog).getByTestId('match-countdown')).toHaveTextContent('15 seconds left to accept');
    expect(within(dialog).getByRole('button', { name: 'Accept' })).toHaveFocus();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(lastSent(realtime)).toEqual({
      v: 1,
      type: 'match_accept',
      request_id: requestId,
      match_id: 'm-1',
      difficulty: 'medium',
    });
    expect(dialog).toHaveTextContent('You accepted — waiting for your partner…');
    realtime.push(notice('match.partner_accepted', { request_id: requestId, match_id: 'm-1' }));
    expect(dialog).toHaveTextContent('You both accepted');

    realtime.push(notice('match.found', { request_id: requestId, match_id: 'm-1', partner_name: 'Grace Hopper' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(status()).toHaveTextContent('Matched with Grace Hopper — preparing your room…');

    realtime.push(notice('session.started', { session_id: 's-other', match_id: 'm-9', slug: 'x', language: 'java' }));
    expect(status()).toHaveTextContent('Matched with Grace Hopper');
    realtime.push(notice('session.started', { session_id: 's-9', match_id: 'm-1', slug: 'two-sum', language: 'java' }));
    expect(await screen.findByText('Room s-9')).toBeInTheDocument();
    expect(loadRoom(sessionStorage, 's-9')).toEqual({ slug: 'two-sum', language: 'java' });
    expect(sessionStorage.getItem(ACTIVE_KEY)).toBeNull();
  });

  it('counts down in text, and Escape declines with match_cancel', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const realtime = renderCard();
    const requestId = await search(realtime);
    realtime.push(proposed(requestId));
    const countdown = within(screen.getByRole('dialog')).getByTestId('match-countdown');
    expect(countdown).toHaveTextContent('15 seconds left to accept');
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(countdown).toHaveTextContent('10 seconds left to accept');

    // jsdom has no modal behaviour: Escape on a modal <dialog> is the browser firing `cancel` at it.
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }));
    expect(lastSent(realtime)).toEqual({ v: 1, type: 'match_cancel', request_id: requestId, difficulty: 'medium' });
    expect(await screen.findByRole('button', { name: 'Find a partner' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('timed out', () => {
  it('nobody matched: try again, or widen by choice, and the new search says what it asks', async () => {
    const realtime = renderCard();
    const first = await search(realtime);
    realtime.push(notice('match.timed_out', { request_id: first, reason: 'no_partner' }));
    expect(status()).toHaveTextContent('Nobody matched in time.');
    const names = ['Try again', 'Any topic', 'Try Easy', 'Try Hard'];
    for (const name of names) expect(screen.getByRole('button', { name })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Any topic' }));
    const widened = lastSent(realtime) as { request_id: string; topics: string[]; difficulty: string };
    expect(widened).toMatchObject({ type: 'match_request', topics: [], difficulty: 'medium', language: 'java' });
    expect(widened.request_id).not.toBe(first);
    expect(await screen.findByText('Searching: Medium · Any topic · Java')).toBeInTheDocument();
  });

  it('a missed ready-check offers only Try again, with the same criteria', async () => {
    const realtime = renderCard();
    const first = await search(realtime);
    realtime.push(notice('match.timed_out', { request_id: first, reason: 'missed_ready_check' }));
    expect(status()).toHaveTextContent('You missed a match (you didn’t accept in time).');
    expect(screen.queryByRole('button', { name: 'Any topic' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(lastSent(realtime)).toMatchObject({ type: 'match_request', topics: ['Arrays'], difficulty: 'medium' });
  });
});
