/**
 * The controller engine of a cluster, shaped like controller-runtime: store changes only enqueue keys into
 * a deduplicated, persisted work queue; `reconcile(key)` is level-triggered (reads current state, converges
 * it, is safe to run twice) and returns "requeue after" or throws for per-key exponential backoff.
 *
 * The queue lives in the Durable Object's SQLite so work survives eviction; a single platform alarm is armed
 * for the earliest due item (none when the queue is empty, so an idle cluster costs nothing). Each item's
 * failure is caught on its own, so one bad reconcile never stops the others or the alarm.
 */
import type { Change } from "../durable/store/kv-store";
import type { Clock } from "./clock";

/** What the engine needs of a clock beyond "now": moving it (time advance) and mapping to wall time. */
export interface EngineClock extends Clock {
  set?(t: number): void;
  /** Wall-clock instant at which cluster time reaches t; undefined = never by itself (virtual time). */
  wallTimeFor?(t: number): number | undefined;
}

export interface ReconcileResult {
  requeueAfterMs?: number;
}

export interface Controller {
  readonly name: string;
  /** Keys a committed change should enqueue for this controller (usually none, one, or a few). */
  keysFor(change: Change): string[];
  reconcile(key: string): ReconcileResult | undefined | Promise<ReconcileResult | undefined>;
}

/** controller-runtime's default per-item rate limiter: 5 ms doubling, capped at 1000 s. */
export function backoffMs(attempts: number): number {
  return Math.min(5 * 2 ** attempts, 1_000_000);
}

export interface AlarmSink {
  getAlarm(): Promise<number | null>;
  setAlarm(when: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

export class ControllerEngine {
  private readonly controllers = new Map<string, Controller>();
  private armedFor: number | null | undefined;
  /** Wall-clock instants the alarm must also wake for (the cluster's TTL, pending audit), besides queued work. */
  private deadlines: () => (number | undefined)[] = () => [];

  constructor(
    private readonly sql: SqlStorage,
    private readonly clock: EngineClock,
    private readonly alarms: AlarmSink,
  ) {}

  register(c: Controller): void {
    this.controllers.set(c.name, c);
  }

  /** Adds or moves a key earlier in the queue (dedup: one row per controller+key, earliest due wins). */
  enqueue(controller: string, key: string, due = this.clock.now()): void {
    this.sql.exec(
      `INSERT INTO work_queue (controller, key, due, attempts) VALUES (?, ?, ?, 0)
       ON CONFLICT(controller, key) DO UPDATE SET due = MIN(due, excluded.due)`,
      controller,
      key,
      due,
    );
  }

  /** Store listener: turns committed changes into queued keys. */
  onChanges(changes: Change[]): void {
    for (const ch of changes) {
      for (const c of this.controllers.values()) {
        for (const k of c.keysFor(ch)) this.enqueue(c.name, k);
      }
    }
  }

  pending(): number {
    return Number(this.sql.exec("SELECT COUNT(*) AS n FROM work_queue").one().n);
  }

  nextDue(): number | undefined {
    const row = this.sql.exec("SELECT MIN(due) AS due FROM work_queue").one();
    return row.due == null ? undefined : Number(row.due);
  }

  setDeadlines(fn: () => (number | undefined)[]): void {
    this.deadlines = fn;
  }

  /** Arms the platform alarm for the earliest due item or deadline, or clears it when there is none. */
  async arm(): Promise<void> {
    const due = this.nextDue();
    if (this.armedFor === undefined) this.armedFor = await this.alarms.getAlarm();
    const work = due === undefined ? undefined : this.clock.wallTimeFor ? this.clock.wallTimeFor(due) : due;
    const times = [work, ...this.deadlines()].filter((t): t is number => t !== undefined);
    const wall = times.length > 0 ? Math.min(...times) : undefined;
    if (wall === undefined) {
      if (this.armedFor !== null) {
        await this.alarms.deleteAlarm();
        this.armedFor = null;
      }
      return;
    }
    if (this.armedFor === null || this.armedFor > wall || this.armedFor < Date.now() - 1000) {
      await this.alarms.setAlarm(wall);
      this.armedFor = wall;
    }
  }

  /**
   * Moves the clock to `target`, running everything that falls due on the way in time order: the clock stops
   * at each due time, so work scheduled by earlier work (a pod's next stage, a Job's back-off) runs at the
   * instant it was due, as it would have in real time. Returns how many items ran.
   */
  async advanceTo(target: number, budget = 100_000): Promise<number> {
    if (!this.clock.set) throw new Error("this clock cannot be moved");
    let ran = 0;
    for (;;) {
      ran += await this.runDue(budget - ran);
      if (ran >= budget) break;
      const next = this.nextDue();
      if (next === undefined || next > target) break;
      this.clock.set(next);
    }
    this.clock.set(target);
    if (ran < budget) ran += await this.runDue(budget - ran);
    return ran;
  }

  /** Called from the alarm: the platform fired, so no alarm is armed now. */
  alarmFired(): void {
    this.armedFor = null;
  }

  /**
   * Runs every item due by now, earliest first, at most `budget` of them (the rest stay queued and the alarm
   * is re-armed). Returns how many ran.
   */
  async runDue(budget = 500): Promise<number> {
    let ran = 0;
    while (ran < budget) {
      const now = this.clock.now();
      const row = this.sql
        .exec(
          "SELECT controller, key, due, attempts FROM work_queue WHERE due <= ? ORDER BY due, controller, key LIMIT 1",
          now,
        )
        .toArray()[0];
      if (!row) break;
      const name = String(row.controller);
      const key = String(row.key);
      const attempts = Number(row.attempts);
      this.sql.exec("DELETE FROM work_queue WHERE controller = ? AND key = ?", name, key);
      ran++;
      const c = this.controllers.get(name);
      if (!c) continue;
      try {
        const res = await c.reconcile(key);
        if (res?.requeueAfterMs !== undefined) this.enqueue(name, key, this.clock.now() + res.requeueAfterMs);
      } catch (e) {
        console.error(`reconcile ${name} ${key} failed (attempt ${attempts + 1}):`, e instanceof Error ? e.message : e);
        const due = this.clock.now() + backoffMs(attempts);
        this.sql.exec(
          `INSERT INTO work_queue (controller, key, due, attempts) VALUES (?, ?, ?, ?)
           ON CONFLICT(controller, key) DO UPDATE SET due = MIN(due, excluded.due), attempts = excluded.attempts`,
          name,
          key,
          due,
          attempts + 1,
        );
      }
    }
    return ran;
  }
}
