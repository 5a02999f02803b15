import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { AsyncResult } from '../hooks/useAsync';
import { Button } from './Button';
import { AlertIcon, CheckIcon } from './icons';
import { Loading } from './Spinner';

export type Tone = 'success' | 'error' | 'info';

/**
 * An inline status line. The live region is always in the page, so a message that appears in it is read
 * out; pass null for no message.
 */
export function StatusMessage({ tone = 'success', children }: { tone?: Tone; children: ReactNode }) {
  const has = children !== null && children !== undefined && children !== false;
  return (
    <div role="status" className={`status status--${tone}`}>
      {has && tone === 'success' && <CheckIcon size={18} />}
      {has && tone === 'error' && <AlertIcon size={18} />}
      {has && <span>{children}</span>}
    </div>
  );
}

export function ErrorState({
  title = 'Something went wrong',
  error,
  onRetry,
}: {
  title?: string;
  error: ApiError | Error;
  onRetry?: () => void;
}) {
  return (
    <div className="error-state" role="alert">
      <h2>{title}</h2>
      <p>{error.message}</p>
      {onRetry && (
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

/** Loading, error with a retry, or the data: the one way pages show what they read from the server. */
export function AsyncContent<T>({
  result,
  loadingLabel,
  errorTitle,
  children,
}: {
  result: AsyncResult<T>;
  loadingLabel?: string;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}) {
  if (result.status === 'loading') return <Loading {...(loadingLabel ? { label: loadingLabel } : {})} />;
  if (result.status === 'error') {
    return <ErrorState error={result.error} onRetry={result.reload} {...(errorTitle ? { title: errorTitle } : {})} />;
  }
  return <>{children(result.data)}</>;
}
