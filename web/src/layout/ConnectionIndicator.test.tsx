import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CONNECTION_LABELS, ConnectionIndicator, type ConnectionState } from './ConnectionIndicator';

describe('ConnectionIndicator', () => {
  it.each<[ConnectionState, string]>([
    ['connecting', 'Connecting…'],
    ['connected', 'Connected'],
    ['reconnecting', 'Reconnecting…'],
    ['offline', 'Offline'],
  ])('shows %s as "%s", in a polite live region', (state, label) => {
    render(<ConnectionIndicator state={state} />);
    const indicator = screen.getByTestId('connection-status');
    expect(indicator).toHaveTextContent(label);
    expect(indicator).toHaveAttribute('data-state', state);
    expect(CONNECTION_LABELS[state]).toBe(label);
    const live = screen.getByText(label);
    expect(live).toHaveAttribute('aria-live', 'polite');
    // Not a `status` role: pages own that role for their own messages.
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows the round trip when connected, outside the live region', () => {
    const { rerender } = render(<ConnectionIndicator state="connected" rtt={41.6} />);
    expect(screen.getByTestId('connection-status')).toHaveTextContent('Connected42 ms');
    expect(screen.getByText('42 ms')).not.toHaveAttribute('aria-live');
    rerender(<ConnectionIndicator state="reconnecting" rtt={42} />);
    expect(screen.queryByText('42 ms')).not.toBeInTheDocument();
  });
});
