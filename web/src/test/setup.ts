import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { clearSession, SIGNED_IN_KEY } from '../auth/session';
import { FakeWebSocket } from './ws';

// jsdom has no modal dialogs and no scrolling: the smallest stand-ins that keep the real code paths.
if (typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
window.scrollTo = () => undefined;

// `findBy…` and `waitFor` wait for an event up to this ceiling (the library's default is 1 s). A page's first
// visit in a test file loads its lazy chunk, Markdown parser and all; on a machine busy with other test runs
// that alone took 1.5-1.8 s. A longer ceiling makes no passing test slower: each wait ends at its event.
configure({ asyncUtilTimeout: 3000 });
Element.prototype.scrollIntoView = () => undefined;

beforeEach(() => {
  // No test reaches a real gateway: every socket the app opens is a FakeWebSocket the test can drive.
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  clearSession();
  localStorage.clear();
  // As for someone who signed in before: the app tries the refresh cookie on load (tests route its answer).
  localStorage.setItem(SIGNED_IN_KEY, '1');
  delete document.documentElement.dataset.theme;
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
