import type { RealtimeState } from '../realtime/types';

/** The states the header shows; a closed client (signed out) shows nothing. */
export type ConnectionState = Exclude<RealtimeState, 'closed'>;

/** The indicator's text, also its accessible name: browser tests may rely on these. */
export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/**
 * The live connection's state in the header: a coloured dot (decoration only) and its label, which narrow
 * screens hide visually but screen readers still read. The label is a polite live region, so a drop and a
 * recovery are announced; the round trip sits outside it, so its updates are not.
 */
export function ConnectionIndicator({ state, rtt = null }: { state: ConnectionState; rtt?: number | null }) {
  const showRtt = state === 'connected' && rtt !== null;
  return (
    <span className="conn" data-state={state} data-testid="connection-status">
      <span className="conn__dot" aria-hidden="true" />
      <span className="hide-narrow" aria-live="polite" aria-atomic="true">
        {CONNECTION_LABELS[state]}
      </span>
      {showRtt && (
        <span className="conn__rtt hide-narrow" title="Round trip to the server">
          {Math.round(rtt)} ms
        </span>
      )}
    </span>
  );
}
