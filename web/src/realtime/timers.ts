import type { Clock } from './types';

/** One timer per name on an injected clock: setting a name again replaces its timer. */
export class NamedTimers<Name extends string> {
  private readonly clock: Clock;
  private readonly handles = new Map<Name, unknown>();

  constructor(clock: Clock) {
    this.clock = clock;
  }

  set(name: Name, ms: number, callback: () => void): void {
    this.clear(name);
    this.handles.set(
      name,
      this.clock.setTimeout(() => {
        this.handles.delete(name);
        callback();
      }, ms),
    );
  }

  clear(name: Name): void {
    if (!this.handles.has(name)) return;
    this.clock.clearTimeout(this.handles.get(name));
    this.handles.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.handles.keys()]) this.clear(name);
  }
}
