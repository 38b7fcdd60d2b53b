/**
 * The simulated kubelet's own memory of a pod: what a real kubelet keeps in its pod workers, back-off tables
 * and prober workers. Stored per pod as JSON (see state-store.ts) so a woken Durable Object continues exactly
 * where it stopped; the pod's status is a projection of it (status.ts).
 */
import type { ContainerInput, ContainerRun, PullOutcome } from "../sim/program";

/** The functions that decide what simulated images and processes do (src/sim/run-container.ts). */
export interface Program {
  runContainer(input: ContainerInput): ContainerRun;
  pullOutcome(image: string, annotations: Record<string, string>, container?: string): PullOutcome;
}

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** One entry of client-go's flowcontrol.Backoff: the current delay and when it was last extended. */
export interface BackoffEntry {
  ms: number;
  last: number;
}

export type ProbeKind = "startup" | "liveness" | "readiness";

/** A prober worker (pkg/kubelet/prober/worker.go): its tick schedule and consecutive-result counters. */
export interface ProbeState {
  /** Next tick of this worker (ticks are anchored at the pod's admission, every periodSeconds). */
  next: number;
  lastResult?: boolean;
  run: number;
  /** Liveness/startup failed: the container is being killed, the worker holds until it restarts. */
  onHold?: boolean;
  /** Last time a failure event was written (failures in between are counted at the next wake). */
  eventAt?: number;
}

export type Stage =
  | "new" // not started yet (waits for its turn)
  | "pulling"
  | "pullFailed" // ErrImagePull, until the next sync shows the back-off
  | "pullBackOff" // ImagePullBackOff until due
  | "neverPull" // ErrImageNeverPull
  | "configError" // CreateContainerConfigError until a ConfigMap/Secret appears
  | "running"
  | "crashBackOff" // CrashLoopBackOff until due
  | "terminated" // exited and will not restart
  | "stopped"; // never ran and the pod is terminating

export interface ContainerState {
  name: string;
  init: boolean;
  sidecar: boolean;
  stage: Stage;
  /** When the stage's timer fires: pull done, back-off over, or (running) when the process exits. */
  due?: number;
  /** How many containers were created for it so far (restartCount = runs - 1). */
  runs: number;
  image: string;
  imageID?: string;
  /** The image name the runtime reported for an adopted container (kind's `-amd64` names), kept as is. */
  reportedImage?: string;
  waitingReason?: string;
  waitingMessage?: string;
  pull?: PullOutcome;
  pullStartedAt?: number;
  pullBackoff?: BackoffEntry;
  crashBackoff?: BackoffEntry;
  containerID?: string;
  startedAt?: number;
  input?: ContainerInput;
  /** The exit scheduled for the current run (natural, OOM, or after a kill). */
  exitCode?: number;
  exitReason?: string;
  killing?: boolean;
  /** When SIGTERM reached the current run (its shutdown lines are logged then). */
  sigtermAt?: number;
  state?: Terminated;
  last?: Terminated;
  started: boolean;
  ready: boolean;
  probes: Partial<Record<ProbeKind, ProbeState>>;
}

export interface PodState {
  uid: string;
  node: string;
  /** When the kubelet admitted the pod (prober ticks are anchored here). */
  seenAt: number;
  sandboxAt?: number;
  podIP?: string;
  hostIP: string;
  /** Seeded pods the kubelet found running: their probes are taken as passing. */
  adopted?: boolean;
  init: ContainerState[];
  containers: ContainerState[];
  terminating?: { since: number; deadline: number };
  /** Terminal phase reached: the sandbox is gone, nothing restarts. */
  finished?: string;
  /** Waiting for a ConfigMap/Secret (CreateContainerConfigError): their changes wake the pod. */
  configWait?: boolean;
}
