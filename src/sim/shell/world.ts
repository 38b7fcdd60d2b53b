/**
 * The process-wide state a simulated container run shares between its shells and programs: the clock of
 * the run, the filesystem, and the trace of what happened (log lines, file changes, listening sockets).
 * Shells (src/sim/shell/interp.ts) execute against a World; cloning one lets the loop fast-forwarder re-run a
 * single loop iteration at any future instant without touching the real run.
 */
import type { Fs, FsEvent } from "./fs";

export type Stream = "stdout" | "stderr";

/** Answers an HTTP GET: status code. `fs` is the container's filesystem at that instant. */
export type HttpHandler = (path: string, fs: Fs, atMs: number) => number;

export type Ev =
  | { at: number; k: "line"; stream: Stream; text: string }
  | { at: number; k: "fs"; e: FsEvent }
  | { at: number; k: "listen"; port: number; http?: HttpHandler };

/** A stretch of identical loop iterations, computed on demand instead of stored. */
export interface Periodic {
  startAt: number;
  period: number;
  /** Number of iterations; Infinity when the loop never ends. */
  count: number;
  /** The events of iteration n (absolute times in [startAt + n·period, startAt + (n+1)·period)). */
  gen(n: number): Ev[];
}

/** How the process reacts to SIGTERM: exits after exitMs with code, or (undefined) ignores it. */
export interface SigtermSpec {
  exitMs: number;
  code: number;
  /** Lines the process prints when it gets the signal at `atMs` (nginx's shutdown notices, trap output). */
  lines?: (atMs: number) => { at: number; stream: Stream; text: string }[];
}

export interface Writer {
  write(s: string): void;
}

/** Thrown when the run's step budget is spent (see MAX_STEPS): the process keeps running silently. */
export class StepCapExceeded {}

/** The foreground process blocks for good (a server, `sleep infinity`, `tail -f`, `wait` on such a job). */
export class Forever {
  constructor(
    readonly kind: "program" | "wait",
    /** The blocking program's own SIGTERM behaviour when it is PID 1; undefined = it ignores SIGTERM. */
    readonly sigterm: SigtermSpec | undefined,
    readonly pid1: boolean,
  ) {}
}

/** A loop was found to repeat forever; its periodic stretch is recorded and the run ends there. */
export class LoopForever {}

/**
 * Bound on commands executed concretely in one run. Scripts whose loops do not settle into a steady period
 * (so cannot be fast-forwarded) run this many commands, then go quiet while the process keeps running.
 */
export const MAX_STEPS = 200_000;

/** Container stdout/stderr: complete lines become log lines stamped with the run's clock. */
export class StreamWriter implements Writer {
  buf = "";
  constructor(
    private readonly world: World,
    readonly stream: Stream,
  ) {}
  write(s: string): void {
    if (!s) return;
    this.buf += s;
    let nl = this.buf.indexOf("\n");
    while (nl >= 0) {
      this.world.events.push({ at: this.world.now, k: "line", stream: this.stream, text: this.buf.slice(0, nl) });
      this.buf = this.buf.slice(nl + 1);
      nl = this.buf.indexOf("\n");
    }
  }
  flush(): void {
    if (this.buf) this.world.events.push({ at: this.world.now, k: "line", stream: this.stream, text: this.buf });
    this.buf = "";
  }
}

export class CaptureWriter implements Writer {
  text = "";
  write(s: string): void {
    this.text += s;
  }
}

export const nullWriter: Writer = { write() {} };

/** Per-loop-iteration bookkeeping for the fast-forwarder (see Shell.runWhile). */
export interface Frame {
  shell: unknown;
  /** Variables read before being written in this iteration, with their value at iteration start. */
  exposed: Map<string, string | undefined>;
  written: Set<string>;
  /** Control decisions taken (condition results), the iteration's "shape". */
  sig: string[];
  /** Output depends on the time or randomness (`date`, $RANDOM): iterations must be re-run, not copied. */
  dynamic: boolean;
  /** Something the fast-forwarder cannot replay (background jobs, servers starting, nested periodic). */
  unsafe: boolean;
}

export interface Facts {
  hostname: string;
  podName: string;
  namespace: string;
  podIP?: string;
  startedAtMs: number;
  restartCount: number;
  /** Service names to addresses (what `nslookup` finds). */
  dns?: Record<string, string[]>;
}

export class World {
  events: Ev[] = [];
  periodics: Periodic[] = [];
  frames: Frame[] = [];
  steps = 0;
  readonly out: StreamWriter;
  readonly err: StreamWriter;
  /** SIGTERM behaviour of the program that is PID 1 when it is not a shell. */
  pid1Sigterm: SigtermSpec | undefined;
  /** The shell that is PID 1 (its traps decide SIGTERM), if any. */
  pid1Shell: unknown;

  constructor(
    public now: number,
    public fs: Fs,
    readonly facts: Facts,
    public maxSteps = MAX_STEPS,
    /** Fast-forward loops (off while re-running one iteration of an already detected loop). */
    readonly detect = true,
  ) {
    this.out = new StreamWriter(this, "stdout");
    this.err = new StreamWriter(this, "stderr");
  }

  /** A copy to re-run from: same files and partial output lines, empty trace, its own clock. */
  fork(now: number, maxSteps: number): World {
    const w = new World(now, this.fs.clone(), this.facts, maxSteps, false);
    w.out.buf = this.out.buf;
    w.err.buf = this.err.buf;
    return w;
  }

  step(): void {
    if (++this.steps > this.maxSteps) throw new StepCapExceeded();
  }

  /** Changes a file (content null = removed) and records it so probes later see it at this instant. */
  fsChange(path: string, content: string | null, dir?: boolean): void {
    const e: FsEvent = { at: this.now, path, content, dir };
    this.fs.apply(e);
    this.events.push({ at: this.now, k: "fs", e });
  }

  listen(port: number, http?: HttpHandler): void {
    for (const f of this.frames) f.unsafe = true;
    this.events.push({ at: this.now, k: "listen", port, http });
  }

  /** Marks the current loop iterations as depending on the clock. */
  usesTime(): void {
    for (const f of this.frames) f.dynamic = true;
  }

  sig(s: string): void {
    for (const f of this.frames) f.sig.push(s);
  }
}
