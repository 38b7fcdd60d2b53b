/**
 * Time as the cluster sees it. Everything that reads "now" (timestamps, grace periods, controller delays)
 * goes through a Clock so tests and, later, virtual-time clusters can move time without sleeping.
 */
export interface Clock {
  now(): number;
}

export const realClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
