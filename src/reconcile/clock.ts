/**
 * Time as the cluster sees it. Everything that reads "now" (timestamps, grace periods, controller delays,
 * probe and back-off deadlines, cron fire times) goes through a Clock so time can move without sleeping.
 *
 * A cluster's clock has two modes:
 * - `real`: wall-clock time plus an offset. Advancing adds to the offset, so a learner can skip a CronJob's
 *   hour and everything else keeps flowing in real time afterwards.
 * - `virtual`: time stands still until advanced. Tests and scripted tutorials use it: nothing happens "later"
 *   unless someone moves the clock, so every run is the same.
 */
export interface Clock {
  now(): number;
}

export type ClockMode = "real" | "virtual";

export interface ClockState {
  mode: ClockMode;
  /** real mode: added to Date.now(). */
  offsetMs: number;
  /** virtual mode: the frozen instant. */
  virtualMs: number;
}

/** The clock of one cluster; `persist` is told every change so the mode and time survive restarts. */
export class ClusterClock implements Clock {
  private state: ClockState;

  constructor(
    state: ClockState | undefined,
    private readonly persist: (s: ClockState) => void,
    private readonly wall: () => number = Date.now,
  ) {
    this.state = state ?? { mode: "real", offsetMs: 0, virtualMs: 0 };
  }

  get mode(): ClockMode {
    return this.state.mode;
  }

  now(): number {
    return this.state.mode === "virtual" ? this.state.virtualMs : this.wall() + this.state.offsetMs;
  }

  /** Moves the clock forward to `t` (never backwards: time in a cluster is monotonic). */
  set(t: number): void {
    if (t <= this.now()) return;
    if (this.state.mode === "virtual") this.state = { ...this.state, virtualMs: t };
    else this.state = { ...this.state, offsetMs: t - this.wall() };
    this.persist(this.state);
  }

  /** Switches mode keeping the current instant: freezing keeps "now", thawing resumes flow from it. */
  setMode(mode: ClockMode): void {
    if (mode === this.state.mode) return;
    const now = this.now();
    this.state =
      mode === "virtual"
        ? { mode, offsetMs: 0, virtualMs: now }
        : { mode, offsetMs: Math.max(0, now - this.wall()), virtualMs: 0 };
    this.persist(this.state);
  }

  /** The wall-clock instant at which cluster time reaches `t` (when to arm the platform alarm); undefined
   * when it never will by itself (virtual mode, future time). */
  wallTimeFor(t: number): number | undefined {
    if (this.state.mode === "virtual") return t <= this.state.virtualMs ? this.wall() : undefined;
    return t - this.state.offsetMs;
  }

  snapshot(): ClockState {
    return { ...this.state };
  }
}
