// The machine wired to the realtime connection: notices in, messages out, the search kept across a reload,
// a state request after every (re)connect (what was missed while away, or the live search after a reload),
// and the room opened when this tab's session starts.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useRealtime } from '../realtime/context';
import { SendError, type SendFailure } from '../realtime/replies';
import { type Criteria, type MatchState, MATCH_NOTICE_KINDS, activeRequest, reduce } from './machine';
import { acceptMessage, cancelMessage, requestMessage, stateMessage } from './messages';
import { restoreActive, saveActive, saveRoom } from './storage';

function failure(error: unknown): SendFailure {
  return error instanceof SendError ? error.code : 'disconnected';
}

export interface MatchControls {
  state: MatchState;
  find: (criteria: Criteria) => void;
  cancel: () => void;
  accept: () => void;
  dismiss: () => void;
}

export function useMatch(): MatchControls {
  const { state: connection, subscribe, sendMatch } = useRealtime();
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(reduce, undefined, () => restoreActive(sessionStorage, Date.now()));
  const stateRef = useRef(state);
  const asks = useRef(new Set<string>());
  // The context's sendMatch changes with every round-trip figure: the ask follows the connection only.
  const sendRef = useRef(sendMatch);

  useEffect(() => {
    stateRef.current = state;
    saveActive(sessionStorage, state);
    if (state.phase === 'started') {
      saveRoom(sessionStorage, state.sessionId, { slug: state.slug, language: state.language });
      void navigate(`/room/${encodeURIComponent(state.sessionId)}`);
    }
  }, [state, navigate]);

  useEffect(() => {
    const offs = MATCH_NOTICE_KINDS.map((kind) =>
      subscribe(kind, (message) => {
        dispatch({ type: 'notice', message, receivedAt: Date.now() });
      }),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [subscribe]);

  useEffect(() => {
    sendRef.current = sendMatch;
  }, [sendMatch]);

  useEffect(
    () =>
      subscribe('match.state', (message) => {
        const askId = (message.data as { ask_id?: unknown }).ask_id;
        const mine = typeof askId === 'string' && asks.current.has(askId);
        dispatch({ type: 'state', message, receivedAt: Date.now(), mine });
      }),
    [subscribe],
  );

  useEffect(() => {
    if (connection !== 'connected') return;
    // Each (re)connect: pushes sent while the socket was down are lost, so ask where the search stands.
    const askId = crypto.randomUUID();
    asks.current.add(askId);
    sendRef.current(stateMessage(askId, activeRequest(stateRef.current))).catch(() => {
      asks.current.delete(askId); // not asked: the next reconnect asks again
    });
  }, [connection]);

  const find = useCallback(
    (criteria: Criteria) => {
      const request = { id: crypto.randomUUID(), criteria };
      dispatch({ type: 'submit', request });
      sendMatch(requestMessage(request)).then(
        () => dispatch({ type: 'request_sent', requestId: request.id }),
        (error: unknown) => dispatch({ type: 'request_failed', requestId: request.id, code: failure(error) }),
      );
    },
    [sendMatch],
  );

  const cancel = useCallback(() => {
    const current = stateRef.current;
    const request = activeRequest(current);
    if (request === null || (current.phase !== 'queued' && current.phase !== 'proposed') || current.leaving) return;
    dispatch({ type: 'cancel' });
    sendMatch(cancelMessage(request)).then(
      () => dispatch({ type: 'cancel_sent', requestId: request.id }),
      (error: unknown) => dispatch({ type: 'cancel_failed', requestId: request.id, code: failure(error) }),
    );
  }, [sendMatch]);

  const accept = useCallback(() => {
    const current = stateRef.current;
    if (current.phase !== 'proposed' || current.accepted || current.leaving) return;
    dispatch({ type: 'accept' });
    sendMatch(acceptMessage(current.request, current.matchId)).catch((error: unknown) => {
      dispatch({ type: 'accept_failed', requestId: current.request.id, code: failure(error) });
    });
  }, [sendMatch]);

  const dismiss = useCallback(() => dispatch({ type: 'dismiss' }), []);

  return { state, find, cancel, accept, dismiss };
}
