// Match messages waiting for the gateway's answer. An `ack` names its `request_id`; an `error` about a match
// message names it in `details.request_id` (docs/api-matching.md), and one that does not goes to the oldest
// message still waiting, as the gateway answers the messages of one socket in order.
import type { ErrorCode } from './protocol';
import type { Clock } from './types';

/** Why a match message did not reach the match service: the gateway's error code, or the client's own. */
export type SendFailure = ErrorCode | 'not_connected' | 'disconnected' | 'timeout';

export class SendError extends Error {
  readonly code: SendFailure;

  constructor(code: SendFailure, message: string = code) {
    super(message);
    this.name = 'SendError';
    this.code = code;
  }
}

interface Waiting {
  requestId: string;
  resolve: () => void;
  reject: (error: SendError) => void;
  timer: unknown;
}

export class PendingReplies {
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private waiting: Waiting[] = [];

  constructor(clock: Clock, timeoutMs: number) {
    this.clock = clock;
    this.timeoutMs = timeoutMs;
  }

  /** Settles when the answer for `requestId` comes, or rejects with 'timeout' when none comes in time. */
  wait(requestId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = { requestId, resolve, reject, timer: null };
      entry.timer = this.clock.setTimeout(() => {
        this.take(entry)?.reject(new SendError('timeout', 'The server did not answer in time.'));
      }, this.timeoutMs);
      this.waiting.push(entry);
    });
  }

  ack(requestId: string): void {
    this.take(this.waiting.find((entry) => entry.requestId === requestId))?.resolve();
  }

  error(code: ErrorCode, message: string, requestId?: unknown): void {
    const named = this.waiting.find((entry) => entry.requestId === requestId);
    this.take(named ?? this.waiting[0])?.reject(new SendError(code, message));
  }

  /** The socket went away: no answer will come for anything sent on it. */
  failAll(code: SendFailure): void {
    for (const entry of [...this.waiting]) this.take(entry)?.reject(new SendError(code));
  }

  private take(entry: Waiting | undefined): Waiting | undefined {
    if (entry === undefined || !this.waiting.includes(entry)) return undefined;
    this.waiting = this.waiting.filter((other) => other !== entry);
    this.clock.clearTimeout(entry.timer);
    return entry;
  }
}
