import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTH_CHANNEL, AUTH_STORAGE_KEY, type AuthChannel, type AuthMessage, openAuthChannel } from './channel';

const open: (AuthChannel | BroadcastChannel)[] = [];

afterEach(() => {
  for (const channel of open.splice(0)) channel.close();
});

function listen() {
  const received: AuthMessage[] = [];
  const onMessage = vi.fn((message: AuthMessage) => {
    received.push(message);
  });
  open.push(openAuthChannel(onMessage));
  return { received, onMessage };
}

function storage(key: string, newValue: string | null) {
  window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
}

describe('auth channel', () => {
  // Each case ends with a message that must arrive: it comes after the ones to ignore, in the same order, so
  // once it is handled the others were seen and dropped.
  it('ignores storage events under other keys, removals and malformed values', async () => {
    const { received, onMessage } = listen();
    storage('other', '{"type":"logout"}');
    storage(AUTH_STORAGE_KEY, null);
    storage(AUTH_STORAGE_KEY, 'not json');
    storage(AUTH_STORAGE_KEY, '{"type":"something-else"}');
    storage(AUTH_STORAGE_KEY, JSON.stringify({ type: 'deleted', at: 1 }));
    await vi.waitFor(() => {
      expect(onMessage).toHaveBeenCalled();
    });
    expect(received).toEqual([{ type: 'deleted' }]);
  });

  it('ignores broadcasts of unknown types', async () => {
    const { received, onMessage } = listen();
    const otherTab = new BroadcastChannel(AUTH_CHANNEL);
    open.push(otherTab);
    otherTab.postMessage({ type: 'something-else' });
    otherTab.postMessage('logout');
    otherTab.postMessage({ type: 'logout' });
    await vi.waitFor(() => {
      expect(onMessage).toHaveBeenCalled();
    });
    expect(received).toEqual([{ type: 'logout' }]);
  });
});
