import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import { isAbort, toApiError } from './errors';

export type AsyncState<T> =
  | { status: 'loading'; data: undefined; error: null }
  | { status: 'success'; data: T; error: null }
  | { status: 'error'; data: undefined; error: ApiError };

export type AsyncResult<T> = AsyncState<T> & { reload: () => void };

const LOADING = { status: 'loading', data: undefined, error: null } as const;

interface Settled<T> {
  token: string;
  state: AsyncState<T>;
}

/**
 * The one way the UI reads from the server: loading, data or error, aborted when the component goes away
 * or the key changes. `key` names what is loaded; a new key (or reload) loads again.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): AsyncResult<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const token = `${key}#${String(attempt)}`;

  useEffect(() => {
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ token, state: { status: 'success', data, error: null } });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        setSettled({ token, state: { status: 'error', data: undefined, error: toApiError(error) } });
      },
    );
    return () => {
      controller.abort();
    };
  }, [token]);

  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  const state: AsyncState<T> = settled?.token === token ? settled.state : LOADING;
  return { ...state, reload };
}
