import { describe, expect, it } from 'vitest';
import type { Criteria } from './machine';
import { describeCriteria, describeEstimate, describeFigures, idleText, requeueText, sendFailureText } from './text';

const medium: Criteria = { difficulty: 'medium', topics: ['Arrays'], language: 'java' };

describe('the words', () => {
  it('says what a search asks for', () => {
    expect(describeCriteria(medium)).toBe('Medium · Arrays · Java');
    expect(describeCriteria({ ...medium, topics: [], language: 'cpp' })).toBe('Medium · Any topic · C++');
  });

  it('says who is waiting, and how long it may take', () => {
    expect(describeFigures({ waiting: 3, sameTopics: 1, estimateS: 20 }, false)).toBe(
      '3 waiting at this difficulty, 1 shares your topics',
    );
    expect(describeFigures({ waiting: 3, sameTopics: 2, estimateS: 20 }, false)).toBe(
      '3 waiting at this difficulty, 2 share your topics',
    );
    expect(describeFigures({ waiting: 0, sameTopics: 0, estimateS: null }, true)).toBe('0 waiting at this difficulty');
    expect(describeEstimate(null)).toBe('No estimate yet');
    expect(describeEstimate(45)).toBe('Estimated wait ~45 seconds');
  });

  it('explains a requeue and each way a search ended', () => {
    expect(requeueText('partner_missed')).toBe(
      'Your partner didn’t accept — you’re back in the queue, keeping your place.',
    );
    expect(requeueText('partner_unavailable')).toMatch(/no longer available/);
    expect(idleText({ kind: 'replaced' })).toMatch(/replaced by a newer search \(another tab\?\)/);
    expect(idleText({ kind: 'in_session', sessionId: 's' })).toBe('You’re already in a session.');
    expect(idleText({ kind: 'send_failed', code: 'not_connected' })).toMatch(/not connected/);
    expect(idleText(null)).toBeNull();
    expect(sendFailureText('timeout', 'cancel the search')).toMatch(/did not confirm it in time: we could not cancel/);
    expect(sendFailureText('invalid_message', 'start the search')).toMatch(/refused it \(invalid_message\)/);
    expect(sendFailureText('unavailable', 'start the search')).toMatch(/Nothing was queued/);
  });
});
