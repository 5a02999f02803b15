import { describe, expect, it } from 'vitest';
import { formatCountdown, localDeadline, secondsLeft } from './time';

describe('countdowns', () => {
  const sent = '2030-01-01T00:00:00Z';
  const deadline = '2030-01-01T00:00:15Z';

  it('counts what the server left from when the notice arrived, whatever this clock says', () => {
    const arrivedBySkewedClock = Date.parse('2029-12-31T23:58:00Z'); // two minutes slow
    expect(localDeadline(deadline, sent, arrivedBySkewedClock)).toBe(arrivedBySkewedClock + 15_000);
    // A deadline already behind sent_at leaves nothing, not negative time.
    expect(localDeadline(sent, deadline, 1000)).toBe(1000);
  });

  it('falls back to the deadline as written when sent_at is unreadable; null for a bad deadline', () => {
    expect(localDeadline(deadline, 'x', 0)).toBe(Date.parse(deadline));
    expect(localDeadline('soon', sent, 0)).toBeNull();
  });

  it('rounds seconds up until the very end and never goes below zero', () => {
    expect(secondsLeft(15_000, 0)).toBe(15);
    expect(secondsLeft(15_000, 1)).toBe(15);
    expect(secondsLeft(15_000, 14_001)).toBe(1);
    expect(secondsLeft(15_000, 15_000)).toBe(0);
    expect(secondsLeft(15_000, 99_000)).toBe(0);
  });

  it('formats minutes and seconds', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(9)).toBe('0:09');
    expect(formatCountdown(75)).toBe('1:15');
    expect(formatCountdown(600)).toBe('10:00');
  });
});
