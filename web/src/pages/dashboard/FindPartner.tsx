// The "Find a partner" card: the form, then the search as the machine (../../match/machine.ts) says it stands.
// What changes the phase is said in the one role="status" region; the ticking countdown stays outside it, so
// a screen reader is not read every second.
import { useState } from 'react';
import { Link } from 'react-router';
import type { MatchState } from '../../match/machine';
import { useMatch } from '../../match/useMatch';
import {
  describeCriteria,
  describeEstimate,
  describeFigures,
  idleText,
  requeueText,
  sendFailureText,
} from '../../match/text';
import { retryOptions } from '../../match/widen';
import { useRealtime } from '../../realtime/context';
import { Button } from '../../ui/Button';
import { Spinner } from '../../ui/Spinner';
import { Countdown, queueTime } from './Countdown';
import { type Draft, MatchForm } from './MatchForm';
import { ReadyCheck } from './ReadyCheck';

/** The status region's words for a phase. */
function statusText(state: MatchState): string | null {
  switch (state.phase) {
    case 'idle':
      return idleText(state.note);
    case 'sending':
      return 'Starting your search…';
    case 'queued':
      if (state.leaving) return 'Cancelling your search…';
      return state.requeued !== null ? requeueText(state.requeued) : 'Searching for a partner…';
    case 'proposed':
      if (state.leaving) return 'Declining…';
      return state.accepted ? 'You accepted — waiting for your partner…' : 'Partner found: accept to start.';
    case 'found':
      return `Matched with ${state.partnerName ?? 'your partner'} — preparing your room…`;
    case 'timed_out':
      return state.reason === 'no_partner'
        ? 'Nobody matched in time.'
        : 'You missed a match (you didn’t accept in time).';
    case 'started':
      return 'Opening your room…';
  }
}

function Queued({ state, onCancel }: { state: Extract<MatchState, { phase: 'queued' }>; onCancel: () => void }) {
  const { criteria } = state.request;
  return (
    <div className="match-panel">
      <p className="match-criteria">Searching: {describeCriteria(criteria)}</p>
      {state.deadline === null ? (
        <p className="match-countdown" data-testid="match-countdown">
          Joining the queue…
        </p>
      ) : (
        <Countdown key={state.deadline} deadline={state.deadline} format={queueTime} />
      )}
      <p data-testid="match-waiting">
        {state.figures === null
          ? 'Counting who’s waiting…'
          : describeFigures(state.figures, criteria.topics.length === 0)}
      </p>
      {state.figures !== null && <p className="field__hint">{describeEstimate(state.figures.estimateS)}</p>}
      {state.error !== null && (
        <p className="field__error" role="alert">
          {sendFailureText(state.error, 'cancel the search')}
        </p>
      )}
      <div>
        <Button variant="secondary" loading={state.leaving} onClick={onCancel}>
          Cancel search
        </Button>
      </div>
    </div>
  );
}

export function FindPartner({ defaultLanguage }: { defaultLanguage: Draft['language'] }) {
  const { state: connection } = useRealtime();
  const { state, find, cancel, accept, dismiss } = useMatch();
  const [draft, setDraft] = useState<Draft>({ difficulty: '', topics: [], language: defaultLanguage });
  const message = statusText(state);
  const tone = state.phase === 'idle' && state.note?.kind === 'send_failed' ? 'error' : 'info';

  return (
    <section className="card" aria-labelledby="find-title">
      <div className="card__header">
        <h2 id="find-title">Find a partner</h2>
        <p>Choose a difficulty, topics and a language, and we’ll match you live with another student.</p>
      </div>
      <div role="status" className={`status status--${tone}`}>
        {message !== null && <span>{message}</span>}
      </div>
      {state.phase === 'idle' && state.note?.kind === 'in_session' && state.note.sessionId !== null && (
        <p>
          <Link to={`/room/${encodeURIComponent(state.note.sessionId)}`}>Rejoin your session</Link>
        </p>
      )}
      {state.phase === 'idle' && (
        <>
          {connection !== 'connected' && (
            <p className="field__hint">Not connected to the live server: a search can start once it is back.</p>
          )}
          <MatchForm draft={draft} onChange={setDraft} onSubmit={find} />
        </>
      )}
      {(state.phase === 'sending' || state.phase === 'found' || state.phase === 'started') && (
        <p className="match-progress">
          <Spinner /> {state.phase === 'sending' ? describeCriteria(state.request.criteria) : 'Almost there'}
        </p>
      )}
      {state.phase === 'queued' && <Queued state={state} onCancel={cancel} />}
      {state.phase === 'proposed' && (
        <>
          <p className="match-criteria">{describeCriteria(state.request.criteria)}</p>
          <ReadyCheck
            proposal={state}
            errorText={state.error === null ? null : sendFailureText(state.error, 'send your answer')}
            onAccept={accept}
            onDecline={cancel}
          />
        </>
      )}
      {state.phase === 'timed_out' && (
        <div className="match-panel">
          <p className="match-criteria">Last search: {describeCriteria(state.request.criteria)}</p>
          <div className="form-actions match-retry">
            {retryOptions(state.request.criteria, state.reason).map((option) => (
              <Button
                key={option.label}
                variant={option.label === 'Try again' ? 'primary' : 'secondary'}
                title={`Search again: ${describeCriteria(option.criteria)}`}
                onClick={() => {
                  setDraft({ ...option.criteria });
                  find(option.criteria);
                }}
              >
                {option.label}
              </Button>
            ))}
            <Button variant="ghost" onClick={dismiss}>
              Change search
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
