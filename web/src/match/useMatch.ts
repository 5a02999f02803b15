// The machine wired to the realtime connection: notices in, messages out, the search kept across a reload,
// and the room opened when this tab's session starts.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useRealtime } from '../realtime/context';
import { SendError, type SendFailure } from '../realtime/replies';
import { type Criteria, type MatchState, MATCH_NOTICE_KINDS, activeRequest, reduce } from './machine';
import { acceptMessage, cancelMessage, requestMessage } from './messages';
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
  const { subscribe, sendMatch } = useRealtime();
  const navigate = useNavigate();
  const [state, dispatch] = useReducer(reduce, undefined, () => restoreActive(sessionStorage, Date.now()));
  const stateRef = useRef(state);

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
