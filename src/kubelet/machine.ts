/**
 * One pod's lifecycle on its node, as a state machine over cluster time (KWOK-style stages, with the
 * kubelet's own rules): sandbox → per container image pull → create → start → run → exit → restart or not,
 * init containers in order before the app containers, probes, back-offs and graceful termination.
 *
 * `advance(now)` applies every transition due up to `now` in time order (a late wake catches up exactly),
 * `nextDue(now)` tells the controller when to wake next: only times where something visible changes.
 */
import type { KObject } from "../kube/object";
import type { ContainerInput, ContainerRun } from "../sim/program";
import { oomKillAt } from "../sim/usage";
import { holdsBack, nextBackoff } from "./backoff";
import { ConfigError } from "./env";
import { containerIDFor, stableHex } from "./ids";
import { findNodeImage, goDuration, imageIDOf, type NodeImage, withPulledImage } from "./images";
import { nextTick, probeHorizon, probeSpec, resetProbes, tick } from "./probes";
import type { RunRecord } from "./state-store";
import type { ContainerState, PodState, ProbeKind, Program, Terminated } from "./types";

type J = Record<string, any>;

/** Scheduled → sandbox (network namespace, pod IP) ready: what `Pulling` usually trails `Scheduled` by. */
export const SANDBOX_MS = 1000;
/** How long a failing pull takes before the registry's error comes back. */
export const PULL_FAIL_MS = 1000;
/** The pod worker's next sync after an error: when ErrImagePull turns into ImagePullBackOff. */
export const SYNC_MS = 1000;
/** The kubelet never gives a container less than 2 s to stop (minimumGracePeriodInSeconds). */
const MIN_GRACE_MS = 2000;

export interface MachineEnv {
  program: Program;
  pod: KObject;
  nodeName: string;
  podCIDR?: string;
  nodeImages: NodeImage[];
  /** Called when a pull added an image to the node. */
  imagesChanged(images: NodeImage[]): void;
  record(c: ContainerState | undefined, type: "Normal" | "Warning", reason: string, message: string): void;
  resolveEnv(spec: J, podIP: string | undefined): Record<string, string>;
  /** Service names to addresses, as the cluster DNS answers them now. */
  dns(): Record<string, string[]>;
  allocateIP(): string | undefined;
  recordRun(r: RunRecord): void;
  finishRun(containerID: string, finishedAt: number, exitCode: number, reason: string): void;
  /** SIGTERM reaches the run at `at` (its shutdown output is logged then). */
  sigterm(containerID: string, at: number): void;
}

export function newContainerState(spec: J, init: boolean): ContainerState {
  return {
    name: String(spec.name),
    init,
    sidecar: init && spec.restartPolicy === "Always",
    stage: "new",
    runs: 0,
    image: String(spec.image ?? ""),
    started: false,
    ready: false,
    probes: {},
  };
}

export class PodMachine {
  private readonly runs = new Map<string, ContainerRun>();

  constructor(
    private readonly env: MachineEnv,
    readonly st: PodState,
  ) {}

  private get pod(): KObject {
    return this.env.pod;
  }

  private get spec(): J {
    return (this.pod.spec ?? {}) as J;
  }

  specOf(c: ContainerState): J {
    const list = (c.init ? this.spec.initContainers : this.spec.containers) as J[] | undefined;
    return list?.find((s) => s.name === c.name) ?? { name: c.name, image: c.image };
  }

  all(): ContainerState[] {
    return [...this.st.init, ...this.st.containers];
  }

  runOf(c: ContainerState): ContainerRun | undefined {
    if (!c.input || !c.containerID) return undefined;
    let run = this.runs.get(c.containerID);
    if (!run) {
      run = this.env.program.runContainer(c.input);
      this.runs.set(c.containerID, run);
    }
    return run;
  }

  private podRef(): string {
    const m = this.pod.metadata;
    return `${m.name}_${m.namespace}(${m.uid})`;
  }

  // ---- driving ----

  /** Applies everything due up to `now`, then starts graceful termination if the pod is being deleted. */
  advance(now: number): void {
    if (this.st.finished) return;
    // The kubelet retries a missing ConfigMap/Secret on every sync; ours happen when one appears.
    for (const c of this.all()) if (c.stage === "configError" && c.due === undefined) c.due = now;
    this.drain(now);
    if (this.pod.metadata.deletionTimestamp && !this.st.terminating) {
      this.startTermination(now);
      this.drain(now);
    }
  }

  private drain(now: number): void {
    for (let guard = 0; guard < 200_000; guard++) {
      const next = this.earliest();
      if (!next || next.t > now) return;
      next.apply();
    }
  }

  private earliest(): { t: number; apply: () => void } | undefined {
    let best: { t: number; apply: () => void } | undefined;
    const offer = (t: number | undefined, apply: () => void) => {
      if (t !== undefined && (!best || t < best.t)) best = { t, apply };
    };
    if (this.st.sandboxAt === undefined && !this.st.terminating) {
      offer(this.st.seenAt + SANDBOX_MS, () => this.sandboxReady(this.st.seenAt + SANDBOX_MS));
    }
    for (const c of this.all()) {
      const due = c.due;
      if (due !== undefined) offer(due, () => this.onDue(c, due));
      if (c.stage === "running" && !this.st.adopted) {
        const n = nextTick(c);
        if (n) offer(n.t, () => this.onTick(c, n.kind, n.t));
      }
    }
    return best;
  }

  /** When the next visible change happens (undefined: nothing will happen by itself). */
  nextDue(now: number): number | undefined {
    if (this.st.finished) return undefined;
    let best: number | undefined;
    const offer = (t: number | undefined) => {
      if (t !== undefined && (best === undefined || t < best)) best = Math.max(t, now);
    };
    if (this.st.sandboxAt === undefined && !this.st.terminating) offer(this.st.seenAt + SANDBOX_MS);
    for (const c of this.all()) {
      offer(c.due);
      if (c.stage === "running" && !this.st.adopted) {
        const run = this.runOf(c);
        if (run)
          offer(probeHorizon(c, this.specOf(c), run, this.st.podIP ?? "", now, c.due ?? Number.POSITIVE_INFINITY));
      }
    }
    return best;
  }

  // ---- stages ----

  private sandboxReady(t: number): void {
    this.st.sandboxAt = t;
    if (!this.st.podIP) {
      this.st.podIP = this.spec.hostNetwork === true ? this.st.hostIP : (this.env.allocateIP() ?? undefined);
    }
    this.sync(t);
  }

  private onDue(c: ContainerState, t: number): void {
    switch (c.stage) {
      case "pulling":
        this.pullDone(c, t);
        break;
      case "pullFailed":
        this.pullBackOff(c, t);
        break;
      case "pullBackOff":
        c.due = undefined;
        this.begin(c, t);
        break;
      case "running":
        this.exit(c, t);
        break;
      case "crashBackOff":
        c.due = undefined;
        this.restart(c, t);
        break;
      case "configError":
        c.due = undefined;
        this.create(c, t);
        break;
      default:
        c.due = undefined;
    }
    this.sync(t);
  }

  /** Starts whatever may start now: the next init container, or (all initialised) the app containers in
   * order, one image pull at a time as the kubelet's serialized puller does. */
  sync(t: number): void {
    const st = this.st;
    if (st.terminating || st.finished || st.sandboxAt === undefined) return;
    for (const c of st.init) {
      if (c.stage === "new") this.begin(c, t);
      const done = c.sidecar ? c.stage === "running" && c.started : c.stage === "terminated" && c.state?.exitCode === 0;
      if (!done) return;
    }
    let pulling = false;
    for (const c of st.containers) {
      if (c.stage === "new" && !pulling) this.begin(c, t);
      pulling = c.stage === "new" || c.stage === "pulling";
    }
  }

  /** The image step before every container creation (EnsureImageExists). */
  private begin(c: ContainerState, t: number): void {
    const spec = this.specOf(c);
    const image = String(spec.image ?? "");
    c.image = image;
    // kubelet's reasonCache: a retry after a back-off keeps showing the back-off's reason (CrashLoopBackOff,
    // ImagePullBackOff) until a container starts, rather than going back to ContainerCreating.
    const retrying = c.stage === "crashBackOff" || c.stage === "pullBackOff" || c.stage === "pullFailed";
    if (!retrying) {
      c.waitingReason = undefined;
      c.waitingMessage = undefined;
    }
    c.due = undefined;
    const present = findNodeImage(this.env.nodeImages, image);
    const policy = String(spec.imagePullPolicy ?? "IfNotPresent");
    if (policy === "Never" && !present) {
      const msg = `Container image "${image}" is not present with pull policy of Never`;
      c.stage = "neverPull";
      c.waitingReason = "ErrImageNeverPull";
      c.waitingMessage = msg;
      this.env.record(c, "Warning", "ErrImageNeverPull", msg);
      return;
    }
    if (present && policy !== "Always") {
      this.env.record(c, "Normal", "Pulled", `Container image "${image}" already present on machine`);
      const digestName = present.names.find((n) => n.includes("@sha256:"));
      c.imageID = digestName ?? imageIDOf(image, stableHex(`image/${image}`, 64));
      this.create(c, t);
      return;
    }
    this.env.record(c, "Normal", "Pulling", `Pulling image "${image}"`);
    const outcome = this.env.program.pullOutcome(image, this.pod.metadata.annotations ?? {}, c.name);
    c.stage = "pulling";
    c.pull = outcome;
    c.pullStartedAt = t;
    c.due = t + (outcome.ok ? Math.max(0, outcome.pullMs) : PULL_FAIL_MS);
  }

  private pullDone(c: ContainerState, t: number): void {
    const o = c.pull;
    c.due = undefined;
    if (o?.ok) {
      const took = goDuration(t - (c.pullStartedAt ?? t));
      this.env.record(
        c,
        "Normal",
        "Pulled",
        `Successfully pulled image "${c.image}" in ${took} (${took} including waiting). Image size: ${o.sizeBytes} bytes.`,
      );
      const images = withPulledImage(this.env.nodeImages, c.image, o.digest, o.sizeBytes);
      if (images) {
        this.env.nodeImages = images;
        this.env.imagesChanged(images);
      }
      c.imageID = imageIDOf(c.image, o.digest);
      c.pull = undefined;
      this.create(c, t);
      return;
    }
    const message = o && !o.ok ? o.message : "failed to pull image";
    this.env.record(c, "Warning", "Failed", `Failed to pull image "${c.image}": ${message}`);
    this.env.record(c, "Warning", "Failed", "Error: ErrImagePull");
    c.pullBackoff = nextBackoff(c.pullBackoff, t);
    c.stage = "pullFailed";
    c.waitingReason = "ErrImagePull";
    c.waitingMessage = message;
    c.due = t + SYNC_MS;
  }

  private pullBackOff(c: ContainerState, t: number): void {
    const b = c.pullBackoff ?? nextBackoff(undefined, t);
    const message = c.waitingMessage ?? "";
    this.env.record(c, "Normal", "BackOff", `Back-off pulling image "${c.image}"`);
    this.env.record(c, "Warning", "Failed", "Error: ImagePullBackOff");
    c.stage = "pullBackOff";
    c.waitingReason = "ImagePullBackOff";
    c.waitingMessage = `Back-off pulling image "${c.image}": ErrImagePull: ${message}`;
    c.due = Math.max(t, b.last + b.ms);
  }

  private create(c: ContainerState, t: number): void {
    const spec = this.specOf(c);
    let env: Record<string, string>;
    try {
      env = this.env.resolveEnv(spec, this.st.podIP);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      c.stage = "configError";
      c.waitingReason = "CreateContainerConfigError";
      c.waitingMessage = e.message;
      c.due = undefined;
      this.st.configWait = true;
      this.env.record(c, "Warning", "Failed", `Error: ${e.message}`);
      return;
    }
    const restartCount = c.runs;
    c.runs++;
    const input: ContainerInput = {
      image: c.image,
      command: spec.command,
      args: spec.args,
      env,
      startedAtMs: t,
      hostname: String(this.spec.hostname ?? this.pod.metadata.name ?? ""),
      podName: String(this.pod.metadata.name ?? ""),
      namespace: String(this.pod.metadata.namespace ?? "default"),
      restartCount,
      annotations: { ...(this.pod.metadata.annotations ?? {}) },
      name: c.name,
      ports: ((spec.ports ?? []) as J[]).map((p) => Number(p.containerPort)),
      stdin: spec.stdin === true,
      podIP: this.st.podIP,
      dns: this.env.dns(),
    };
    const containerID = containerIDFor(this.st.uid, c.name, restartCount);
    const run = this.env.program.runContainer(input);
    this.runs.set(containerID, run);
    c.containerID = containerID;
    c.reportedImage = undefined;
    c.input = input;
    c.waitingReason = undefined;
    c.waitingMessage = undefined;
    c.killing = false;
    c.sigtermAt = undefined;
    if (c.state) {
      c.last = c.state;
      c.state = undefined;
    }
    this.env.record(c, "Normal", "Created", `Created container: ${c.name}`);
    this.env.recordRun({
      uid: this.st.uid,
      container: c.name,
      restartCount,
      containerID,
      startedAt: t,
      input,
    });
    if (run.startError !== undefined) {
      this.env.record(c, "Warning", "Failed", `Error: ${run.startError}`);
      c.startedAt = undefined;
      this.finish(c, t, { exitCode: 128, reason: "StartError", message: run.startError, startedAt: 0 });
      return;
    }
    this.env.record(c, "Normal", "Started", `Started container ${c.name}`);
    c.stage = "running";
    c.startedAt = t;
    c.due = undefined;
    c.exitCode = undefined;
    c.exitReason = undefined;
    if (run.exit) this.scheduleExit(c, Math.max(t, run.exit.atMs), run.exit.code, undefined);
    const oom = oomKillAt(this.pod, c.name, t);
    if (oom !== undefined) this.scheduleExit(c, oom, 137, "OOMKilled");
    if (this.st.adopted) {
      c.probes = {};
      c.started = true;
      c.ready = true;
    } else resetProbes(c, spec, this.st.seenAt, t);
  }

  private scheduleExit(c: ContainerState, at: number, code: number, reason: string | undefined): void {
    if (c.due !== undefined && c.due <= at) return;
    c.due = at;
    c.exitCode = code;
    c.exitReason = reason;
  }

  private exit(c: ContainerState, t: number): void {
    const code = c.exitCode ?? 0;
    this.finish(c, t, { exitCode: code, reason: c.exitReason ?? (code === 0 ? "Completed" : "Error") });
  }

  private finish(
    c: ContainerState,
    t: number,
    term: { exitCode: number; reason: string; message?: string; startedAt?: number },
  ): void {
    const state: Terminated = {
      exitCode: term.exitCode,
      reason: term.reason,
      startedAt: term.startedAt ?? c.startedAt ?? t,
      finishedAt: t,
      containerID: c.containerID ?? "",
    };
    if (term.message !== undefined) state.message = term.message;
    c.state = state;
    if (c.containerID) this.env.finishRun(c.containerID, t, term.exitCode, term.reason);
    c.stage = "terminated";
    c.due = undefined;
    c.ready = false;
    c.started = false;
    c.killing = false;
    c.probes = {};
    c.exitCode = undefined;
    c.exitReason = undefined;
    if (!this.willRestart(c, term.exitCode)) return;
    if (holdsBack(c.crashBackoff, t)) {
      const b = c.crashBackoff!;
      c.stage = "crashBackOff";
      c.last = c.state;
      c.state = undefined;
      c.due = t + b.ms;
      c.waitingReason = "CrashLoopBackOff";
      c.waitingMessage = `back-off ${goDuration(b.ms)} restarting failed container=${c.name} pod=${this.podRef()}`;
      this.env.record(
        c,
        "Warning",
        "BackOff",
        `Back-off restarting failed container ${c.name} in pod ${this.podRef()}`,
      );
      return;
    }
    this.restart(c, t);
  }

  private restart(c: ContainerState, t: number): void {
    c.crashBackoff = nextBackoff(c.crashBackoff, t);
    if (c.state) {
      c.last = c.state;
      c.state = undefined;
    }
    this.begin(c, t);
  }

  private willRestart(c: ContainerState, code: number): boolean {
    if (this.st.terminating || this.st.finished) return false;
    const policy = String(this.spec.restartPolicy ?? "Always");
    if (c.init) return c.sidecar || (policy !== "Never" && code !== 0);
    if (policy === "Always") return true;
    return policy === "OnFailure" && code !== 0;
  }

  // ---- probes and kills ----

  private onTick(c: ContainerState, kind: ProbeKind, t: number): void {
    const run = this.runOf(c);
    const ps = c.probes[kind];
    if (!run || !ps) {
      delete c.probes[kind];
      return;
    }
    const spec = this.specOf(c);
    if (!probeSpec(spec, kind)) {
      delete c.probes[kind];
      return;
    }
    const o = tick(c, kind, spec, run, this.st.podIP ?? "", t);
    if (o.failure) {
      this.env.record(c, "Warning", "Unhealthy", o.failure);
      ps.eventAt = t;
    }
    if (o.kill) {
      this.env.record(c, "Normal", "Killing", o.kill);
      const p = probeSpec(spec, kind) as J;
      const grace = Number(p.terminationGracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      this.kill(c, t, grace);
    }
    this.sync(t);
  }

  /** How long the preStop hook keeps the container from getting SIGTERM (a `sleep N` in it, or the sleep action). */
  private preStopMs(c: ContainerState, run: ContainerRun, t: number): number {
    const hook = this.specOf(c).lifecycle?.preStop as J | undefined;
    if (!hook) return 0;
    if (hook.sleep) return Number(hook.sleep.seconds ?? 0) * 1000;
    if (hook.exec) {
      const command = (hook.exec.command ?? []) as string[];
      run.exec(command, t);
      const m = /\bsleep\s+(\d+(?:\.\d+)?)/.exec(command.join(" "));
      return m ? Number(m[1]) * 1000 : 0;
    }
    return 0;
  }

  /** killContainer: preStop, then SIGTERM, then SIGKILL (exit 137) when the grace period runs out. */
  kill(c: ContainerState, t: number, graceMs: number): void {
    if (c.stage !== "running" || c.killing) return;
    const run = this.runOf(c);
    c.killing = true;
    const grace = Math.max(graceMs, MIN_GRACE_MS);
    const deadline = t + grace;
    const sigterm = t + (run ? Math.min(this.preStopMs(c, run, t), grace) : 0);
    if (sigterm < deadline && c.containerID) {
      c.sigtermAt = sigterm;
      this.env.sigterm(c.containerID, sigterm);
    }
    if (run?.sigtermExitMs !== undefined && sigterm + run.sigtermExitMs < deadline) {
      const code = run.sigtermExitCode ?? 0;
      this.scheduleExit(c, sigterm + run.sigtermExitMs, code, code === 0 ? "Completed" : "Error");
    } else {
      this.scheduleExit(c, deadline, 137, "Error");
    }
  }

  private startTermination(now: number): void {
    const graceSec = Number(
      this.pod.metadata.deletionGracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds ?? 30,
    );
    this.st.terminating = { since: now, deadline: now + graceSec * 1000 };
    for (const c of this.all()) {
      if (c.stage === "running") {
        this.env.record(c, "Normal", "Killing", `Stopping container ${c.name}`);
        this.kill(c, now, graceSec * 1000);
      } else if (c.stage !== "terminated") {
        c.stage = "stopped";
        c.due = undefined;
      }
    }
  }

  /** Graceful termination is over: no container runs any more. */
  stoppedForDeletion(): boolean {
    return this.st.terminating !== undefined && this.all().every((c) => c.stage !== "running");
  }

  anyRunning(): boolean {
    return this.all().some((c) => c.stage === "running");
  }
}
