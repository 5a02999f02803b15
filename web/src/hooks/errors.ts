import { ApiError } from '../api/client';

/** Any thrown value as an ApiError, so every status component deals with one shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'http_error', 'Something went wrong. Please try again.');
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
