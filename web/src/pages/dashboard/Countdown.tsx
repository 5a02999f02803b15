import { formatCountdown, secondsLeft } from '../../match/time';
import { useNow } from '../../match/useNow';

/**
 * The time left to `deadline`, in words, ticking. Give it `key={deadline}`: it reads the clock when it mounts,
 * so a new deadline never shows against a stale clock.
 */
export function Countdown({ deadline, format }: { deadline: number; format: (seconds: number) => string }) {
  const now = useNow(true);
  return (
    <p className="match-countdown" data-testid="match-countdown">
      {format(secondsLeft(deadline, now))}
    </p>
  );
}

export const queueTime = (seconds: number) => `Time left: ${formatCountdown(seconds)}`;

export const acceptTime = (seconds: number) =>
  seconds > 0 ? `${String(seconds)} ${seconds === 1 ? 'second' : 'seconds'} left to accept` : 'Time is up';
