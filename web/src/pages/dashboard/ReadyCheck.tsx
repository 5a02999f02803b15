import type { MatchState } from '../../match/machine';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Countdown, acceptTime } from './Countdown';

type Proposed = Extract<MatchState, { phase: 'proposed' }>;

/** The ready-check: a modal with its countdown in words; focus starts at Accept, Escape declines. */
export function ReadyCheck({
  proposal,
  errorText,
  onAccept,
  onDecline,
}: {
  proposal: Proposed;
  errorText: string | null;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const partner = proposal.partnerName ?? 'A partner';
  return (
    <Dialog open={!proposal.leaving} title="Partner found" onClose={onDecline}>
      <p>
        <strong>{partner}</strong> is ready to practise with you. Accept to start the session.
      </p>
      <Countdown key={proposal.deadline} deadline={proposal.deadline} format={acceptTime} />
      <p aria-live="polite">
        {proposal.accepted && !proposal.partnerAccepted && 'You accepted — waiting for your partner…'}
        {proposal.accepted && proposal.partnerAccepted && 'You both accepted — opening the room…'}
        {!proposal.accepted && proposal.partnerAccepted && 'Your partner accepted.'}
      </p>
      {errorText !== null && (
        <p className="field__error" role="alert">
          {errorText}
        </p>
      )}
      <div className="form-actions">
        <Button data-autofocus loading={proposal.accepted} onClick={onAccept}>
          Accept
        </Button>
        <Button variant="secondary" onClick={onDecline}>
          Decline
        </Button>
      </div>
    </Dialog>
  );
}
