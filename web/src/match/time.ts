// Countdown math. A deadline is turned into this tab's clock through the notice's `sent_at`: what is left is
// `deadline - sent_at` on the server's clock, counted from when the notice arrived here, so a tab whose clock
// is off by minutes still shows the right 15 seconds.

/** Epoch ms on this tab's clock when `deadline` (ISO) passes; the deadline as written when sent_at is bad. */
export function localDeadline(deadline: string, sentAt: string, receivedAt: number): number | null {
  const end = Date.parse(deadline);
  if (Number.isNaN(end)) return null;
  const sent = Date.parse(sentAt);
  if (Number.isNaN(sent)) return end;
  return receivedAt + Math.max(0, end - sent);
}

/** Whole seconds left, rounded up (it reads 1 until the very end), never below 0. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** 75 -> "1:15", 9 -> "0:09". */
export function formatCountdown(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(whole / 60))}:${String(whole % 60).padStart(2, '0')}`;
}
