/**
 * runContainer: the simulated process of one container run, computed from the image, command, args and env
 * (src/sim/program.ts describes the contract). The process is executed once, up front, into a trace — log
 * lines, file changes, listening ports, how it ends — with endless loops kept as periodic stretches
 * generated on demand, so asking for the last minute of a week-old `while true` loop costs a few
 * iterations. Results are cached by input: the kubelet can call this as often as it likes.
 */

import { parseGoDuration } from "../kube/duration";
import { CONTAINER_ANNOTATIONS, containerAnnotation } from "./annotations";
import { imageProfile, parseImageRef, unknownProfile } from "./images";
import type { ContainerInput, ContainerRun, LogLine } from "./program";
import { unknownApp } from "./servers";
import { Fs } from "./shell/fs";
import { ExitSignal, type Program, Shell, type Sys } from "./shell/interp";
import { UTILS } from "./shell/utils";
import {
  CaptureWriter,
  type Ev,
  type Facts,
  Forever,
  LoopForever,
  type Periodic,
  type SigtermSpec,
  StepCapExceeded,
  World,
} from "./shell/world";

export { pullOutcome } from "./pull";

/** Lines returned when the caller gives no limit (the kubelet keeps ~10Mi of logs per container anyway). */
export const DEFAULT_LOG_LINES = 10_000;
/** Steps an exec'd command (probe, `kubectl exec`) may run. */
const EXEC_STEPS = 20_000;

const CACHE_SIZE = 64;
const cache = new Map<string, ContainerRun>();

export function runContainer(input: ContainerInput): ContainerRun {
  const key = JSON.stringify(input);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const run = simulate(input);
  cache.set(key, run);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return run;
}

const RUNC =
  "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process:";

/** runc's reason for not finding an executable: $PATH lookup for names, stat for paths. */
function notFound(exe: string): string {
  return exe.includes("/")
    ? `exec: "${exe}": stat ${exe}: no such file or directory`
    : `exec: "${exe}": executable file not found in $PATH`;
}

interface Setup {
  sys: Sys;
  env: [string, string][];
  workdir: string;
  baseFs: Fs;
  facts: Facts;
  argv: string[];
  main: Program | undefined;
}

function setup(input: ContainerInput): Setup {
  const ref = parseImageRef(input.image);
  const known = imageProfile(ref);
  const prof = known ?? unknownProfile();
  const command = input.command?.length ? input.command : undefined;
  const args = input.args?.length ? input.args : undefined;
  // Kubernetes: `command` replaces ENTRYPOINT (and drops CMD), `args` replaces CMD.
  const argv = command ? [...command, ...(args ?? [])] : [...prof.entrypoint, ...(args ?? prof.cmd)];
  const sys: Sys = {
    flavour: prof.flavour,
    userland: prof.userland,
    hasBash: prof.bash,
    hasUtils: prof.utils,
    programs: prof.programs,
    utils: UTILS,
    stdinOpen: !!input.stdin,
  };
  const env: [string, string][] = [];
  const setEnv = (k: string, v: string) => {
    const i = env.findIndex(([n]) => n === k);
    if (i >= 0) env[i] = [k, v];
    else env.push([k, v]);
  };
  setEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  setEnv("HOSTNAME", input.hostname);
  for (const [k, v] of prof.env) setEnv(k, v);
  for (const [k, v] of Object.entries(input.env ?? {})) setEnv(k, v);
  if (!env.some(([k]) => k === "HOME")) setEnv("HOME", "/root");

  const fs = new Fs();
  for (const d of prof.dirs) fs.dirs.add(d);
  for (const d of [
    "/var/run",
    "/var/run/secrets",
    "/var/run/secrets/kubernetes.io",
    "/var/run/secrets/kubernetes.io/serviceaccount",
  ])
    fs.dirs.add(d);
  fs.files.set("/etc/hostname", `${input.hostname}\n`);
  fs.files.set(
    "/etc/hosts",
    `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${input.podIP ?? "10.244.1.2"}\t${input.hostname}\n`,
  );
  fs.files.set(
    "/etc/resolv.conf",
    `search ${input.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
  );
  fs.files.set("/var/run/secrets/kubernetes.io/serviceaccount/namespace", input.namespace);
  for (const [p, text] of Object.entries(prof.files)) fs.files.set(p, text);
  fs.dirs.add(prof.workdir);

  const facts: Facts = {
    hostname: input.hostname,
    podName: input.podName,
    namespace: input.namespace,
    podIP: input.podIP,
    startedAtMs: input.startedAtMs,
    restartCount: input.restartCount,
    dns: input.dns,
  };
  const probeShell = rootShell(new World(input.startedAtMs, fs, facts), sys, env, prof.workdir);
  let main = argv.length ? probeShell.findProgram(argv[0]) : undefined;
  // An image the simulator does not know runs its own program: a silent server on its declared ports.
  if (!main && !known) main = unknownApp(input.ports ?? []);
  return { sys, env, workdir: prof.workdir, baseFs: fs, facts, argv, main };
}

function rootShell(world: World, sys: Sys, env: [string, string][], workdir: string): Shell {
  const sh = new Shell(world, sys, sys.flavour, { stdin: "", out: world.out, err: world.err });
  for (const [k, v] of env) {
    sh.vars.set(k, v);
    sh.exported.add(k);
  }
  sh.cwd = workdir;
  return sh;
}

type Ending = { k: "exit"; at: number; code: number } | { k: "forever"; sigterm: SigtermSpec | undefined };

/** SIGTERM handling of a PID-1 shell: its TERM trap, run at `at` in a copy of the run. */
function trapSigterm(world: World, sh: Shell): SigtermSpec | undefined {
  const handler = sh.traps.get("TERM");
  if (!handler) return undefined;
  const runHandler = (at: number) => {
    const w = world.fork(at, EXEC_STEPS);
    const copy = sh.cloneInto(w);
    let code: number | undefined;
    try {
      copy.runScript(handler);
    } catch (e) {
      if (e instanceof ExitSignal) code = e.code;
    }
    w.out.flush();
    w.err.flush();
    return { code, events: w.events };
  };
  const probe = runHandler(world.now);
  // A handler that does not exit lets the script carry on: the signal is effectively ignored.
  if (probe.code === undefined) return undefined;
  return {
    exitMs: 0,
    code: probe.code,
    lines: (at) =>
      runHandler(at).events.flatMap((e) => (e.k === "line" ? [{ at: e.at, stream: e.stream, text: e.text }] : [])),
  };
}

function execute(s: Setup, startedAtMs: number): { world: World; ending: Ending } {
  const world = new World(startedAtMs, s.baseFs.clone(), s.facts);
  const root = rootShell(world, s.sys, s.env, s.workdir);
  let ending: Ending;
  const shellSigterm = () => {
    const sh = world.pid1Shell as Shell | undefined;
    return sh ? trapSigterm(world, sh) : world.pid1Sigterm;
  };
  try {
    const code = s.main!(root, s.argv, true);
    ending = { k: "exit", at: world.now, code };
  } catch (e) {
    if (e instanceof ExitSignal) ending = { k: "exit", at: world.now, code: e.code };
    else if (e instanceof Forever) {
      // A PID-1 program handles SIGTERM itself; a shell waiting on a foreground child defers its trap until
      // the child ends (never), while `wait` is interrupted at once.
      const sigterm = e.pid1 ? e.sigterm : e.kind === "wait" ? shellSigterm() : undefined;
      ending = { k: "forever", sigterm };
    } else if (e instanceof LoopForever || e instanceof StepCapExceeded)
      ending = { k: "forever", sigterm: shellSigterm() };
    else throw e;
  }
  world.out.flush();
  world.err.flush();
  return { world, ending };
}

function firstAtOrAfter<T extends { at: number }>(xs: T[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const toLogLine = (e: Ev & { k: "line" }): LogLine => ({ atMs: e.at, text: e.text, stream: e.stream });

/** Lines of a periodic stretch in [from, to), the newest `max` of them. */
function periodicLines(p: Periodic & { perIter: number }, from: number, to: number, max: number): LogLine[] {
  if (p.perIter === 0) return [];
  const end = p.startAt + p.count * p.period;
  const a = Math.max(from, p.startAt);
  const b = Math.min(to, end + p.period);
  if (a >= b) return [];
  // An iteration's lines lie in [start, start + period] (a line may land on the boundary).
  const nLo = Math.max(0, Math.floor((a - p.startAt) / p.period) - 1);
  const nHi = Math.min(p.count - 1, Math.floor((b - 1 - p.startAt) / p.period));
  const chunks: LogLine[][] = [];
  let got = 0;
  for (let n = nHi; n >= nLo && got < max; n--) {
    const ls = p
      .gen(n)
      .filter((e): e is Ev & { k: "line" } => e.k === "line" && e.at >= from && e.at < to)
      .map(toLogLine);
    chunks.push(ls);
    got += ls.length;
  }
  return chunks.reverse().flat();
}

function simulate(input: ContainerInput): ContainerRun {
  const s = setup(input);
  const start = input.startedAtMs;
  if (!s.main) {
    const exe = s.argv[0] ?? "";
    const startError = s.argv.length
      ? `${RUNC} ${notFound(exe)}: unknown`
      : `${RUNC} exec: no command specified: unknown`;
    return {
      startError,
      exit: { atMs: start, code: 128 },
      listensOn: [],
      logs: () => [],
      exec: () => ({ code: 126, stdout: "", stderr: "container is not running" }),
      httpGet: () => undefined,
    };
  }
  const { world, ending } = execute(s, start);
  const events = [...world.events].sort((x, y) => x.at - y.at);
  const lines = events.filter((e): e is Ev & { k: "line" } => e.k === "line");
  const fsEvents = events.filter((e): e is Ev & { k: "fs" } => e.k === "fs");
  const listens = events.filter((e): e is Ev & { k: "listen" } => e.k === "listen");
  const periodics = world.periodics.map((p) => {
    const perIter = p.gen(0).filter((e) => e.k === "line").length;
    return { ...p, perIter };
  });

  // Scripted exits from annotations: the earliest of the natural exit and the override wins.
  let exit = ending.k === "exit" ? { atMs: ending.at, code: ending.code } : undefined;
  const ann = (k: string) => containerAnnotation(input.annotations, k, input.name);
  const overrides: { atMs: number; code: number }[] = [];
  const crashAfter = ann(CONTAINER_ANNOTATIONS.crashAfter);
  const crashMs = crashAfter !== undefined ? parseGoDuration(crashAfter) : undefined;
  if (crashMs !== undefined) overrides.push({ atMs: start + crashMs, code: 1 });
  const exitCode = ann(CONTAINER_ANNOTATIONS.exitCode);
  const exitAfter = ann(CONTAINER_ANNOTATIONS.exitAfter);
  const exitMs = exitAfter !== undefined ? parseGoDuration(exitAfter) : undefined;
  if (exitCode !== undefined && /^\d+$/.test(exitCode.trim()))
    overrides.push({ atMs: start + (exitMs ?? 0), code: Number(exitCode) & 255 });
  else if (exitMs !== undefined) overrides.push({ atMs: start + exitMs, code: 0 });
  for (const o of overrides) if (!exit || o.atMs < exit.atMs) exit = o;

  const sigterm = ending.k === "forever" ? ending.sigterm : undefined;
  const running = (at: number) => !exit || at < exit.atMs;

  const fsAt = (t: number): Fs => {
    const fs = s.baseFs.clone();
    for (const e of fsEvents) {
      if (e.at > t) break;
      fs.apply(e.e);
    }
    for (const p of periodics) {
      const end = p.startAt + p.count * p.period;
      if (t < p.startAt || t >= end) continue;
      const n = Math.floor((t - p.startAt) / p.period);
      for (const e of p.gen(n)) if (e.k === "fs" && e.at <= t) fs.apply(e.e);
    }
    return fs;
  };

  const listensOn: { port: number; fromMs: number }[] = [];
  for (const l of listens) {
    if (exit && l.at > exit.atMs) continue;
    if (!listensOn.some((x) => x.port === l.port)) listensOn.push({ port: l.port, fromMs: l.at });
  }

  return {
    exit,
    sigtermExitMs: sigterm?.exitMs,
    sigtermExitCode: sigterm?.code,
    listensOn,
    logs(fromMs: number, toMs: number, limit?: number): LogLine[] {
      const to = exit ? Math.min(toMs, exit.atMs + 1) : toMs;
      const max = limit ?? DEFAULT_LOG_LINES;
      if (to <= fromMs || max <= 0) return [];
      const lo = firstAtOrAfter(lines, fromMs);
      const hi = firstAtOrAfter(lines, to);
      let picked = lines.slice(Math.max(lo, hi - max), hi).map(toLogLine);
      for (const p of periodics) picked = picked.concat(periodicLines(p, fromMs, to, max));
      picked.sort((x, y) => x.atMs - y.atMs);
      return picked.slice(-max);
    },
    exec(command: string[], atMs: number) {
      const w = new World(atMs, fsAt(atMs), s.facts, EXEC_STEPS, false);
      const out = new CaptureWriter();
      const err = new CaptureWriter();
      const sh = rootShell(w, s.sys, s.env, s.workdir);
      sh.io = { stdin: "", out, err };
      const prog = command.length ? sh.findProgram(command[0]) : undefined;
      if (!prog) {
        const why = command.length ? notFound(command[0]) : "exec: no command specified";
        return {
          code: 126,
          stdout: "",
          stderr: `OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`,
        };
      }
      let code: number;
      try {
        code = prog(sh, command, false);
      } catch (e) {
        if (e instanceof ExitSignal) code = e.code;
        else if (e instanceof Forever || e instanceof LoopForever || e instanceof StepCapExceeded) code = 1;
        else throw e;
      }
      return { code, stdout: out.text, stderr: err.text };
    },
    httpGet(port: number, path: string, atMs: number): number | undefined {
      if (!running(atMs)) return undefined;
      const l = listens.find((x) => x.port === port && x.at <= atMs);
      if (!l?.http) return undefined;
      return l.http(path, fsAt(atMs), atMs);
    },
    sigtermLogs(atMs: number): LogLine[] {
      return (sigterm?.lines?.(atMs) ?? []).map((l) => ({ atMs: l.at, text: l.text, stream: l.stream }));
    },
  };
}
