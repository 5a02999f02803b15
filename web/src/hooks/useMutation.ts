import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import { toApiError } from './errors';

export type MutationStatus = 'idle' | 'pending' | 'success' | 'error';

export interface MutationState<R> {
  status: MutationStatus;
  data: R | undefined;
  error: ApiError | null;
}

export type MutationResult<R> = { ok: true; data: R } | { ok: false; error: ApiError };

export interface Mutation<A extends unknown[], R> extends MutationState<R> {
  /** Runs the action. Never rejects: the result says how it went, and so does the state. */
  run: (...args: A) => Promise<MutationResult<R>>;
  reset: () => void;
  pending: boolean;
}

const IDLE = { status: 'idle', data: undefined, error: null } as const;

/** The one way the UI runs a write: pending, success and error states without ad-hoc flags per page. */
export function useMutation<A extends unknown[], R>(action: (...args: A) => Promise<R>): Mutation<A, R> {
  const [state, setState] = useState<MutationState<R>>(IDLE);
  const mounted = useRef(true);
  const actionRef = useRef(action);
  useEffect(() => {
    actionRef.current = action;
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<MutationResult<R>> => {
    setState({ status: 'pending', data: undefined, error: null });
    try {
      const data = await actionRef.current(...args);
      if (mounted.current) setState({ status: 'success', data, error: null });
      return { ok: true, data };
    } catch (caught) {
      const error = toApiError(caught);
      if (mounted.current) setState({ status: 'error', data: undefined, error });
      return { ok: false, error };
    }
  }, []);

  const reset = useCallback(() => {
    setState(IDLE);
  }, []);

  return { ...state, run, reset, pending: state.status === 'pending' };
}
