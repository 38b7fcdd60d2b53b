/**
 * The shell interpreter: runs a parsed script against a World, advancing the run's clock with `sleep` and
 * recording what the script prints and which files it changes. busybox ash is the model; dash (Debian's
 * /bin/sh) and bash differ only in their error-message formats and `echo`.
 *
 * Infinite loops stay cheap: after a `while`/`until` loop has repeated the same shape three times (same
 * decisions, same timing, same files at the start, variables either unchanged or counting by a fixed
 * step), the rest of the loop is recorded as a Periodic stretch instead of being executed. Iteration n is
 * then re-computed on demand by running the body once with the counters extrapolated, at its own instant,
 * so `echo "$i: $(date)"` prints exactly what it would have. Where a counter eventually changes the loop's
 * shape (`while [ $i -lt 100000 ]`), the point is found by binary search, assuming such conditions flip
 * once (monotonic in the counter), and the loop resumes concretely from there.
 */
import { ArithError, evalArith } from "./arith";
import type { AndOr, Cmd, List, Pipeline, Redir, Word } from "./ast";
import { ShellSyntaxError } from "./ast";
import { resolvePath } from "./fs";
import { parseScript } from "./parse";
import {
  CaptureWriter,
  type Ev,
  Forever,
  type Frame,
  LoopForever,
  nullWriter,
  type Periodic,
  StepCapExceeded,
  type World,
  type Writer,
} from "./world";

export interface IO {
  stdin: string;
  out: Writer;
  err: Writer;
}

export type Flavour = "ash" | "dash" | "bash";

/** A program the image provides; returns its exit status (or throws Forever when it serves forever). */
export type Program = (sh: Shell, argv: string[], pid1: boolean) => number;

/** What the image's filesystem offers to run. */
export interface Sys {
  /** What /bin/sh is. */
  flavour: Flavour;
  userland: "busybox" | "gnu";
  hasBash: boolean;
  /** The usual utilities (cat, date, sleep, …) are installed. */
  hasUtils: boolean;
  /** Image-specific executables by name (nginx, redis-server, docker-entrypoint.sh, …). */
  programs: Record<string, Program>;
  /** Standard utilities, looked up by name (src/sim/shell/utils.ts). */
  utils: Record<string, Program>;
  /** The container keeps stdin open (`stdin: true`): an interactive shell waits for input instead of exiting. */
  stdinOpen: boolean;
}

export class ExitSignal {
  constructor(readonly code: number) {}
}
class BreakSignal {
  constructor(readonly n: number) {}
}
class ContinueSignal {
  constructor(readonly n: number) {}
}
class ReturnSignal {
  constructor(readonly code: number) {}
}

/** Pads loop iterations that take no simulated time, so a busy loop prints at a bounded rate (1000/s). */
const MIN_ITERATION_MS = 1;
/** How far ahead a counting loop is checked for a change of shape; beyond it the loop counts as endless. */
const HORIZON_MS = 10 * 365 * 86_400_000;
/** Commands one re-computed iteration may run. */
const ITERATION_STEPS = 20_000;

interface IterRec {
  startAt: number;
  dur: number;
  exposed: Map<string, string | undefined>;
  sig: string;
  dynamic: boolean;
  aux: string;
  fs: import("./fs").Fs;
  evs: Ev[];
}

const BUILTINS = new Set([
  ":",
  "true",
  "false",
  "exit",
  "export",
  "unset",
  "readonly",
  "set",
  "shift",
  "trap",
  "break",
  "continue",
  "return",
  "cd",
  "pwd",
  "wait",
  "eval",
  "exec",
  "read",
  "local",
  "let",
  ".",
  "source",
  "echo",
  "printf",
  "test",
  "[",
  "type",
  "command",
  "kill",
  "ulimit",
  "umask",
  "hash",
]);

const SIGNALS: Record<string, string> = {
  "0": "EXIT",
  EXIT: "EXIT",
  "1": "HUP",
  "2": "INT",
  "3": "QUIT",
  "15": "TERM",
  HUP: "HUP",
  INT: "INT",
  QUIT: "QUIT",
  TERM: "TERM",
  USR1: "USR1",
  USR2: "USR2",
  CHLD: "CHLD",
};

const BUSYBOX_ONLY = new Set(["nslookup", "wget"]);

export class Shell {
  vars = new Map<string, string>();
  exported = new Set<string>();
  status = 0;
  cwd = "/";
  traps = new Map<string, string>();
  funcs = new Map<string, Cmd>();
  positional: string[] = [];
  name = "sh";
  line = 1;
  /** End times of background jobs (Infinity = runs forever), for `wait`. */
  jobs: number[] = [];
  pid1 = false;
  /** `sh -c 'one command'` execs that command (it becomes PID 1), like busybox, dash and bash do. */
  execSingle = false;
  private randomCalls = 0;

  constructor(
    readonly world: World,
    readonly sys: Sys,
    public flavour: Flavour,
    public io: IO,
  ) {}

  // ---------- variables ----------

  getVar(name: string): string | undefined {
    let v: string | undefined;
    switch (name) {
      case "?":
        v = String(this.status);
        break;
      case "$":
        return "1";
      case "!":
        return this.jobs.length ? String(100 + this.jobs.length) : "";
      case "#":
        return String(this.positional.length);
      case "@":
      case "*":
        return this.positional.join(" ");
      case "-":
        return "";
      case "0":
        return this.name;
      case "RANDOM":
        this.world.usesTime();
        return String(hash(`${this.world.now}/${this.randomCalls++}`) % 32768);
      case "SECONDS":
        this.world.usesTime();
        return String(Math.floor((this.world.now - this.world.facts.startedAtMs) / 1000));
      case "LINENO":
        return String(this.line);
      default:
        if (/^\d+$/.test(name)) return this.positional[Number(name) - 1];
        v = this.vars.get(name);
    }
    for (const f of this.world.frames) {
      if (f.shell === this && !f.written.has(name) && !f.exposed.has(name)) f.exposed.set(name, v);
    }
    return v;
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
    for (const f of this.world.frames) if (f.shell === this) f.written.add(name);
  }

  private setStatus(s: number): number {
    this.status = s;
    for (const f of this.world.frames) if (f.shell === this) f.written.add("?");
    return s;
  }

  /** The exported variables: what `env` prints and child processes inherit. */
  environ(): [string, string][] {
    const out: [string, string][] = [];
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) out.push([k, v]);
    }
    return out;
  }

  /** The container-level message prefix of this shell's flavour ("sh: ", "sh: 1: ", "bash: line 1: "). */
  errPrefix(): string {
    if (this.flavour === "dash") return `${this.name}: ${this.line}: `;
    if (this.flavour === "bash") return `${this.name}: line ${this.line}: `;
    return `${this.name}: `;
  }

  private shErr(msg: string): void {
    this.io.err.write(`${this.errPrefix()}${msg}\n`);
  }

  // ---------- running ----------

  /** Parses and runs a script; syntax errors print the shell's message and give status 2. */
  runScript(src: string): number {
    let list: List;
    try {
      list = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      const msg =
        this.flavour === "dash"
          ? `Syntax error: ${e.message}`
          : this.flavour === "bash"
            ? `syntax error: ${e.message}`
            : `syntax error: ${e.message}`;
      this.shErr(msg);
      return this.setStatus(2);
    }
    return this.runList(list);
  }

  runList(list: List): number {
    let s = this.status;
    for (const item of list.items) {
      if (item.bg) s = this.runBackground(item.ao);
      else s = this.runAndOr(item.ao);
    }
    return s;
  }

  private runAndOr(ao: AndOr): number {
    let s = this.runPipeline(ao.first);
    for (const r of ao.rest) {
      this.world.sig(s === 0 ? "t" : "f");
      if ((r.op === "&&" && s === 0) || (r.op === "||" && s !== 0)) s = this.runPipeline(r.p);
    }
    return s;
  }

  private runPipeline(p: Pipeline): number {
    let s: number;
    if (p.cmds.length === 1) s = this.runCmd(p.cmds[0]);
    else {
      const saved = this.io;
      let stdin = saved.stdin;
      s = 0;
      try {
        p.cmds.forEach((c, i) => {
          const last = i === p.cmds.length - 1;
          const cap = last ? undefined : new CaptureWriter();
          this.io = { stdin, out: cap ?? saved.out, err: saved.err };
          s = this.runCmd(c);
          stdin = cap?.text ?? "";
        });
      } finally {
        this.io = saved;
      }
    }
    if (p.neg) s = s === 0 ? 1 : 0;
    return this.setStatus(s);
  }

  /** `cmd &`: runs as a subshell whose clock runs ahead on its own; the foreground continues at once. */
  private runBackground(ao: AndOr): number {
    for (const f of this.world.frames) f.unsafe = true;
    const t0 = this.world.now;
    const saved = this.snapshotVars();
    let end = Number.POSITIVE_INFINITY;
    try {
      this.runAndOr(ao);
      end = this.world.now;
    } catch (e) {
      if (e instanceof ExitSignal) end = this.world.now;
      else if (!(e instanceof Forever || e instanceof LoopForever || e instanceof StepCapExceeded)) throw e;
    }
    this.restoreVars(saved);
    this.world.now = t0;
    this.jobs.push(end);
    return this.setStatus(0);
  }

  private snapshotVars() {
    return { vars: new Map(this.vars), exported: new Set(this.exported), cwd: this.cwd, traps: new Map(this.traps) };
  }

  private restoreVars(s: ReturnType<Shell["snapshotVars"]>): void {
    this.vars = s.vars;
    this.exported = s.exported;
    this.cwd = s.cwd;
    this.traps = s.traps;
  }

  private withRedirs<T>(redirs: Redir[], f: () => T): T | number {
    if (redirs.length === 0) return f();
    const saved = this.io;
    const io = this.openRedirs(redirs);
    if (!io) return this.setStatus(1);
    this.io = io;
    try {
      return f();
    } finally {
      this.io = saved;
    }
  }

  runCmd(c: Cmd): number {
    switch (c.t) {
      case "simple":
        return this.runSimple(c);
      case "func":
        this.funcs.set(c.name, c.body);
        return this.setStatus(0);
      case "if":
        return this.withRedirs(c.redirs, () => {
          for (const cl of c.clauses) {
            const s = this.runList(cl.cond);
            this.world.sig(s === 0 ? "T" : "F");
            if (s === 0) return this.runList(cl.body);
          }
          return c.otherwise ? this.runList(c.otherwise) : this.setStatus(0);
        }) as number;
      case "while":
        return this.withRedirs(c.redirs, () => this.runWhile(c)) as number;
      case "for":
        return this.withRedirs(c.redirs, () => this.runFor(c)) as number;
      case "case":
        return this.withRedirs(c.redirs, () => {
          const v = this.expandString(c.word);
          for (const arm of c.arms) {
            for (const p of arm.pats) {
              if (globMatch(this.expandString(p), v)) {
                this.world.sig(`c${c.arms.indexOf(arm)}`);
                return arm.body.items.length ? this.runList(arm.body) : this.setStatus(0);
              }
            }
          }
          return this.setStatus(0);
        }) as number;
      case "group":
        return this.withRedirs(c.redirs, () => {
          if (!c.sub) return this.runList(c.body);
          const saved = this.snapshotVars();
          try {
            return this.runList(c.body);
          } catch (e) {
            if (e instanceof ExitSignal) return this.setStatus(e.code);
            throw e;
          } finally {
            this.restoreVars(saved);
          }
        }) as number;
    }
  }

  private runFor(c: Extract<Cmd, { t: "for" }>): number {
    const items = c.items ? c.items.flatMap((w) => this.expandFields(w)) : [...this.positional];
    let s = 0;
    for (const item of items) {
      this.world.step();
      this.setVar(c.name, item);
      try {
        s = this.runList(c.body);
      } catch (e) {
        if (e instanceof BreakSignal) {
          if (e.n > 1) throw new BreakSignal(e.n - 1);
          break;
        }
        if (e instanceof ContinueSignal) {
          if (e.n > 1) throw new ContinueSignal(e.n - 1);
          continue;
        }
        throw e;
      }
    }
    return this.setStatus(s);
  }

  // ---------- while / until with fast-forwarding ----------

  /** State not captured by variables that must not change between periodic iterations. */
  private auxKey(): string {
    return JSON.stringify([
      this.cwd,
      [...this.traps],
      [...this.funcs.keys()],
      this.positional,
      this.world.out.buf,
      this.world.err.buf,
      this.jobs.length,
      [...this.exported].sort(),
    ]);
  }

  private canFastForward(): boolean {
    const w = this.world;
    const ok = (x: Writer) => x === w.out || x === w.err || x === nullWriter;
    return w.detect && ok(this.io.out) && ok(this.io.err) && this.io.stdin === "";
  }

  /** Runs one iteration (condition + body). Returns "done" when the condition failed or `break` ran. */
  private iteration(c: Extract<Cmd, { t: "while" }>, last: { s: number }): "more" | "done" {
    const s = this.runList(c.cond);
    const go = (s === 0) !== c.until;
    this.world.sig(go ? "W" : "w");
    if (!go) return "done";
    try {
      last.s = this.runList(c.body);
    } catch (e) {
      if (e instanceof BreakSignal) {
        if (e.n > 1) throw new BreakSignal(e.n - 1);
        this.world.sig("B");
        return "done";
      }
      if (e instanceof ContinueSignal) {
        if (e.n > 1) throw new ContinueSignal(e.n - 1);
        this.world.sig("C");
        return "more";
      }
      throw e;
    }
    return "more";
  }

  private runWhile(c: Extract<Cmd, { t: "while" }>): number {
    const w = this.world;
    const last = { s: 0 };
    const recs: IterRec[] = [];
    let iter = 0;
    let backoff = 3;
    let nextTry = 3;
    for (;;) {
      w.step();
      const startAt = w.now;
      // Recording costs a filesystem copy per iteration: only record the three iterations before an attempt.
      const detect = iter + 3 >= nextTry && this.canFastForward();
      const frame: Frame = {
        shell: this,
        exposed: new Map(),
        written: new Set(),
        sig: [],
        dynamic: false,
        unsafe: !detect,
      };
      const fsBefore = detect ? w.fs.clone() : undefined;
      const aux = detect ? this.auxKey() : "";
      const evStart = w.events.length;
      w.frames.push(frame);
      let r: "more" | "done";
      try {
        r = this.iteration(c, last);
      } finally {
        w.frames.pop();
      }
      if (r === "done") break;
      if (w.now - startAt < MIN_ITERATION_MS) w.now = startAt + MIN_ITERATION_MS;
      iter++;
      if (frame.unsafe || !fsBefore) {
        recs.length = 0;
        if (detect) {
          // Something this loop does cannot be replayed (background job, server start): try again later.
          backoff *= 2;
          nextTry = iter + backoff;
        }
        continue;
      }
      const evs = w.events.slice(evStart);
      recs.push({
        startAt,
        dur: w.now - startAt,
        exposed: frame.exposed,
        sig: frame.sig.join("") + shapeOf(evs, startAt),
        dynamic: frame.dynamic,
        aux,
        fs: fsBefore,
        evs,
      });
      if (recs.length > 3) recs.shift();
      if (recs.length === 3 && iter >= nextTry) {
        const skipped = this.fastForward(c, recs);
        if (skipped > 0) {
          recs.length = 0;
          backoff = 3;
          nextTry = iter + 3;
        } else {
          backoff *= 2;
          nextTry = iter + backoff;
        }
      }
    }
    return this.setStatus(last.s);
  }

  /**
   * Given three identical-looking iterations just run, records the loop's future as a Periodic stretch.
   * Throws LoopForever when the loop never ends; otherwise returns how many iterations were skipped (0 =
   * not periodic after all) with the shell moved to the state after them.
   */
  private fastForward(c: Extract<Cmd, { t: "while" }>, recs: IterRec[]): number {
    const w = this.world;
    const [r0, r1, r2] = recs;
    if (r0.sig !== r1.sig || r1.sig !== r2.sig) return 0;
    if (r0.dur !== r1.dur || r1.dur !== r2.dur) return 0;
    const aux = this.auxKey();
    if (r0.aux !== aux || r1.aux !== aux || r2.aux !== aux) return 0;
    if (!r0.fs.equals(r1.fs) || !r1.fs.equals(r2.fs) || !r2.fs.equals(w.fs)) return 0;
    const names = [...r2.exposed.keys()];
    if (names.length !== r0.exposed.size || names.length !== r1.exposed.size) return 0;
    const deltas = new Map<string, number>();
    for (const name of names) {
      if (!r0.exposed.has(name) || !r1.exposed.has(name)) return 0;
      const now = name === "?" ? String(this.status) : this.vars.get(name);
      const vals = [r0.exposed.get(name), r1.exposed.get(name), r2.exposed.get(name), now];
      if (vals.every((v) => v === vals[0])) continue;
      if (!vals.every((v) => v !== undefined && /^-?\d+$/.test(v))) return 0;
      const n = vals.map(Number);
      const d = n[1] - n[0];
      if (n[2] - n[1] !== d || n[3] - n[2] !== d) return 0;
      deltas.set(name, d);
    }
    const T = w.now;
    const P = r2.dur;
    const dynamic = deltas.size > 0 || recs.some((r) => r.dynamic);
    if (!dynamic) {
      // Same state, same iteration, forever: copy the last iteration's events.
      const base = r2.evs;
      const shift = T - r2.startAt;
      w.periodics.push({
        startAt: T,
        period: P,
        count: Number.POSITIVE_INFINITY,
        gen: (n) => base.map((e) => ({ ...e, at: e.at + shift + n * P })),
      });
      throw new LoopForever();
    }
    const baseVals = new Map<string, number>();
    for (const name of deltas.keys()) baseVals.set(name, Number(name === "?" ? this.status : this.vars.get(name)));
    const baseWorld = w.fork(T, 0);
    const baseShell = this.cloneInto(baseWorld);
    const run = (n: number) => {
      const world = baseWorld.fork(T + n * P, ITERATION_STEPS);
      const sh = baseShell.cloneInto(world);
      for (const [name, d] of deltas) {
        const v = baseVals.get(name)! + n * d;
        if (name === "?") sh.status = v;
        else sh.vars.set(name, String(v));
      }
      const frame: Frame = {
        shell: sh,
        exposed: new Map(),
        written: new Set(),
        sig: [],
        dynamic: false,
        unsafe: false,
      };
      world.frames.push(frame);
      let ok = true;
      try {
        ok = sh.iteration(c, { s: 0 }) === "more";
      } catch {
        ok = false;
      }
      const start = T + n * P;
      if (world.now - start < MIN_ITERATION_MS) world.now = start + MIN_ITERATION_MS;
      const same =
        ok && !frame.unsafe && world.now - start === P && frame.sig.join("") + shapeOf(world.events, start) === r2.sig;
      return { same, events: world.events };
    };
    const probe = (n: number) => run(n).same;
    if (!probe(0)) return 0;
    let lo = 0;
    let hi = 1;
    while (probe(hi)) {
      lo = hi;
      if (T + hi * 2 * P - w.facts.startedAtMs > HORIZON_MS) {
        w.periodics.push({ startAt: T, period: P, count: Number.POSITIVE_INFINITY, gen: (n) => run(n).events });
        throw new LoopForever();
      }
      hi *= 2;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (probe(mid)) lo = mid;
      else hi = mid;
    }
    // Iterations 0..hi-1 repeat the shape; skip 0..hi-2 and run hi-1 for real so variables the body sets
    // hold their last values when the loop ends.
    const skip = hi - 1;
    if (skip < 1) return 0;
    // Enclosing loops cannot replay an iteration that contains a computed stretch.
    for (const f of w.frames) f.unsafe = true;
    w.periodics.push({ startAt: T, period: P, count: skip, gen: (n) => run(n).events });
    for (const [name, d] of deltas) {
      const v = baseVals.get(name)! + skip * d;
      if (name === "?") this.status = v;
      else this.vars.set(name, String(v));
    }
    w.now = T + skip * P;
    return skip;
  }

  /** A copy of this shell running in `world` (for re-running loop iterations and trap handlers). */
  cloneInto(world: World): Shell {
    const sh = new Shell(world, this.sys, this.flavour, {
      stdin: "",
      out: this.io.out === this.world.err ? world.err : this.io.out === nullWriter ? nullWriter : world.out,
      err: this.io.err === this.world.out ? world.out : this.io.err === nullWriter ? nullWriter : world.err,
    });
    sh.vars = new Map(this.vars);
    sh.exported = new Set(this.exported);
    sh.status = this.status;
    sh.cwd = this.cwd;
    sh.traps = new Map(this.traps);
    sh.funcs = new Map(this.funcs);
    sh.positional = [...this.positional];
    sh.name = this.name;
    sh.line = this.line;
    sh.jobs = [...this.jobs];
    sh.pid1 = this.pid1;
    return sh;
  }

  // ---------- simple commands ----------

  private runSimple(c: Extract<Cmd, { t: "simple" }>): number {
    this.world.step();
    this.line = c.line;
    let substStatus: number | undefined;
    const argv: string[] = [];
    const assigns: [string, string][] = [];
    const before = this.lastSubst;
    this.lastSubst = undefined;
    for (const a of c.assigns) assigns.push([a.name, this.expandString(a.value)]);
    for (const wd of c.words) argv.push(...this.expandFields(wd));
    substStatus = this.lastSubst;
    this.lastSubst = before;
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.setVar(k, v);
      if (c.redirs.length) {
        const io = this.openRedirs(c.redirs);
        if (!io) return this.setStatus(1);
      }
      return this.setStatus(substStatus ?? 0);
    }
    const run = () => this.dispatch(argv, assigns);
    return this.setStatus(this.withRedirs(c.redirs, run) as number);
  }

  private lastSubst: number | undefined;

  private dispatch(argv: string[], assigns: [string, string][]): number {
    const name = argv[0];
    const fn = this.funcs.get(name);
    if (fn) {
      for (const [k, v] of assigns) this.setVar(k, v);
      const saved = this.positional;
      this.positional = argv.slice(1);
      try {
        return this.runCmd(fn);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.code;
        throw e;
      } finally {
        this.positional = saved;
      }
    }
    if (BUILTINS.has(name)) {
      for (const [k, v] of assigns) this.setVar(k, v);
      return this.builtin(argv);
    }
    const prog = this.findProgram(name);
    if (!prog) {
      this.shErr(this.flavour === "bash" ? `${name}: command not found` : `${name}: not found`);
      return 127;
    }
    // `VAR=x cmd` sets VAR in cmd's environment only.
    const pid1 = this.pid1 && this.execSingle;
    if (assigns.length === 0) return prog(this, argv, pid1);
    const saved = this.snapshotVars();
    for (const [k, v] of assigns) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    try {
      return prog(this, argv, pid1);
    } finally {
      this.vars = saved.vars;
      this.exported = saved.exported;
    }
  }

  /** The program `name` runs, if the image has it. */
  findProgram(name: string): Program | undefined {
    const base = name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name;
    const own = this.sys.programs[name] ?? this.sys.programs[base];
    if (own) return own;
    if (base === "bash" && !this.sys.hasBash) return undefined;
    if (["sh", "ash", "dash", "bash"].includes(base)) return this.sys.utils.sh;
    // busybox applets that GNU images do not ship (debian/ubuntu have no nslookup or wget).
    if (BUSYBOX_ONLY.has(base) && this.sys.userland !== "busybox") return undefined;
    if (this.sys.hasUtils) return this.sys.utils[base];
    return undefined;
  }

  /** Runs a program as the process (exec): PID 1 when the shell itself was. */
  execArgv(argv: string[], pid1: boolean): number {
    const prog = this.findProgram(argv[0]);
    if (!prog) {
      this.shErr(`exec: ${argv[0]}: not found`);
      return 127;
    }
    return prog(this, argv, pid1);
  }

  // ---------- builtins ----------

  private builtin(argv: string[]): number {
    const [name, ...args] = argv;
    const out = (s: string) => this.io.out.write(s);
    switch (name) {
      case ":":
      case "true":
        return 0;
      case "false":
        return 1;
      case "exit": {
        const code = args.length ? Number.parseInt(args[0], 10) : this.status;
        throw new ExitSignal(Number.isNaN(code) ? 2 : code & 255);
      }
      case "return":
        throw new ReturnSignal(args.length ? Number.parseInt(args[0], 10) & 255 : this.status);
      case "break":
      case "continue": {
        const n = args.length ? Math.max(1, Number.parseInt(args[0], 10) || 1) : 1;
        throw name === "break" ? new BreakSignal(n) : new ContinueSignal(n);
      }
      case "export":
      case "readonly":
      case "local":
        for (const a of args) {
          if (a.startsWith("-")) continue;
          const eq = a.indexOf("=");
          const k = eq >= 0 ? a.slice(0, eq) : a;
          if (eq >= 0) this.setVar(k, a.slice(eq + 1));
          if (name === "export") this.exported.add(k);
        }
        return 0;
      case "unset":
        for (const a of args) {
          if (a.startsWith("-")) continue;
          this.vars.delete(a);
          this.funcs.delete(a);
          for (const f of this.world.frames) if (f.shell === this) f.written.add(a);
        }
        return 0;
      case "set": {
        const i = args.indexOf("--");
        if (i >= 0) this.positional = args.slice(i + 1);
        else if (args.length && !args[0].startsWith("-") && !args[0].startsWith("+")) this.positional = args;
        return 0;
      }
      case "shift": {
        const n = args.length ? Number(args[0]) : 1;
        if (n > this.positional.length) return 1;
        this.positional = this.positional.slice(n);
        return 0;
      }
      case "trap":
        return this.trap(args);
      case "cd": {
        const target = resolvePath(this.cwd, args[0] ?? this.vars.get("HOME") ?? "/");
        if (!this.world.fs.isDir(target)) {
          this.shErr(`cd: can't cd to ${args[0]}: No such file or directory`);
          return this.flavour === "dash" ? 2 : 1;
        }
        this.cwd = target;
        this.setVar("PWD", target);
        return 0;
      }
      case "pwd":
        out(`${this.cwd}\n`);
        return 0;
      case "wait": {
        if (this.jobs.some((j) => j === Number.POSITIVE_INFINITY)) throw new Forever("wait", undefined, false);
        this.world.now = Math.max(this.world.now, ...this.jobs);
        this.jobs = [];
        return 0;
      }
      case "eval":
        return this.runScript(args.join(" "));
      case ".":
      case "source": {
        const p = resolvePath(this.cwd, args[0] ?? "");
        const text = this.world.fs.files.get(p);
        if (text === undefined) {
          this.shErr(`.: can't open '${args[0]}'`);
          return 2;
        }
        return this.runScript(text);
      }
      case "exec": {
        if (args.length === 0) return 0;
        throw new ExitSignal(this.execArgv(args, this.pid1));
      }
      case "read": {
        const names = args.filter((a) => !a.startsWith("-"));
        const stdin = this.io.stdin;
        if (!stdin) return 1;
        const nl = stdin.indexOf("\n");
        const line = nl >= 0 ? stdin.slice(0, nl) : stdin;
        this.io = { ...this.io, stdin: nl >= 0 ? stdin.slice(nl + 1) : "" };
        const fields = line.trim().split(/[ \t]+/);
        (names.length ? names : ["REPLY"]).forEach((n, i, all) => {
          this.setVar(n, i === all.length - 1 ? fields.slice(i).join(" ") : (fields[i] ?? ""));
        });
        return 0;
      }
      case "let": {
        let v = 0;
        for (const a of args) v = this.arith(a);
        return v === 0 ? 1 : 0;
      }
      case "type":
      case "command": {
        const names = args.filter((a) => !a.startsWith("-"));
        if (name === "command" && !args.some((a) => a === "-v" || a === "-V")) {
          return names.length ? this.dispatch(names, []) : 0;
        }
        let s = 0;
        for (const n of names) {
          if (BUILTINS.has(n)) out(name === "type" ? `${n} is a shell builtin\n` : `${n}\n`);
          else if (this.findProgram(n)) out(name === "type" ? `${n} is /bin/${n}\n` : `/bin/${n}\n`);
          else s = 1;
        }
        return s;
      }
      case "kill":
        // Signals between processes of the container are not simulated.
        return 0;
      case "ulimit":
        out("unlimited\n");
        return 0;
      case "umask":
        out("0022\n");
        return 0;
      case "hash":
        return 0;
      default: {
        const prog = this.sys.utils[name];
        return prog ? prog(this, argv, false) : 127;
      }
    }
  }

  private trap(args: string[]): number {
    if (args.length === 0) {
      for (const [sig, h] of this.traps) this.io.out.write(`trap -- '${h}' ${sig}\n`);
      return 0;
    }
    const [action, ...sigs] = args.length === 1 ? ["-", ...args] : args;
    for (const s of sigs) {
      const sig = SIGNALS[s.toUpperCase().replace(/^SIG/, "")];
      if (!sig) {
        this.shErr(`trap: ${s}: bad trap`);
        return 1;
      }
      if (action === "-") this.traps.delete(sig);
      else this.traps.set(sig, action);
    }
    return 0;
  }

  // ---------- expansion ----------

  arith(expr: string): number {
    return evalArith(expr, {
      get: (n) => this.getVar(n),
      set: (n, v) => this.setVar(n, v),
    });
  }

  private commandSubst(body: List): string {
    const cap = new CaptureWriter();
    const savedIo = this.io;
    const saved = this.snapshotVars();
    const savedPositional = this.positional;
    this.io = { stdin: "", out: cap, err: savedIo.err };
    let s: number;
    try {
      s = this.runList(body);
    } catch (e) {
      if (e instanceof ExitSignal) s = e.code;
      else throw e;
    } finally {
      this.io = savedIo;
      this.restoreVars(saved);
      this.positional = savedPositional;
    }
    this.lastSubst = s;
    this.setStatus(s);
    return cap.text.replace(/\n+$/, "");
  }

  private varPart(p: Extract<Word["parts"][number], { k: "var" }>): string {
    const v = this.getVar(p.name);
    const arg = () => (p.arg ? this.expandString(p.arg) : "");
    switch (p.op) {
      case undefined:
        return v ?? "";
      case "#len":
        return String((v ?? "").length);
      case ":-":
        return v ? v : arg();
      case "-":
        return v !== undefined ? v : arg();
      case ":=":
      case "=":
        if (p.op === ":=" ? !v : v === undefined) {
          const a = arg();
          this.setVar(p.name, a);
          return a;
        }
        return v ?? "";
      case ":+":
        return v ? arg() : "";
      case "+":
        return v !== undefined ? arg() : "";
      case ":?":
      case "?":
        if (p.op === ":?" ? !v : v === undefined) {
          this.shErr(`${p.name}: ${arg() || "parameter not set"}`);
          throw new ExitSignal(this.flavour === "bash" ? 1 : 2);
        }
        return v ?? "";
      case "#":
      case "##":
      case "%":
      case "%%": {
        const s = v ?? "";
        const re = globRegex(arg(), false);
        if (p.op.startsWith("#")) {
          const lens = [...Array(s.length + 1).keys()];
          if (p.op === "##") lens.reverse();
          for (const n of lens) if (re.test(s.slice(0, n))) return s.slice(n);
          return s;
        }
        const starts = [...Array(s.length + 1).keys()];
        if (p.op === "%") starts.reverse();
        for (const n of starts) if (re.test(s.slice(n))) return s.slice(0, n);
        return s;
      }
    }
    return v ?? "";
  }

  private partValue(p: Word["parts"][number]): string {
    switch (p.k) {
      case "lit":
        return p.v;
      case "var":
        return this.varPart(p);
      case "cmd":
        return this.commandSubst(p.body);
      case "arith": {
        try {
          return String(this.arith(this.expandString(p.expr)));
        } catch (e) {
          if (e instanceof ArithError) {
            this.shErr(e.message);
            throw new ExitSignal(2);
          }
          throw e;
        }
      }
    }
  }

  /** Expands a word without field splitting (assignments, redirection targets, case words). */
  expandString(w: Word): string {
    let s = "";
    for (const p of w.parts) s += this.partValue(p);
    return s;
  }

  /** Expands a word into fields: unquoted expansions split on blanks, "$@" gives one field per argument. */
  expandFields(w: Word): string[] {
    const fields: string[] = [];
    let cur = "";
    let has = false;
    const push = () => {
      if (cur !== "" || has) fields.push(cur);
      cur = "";
      has = false;
    };
    for (const p of w.parts) {
      if (p.k === "var" && p.name === "@" && p.q && !p.op) {
        this.positional.forEach((a, i) => {
          if (i > 0) push();
          cur += a;
          has = true;
        });
        continue;
      }
      const v = this.partValue(p);
      if (p.k === "lit" || p.q) {
        cur += v;
        if (p.q || v) has = true;
        continue;
      }
      v.split(/[ \t\n]+/).forEach((seg, i) => {
        if (i > 0) push();
        if (seg) {
          cur += seg;
          has = true;
        }
      });
    }
    push();
    return fields;
  }

  // ---------- redirections ----------

  /** Opens a redirection list on top of the current io; undefined (after printing why) when one fails. */
  private openRedirs(redirs: Redir[]): IO | undefined {
    const io: IO = { ...this.io };
    const w = this.world;
    for (const r of redirs) {
      if (r.op === "<<") {
        io.stdin = r.heredoc ? this.expandString(r.heredoc) : "";
        continue;
      }
      const target = this.expandString(r.target);
      if (r.op === ">&" || r.op === "<&") {
        if (r.fd === 2 && target === "1") io.err = io.out;
        else if (r.fd === 1 && target === "2") io.out = io.err;
        else if (target === "-") {
          if (r.fd === 1) io.out = nullWriter;
          if (r.fd === 2) io.err = nullWriter;
        }
        continue;
      }
      if (r.op === "<") {
        const p = resolvePath(this.cwd, target);
        const text = p === "/dev/null" ? "" : w.fs.files.get(p);
        if (text === undefined) {
          this.shErr(
            this.flavour === "ash"
              ? `can't open '${target}': No such file or directory`
              : this.flavour === "dash"
                ? `cannot open ${target}: No such file`
                : `${target}: No such file or directory`,
          );
          return undefined;
        }
        io.stdin = text;
        continue;
      }
      const p = resolvePath(this.cwd, target);
      let writer: Writer;
      if (p === "/dev/null") writer = nullWriter;
      else if (p === "/dev/stdout" || p === "/proc/self/fd/1") writer = this.io.out;
      else if (p === "/dev/stderr" || p === "/proc/self/fd/2") writer = this.io.err;
      else if (p === "/proc/1/fd/1") writer = w.out;
      else if (p === "/proc/1/fd/2") writer = w.err;
      else if (w.fs.isDir(p)) {
        this.shErr(
          this.flavour === "ash" ? `can't create ${target}: Is a directory` : `cannot create ${target}: Is a directory`,
        );
        return undefined;
      } else writer = new FileWriter(w, p, r.op === ">>");
      if (r.both) {
        io.out = writer;
        io.err = writer;
      } else if (r.fd === 2) io.err = writer;
      else io.out = writer;
    }
    return io;
  }
}

/** Appends to a file as the command writes, so the file exists (empty) as soon as it is opened. */
class FileWriter implements Writer {
  constructor(
    private readonly world: World,
    private readonly path: string,
    append: boolean,
  ) {
    if (!append || !world.fs.files.has(path)) world.fsChange(path, "");
  }
  write(s: string): void {
    if (s) this.world.fsChange(this.path, (this.world.fs.files.get(this.path) ?? "") + s);
  }
}

/** What an iteration did, relative to its start: used to compare iterations. */
function shapeOf(evs: Ev[], start: number): string {
  let s = "";
  for (const e of evs) {
    if (e.k === "line") s += `|L${e.stream[3]}${e.at - start}`;
    else if (e.k === "fs") s += `|F${e.at - start}${e.e.path}${e.e.content === null ? "-" : "+"}`;
    else s += `|P${e.port}`;
  }
  return s;
}

function globRegex(pattern: string, anchored = true): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(anchored ? `^${re}$` : `^${re}$`, "s");
}

export function globMatch(pattern: string, s: string): boolean {
  return globRegex(pattern).test(s);
}

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export type { Periodic };
