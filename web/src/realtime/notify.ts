// `notify` messages to their subscribers, each notification once: the gateway drops redeliveries it has seen,
// but a reconnect to another gateway instance can bring one again.
import type { Notify, NotifyKind, NotifyOf } from './protocol';

/** `subscribe(ANY_KIND, handler)` receives every kind. */
export const ANY_KIND = '*';
export type NotifyTopic = NotifyKind | typeof ANY_KIND;
/** A subscriber of `kind`: it is handed that kind's `notify`, typed. */
export type NotifyHandler<K extends NotifyTopic = NotifyTopic> = (message: NotifyOf<K>) => void;
export type Subscribe = <K extends NotifyTopic>(kind: K, handler: NotifyHandler<K>) => () => void;
type AnyHandler = (message: Notify) => void;
/** How many recent notification ids are remembered. */
export const DEDUPE_WINDOW = 500;

export class NotifyDispatcher {
  private readonly handlers = new Map<NotifyTopic, Set<AnyHandler>>();
  // Insertion-ordered: the oldest id is the first one, dropped once the window is full.
  private readonly seen = new Set<string>();

  readonly subscribe: Subscribe = (kind, handler) => {
    let set = this.handlers.get(kind);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(kind, set);
    }
    // Only messages of `kind` reach the handlers stored under it (dispatch below), so it takes any of them.
    const stored = handler as AnyHandler;
    set.add(stored);
    return () => set.delete(stored);
  };

  dispatch(message: Notify): void {
    if (this.seen.has(message.notification_id)) return;
    this.seen.add(message.notification_id);
    if (this.seen.size > DEDUPE_WINDOW) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    const handlers = [...(this.handlers.get(message.kind) ?? []), ...(this.handlers.get(ANY_KIND) ?? [])];
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        // One failing subscriber must not keep the message from the others, nor break the socket.
        console.error('realtime notify handler failed', error);
      }
    }
  }
}
