/**
 * The pod status a kubelet would report for a PodState (kubelet_pods.go generateAPIPodStatus, getPhase and
 * pkg/kubelet/status/generate.go): container statuses, phase, and the kubelet-owned conditions with their
 * reasons and messages. Conditions keep their lastTransitionTime while their status does not change.
 */
import { rfc3339 } from "../apiserver/time";
import type { KObject } from "../kube/object";
import { normalizedImage } from "./images";
import type { ContainerState, PodState, Terminated } from "./types";

type J = Record<string, any>;

function terminatedJson(t: Terminated): J {
  const out: J = {
    containerID: t.containerID,
    exitCode: t.exitCode,
    finishedAt: rfc3339(t.finishedAt),
  };
  if (t.message !== undefined) out.message = t.message;
  out.reason = t.reason;
  out.startedAt = rfc3339(t.startedAt);
  return out;
}

function volumeMounts(spec: J): J[] | undefined {
  const mounts = (spec.volumeMounts ?? []) as J[];
  if (!mounts.length) return undefined;
  return mounts.map((m) =>
    m.readOnly
      ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: "Disabled" }
      : { mountPath: m.mountPath, name: m.name },
  );
}

export function containerStatus(c: ContainerState, spec: J, defaultWaiting: string): J {
  let state: J;
  let containerID: string | undefined;
  if (c.stage === "running") {
    state = { running: { startedAt: rfc3339(c.startedAt ?? 0) } };
    containerID = c.containerID;
  } else if (c.state) {
    state = { terminated: terminatedJson(c.state) };
    containerID = c.state.containerID;
  } else {
    const waiting: J = { reason: c.waitingReason ?? defaultWaiting };
    if (c.waitingMessage) waiting.message = c.waitingMessage;
    state = { waiting };
    containerID = c.last?.containerID;
  }
  const known = c.imageID !== undefined && c.runs > 0;
  const out: J = {};
  if (containerID) out.containerID = containerID;
  out.image = known ? (c.reportedImage ?? normalizedImage(c.image)) : c.image;
  out.imageID = known ? c.imageID : "";
  out.lastState = c.last ? { terminated: terminatedJson(c.last) } : {};
  out.name = c.name;
  out.ready = c.stage === "running" && c.ready;
  out.restartCount = Math.max(0, c.runs - 1);
  if (c.sidecar || !c.init || c.stage === "running") out.started = c.stage === "running" && c.started;
  else out.started = false;
  out.state = state;
  const mounts = volumeMounts(spec);
  if (mounts) out.volumeMounts = mounts;
  return out;
}

/** kubelet getPhase (1.32), over the statuses built above. */
export function podPhase(spec: J, init: J[], containers: J[], podIsTerminal: boolean): string {
  const initSpecs = (spec.initContainers ?? []) as J[];
  let pendingInit = 0;
  let failedInit = 0;
  for (const s of initSpecs) {
    if (s.restartPolicy === "Always") continue;
    const cs = init.find((x) => x.name === s.name);
    if (!cs) {
      pendingInit++;
      continue;
    }
    if (cs.state.running) pendingInit++;
    else if (cs.state.terminated) {
      if (cs.state.terminated.exitCode !== 0) failedInit++;
    } else if (cs.lastState.terminated) {
      if (cs.lastState.terminated.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of (spec.containers ?? []) as J[]) {
    const cs = containers.find((x) => x.name === s.name);
    if (!cs) unknown++;
    else if (cs.state.running) running++;
    else if (cs.state.terminated) {
      stopped++;
      if (cs.state.terminated.exitCode === 0) succeeded++;
    } else if (cs.lastState.terminated) stopped++;
    else waiting++;
  }
  const policy = String(spec.restartPolicy ?? "Always");
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingInit > 0 || waiting > 0) return podIsTerminal && running === 0 ? "Failed" : "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (policy === "Always" && !podIsTerminal) return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "Never" || podIsTerminal) return "Failed";
    return "Running";
  }
  return "Pending";
}

interface Cond {
  type: string;
  status: "True" | "False";
  reason?: string;
  message?: string;
}

const goList = (names: string[]) => `[${names.join(" ")}]`;

function readinessConditions(pod: KObject, containers: J[], init: J[], phase: string): Cond[] {
  const spec = (pod.spec ?? {}) as J;
  if (phase === "Succeeded" || phase === "Failed") {
    const reason = phase === "Succeeded" ? "PodCompleted" : "PodFailed";
    return [
      { type: "Ready", status: "False", reason },
      { type: "ContainersReady", status: "False", reason },
    ];
  }
  const unready: string[] = [];
  for (const s of (spec.initContainers ?? []) as J[]) {
    if (s.restartPolicy !== "Always") continue;
    if (!init.find((x) => x.name === s.name)?.ready) unready.push(s.name);
  }
  for (const s of (spec.containers ?? []) as J[]) {
    if (!containers.find((x) => x.name === s.name)?.ready) unready.push(s.name);
  }
  const cr: Cond = unready.length
    ? {
        type: "ContainersReady",
        status: "False",
        reason: "ContainersNotReady",
        message: `containers with unready status: ${goList(unready)}`,
      }
    : { type: "ContainersReady", status: "True" };
  let ready: Cond = { ...cr, type: "Ready" };
  if (cr.status === "True") {
    const conds = ((pod.status as J | undefined)?.conditions ?? []) as J[];
    const unmet: string[] = [];
    for (const g of (spec.readinessGates ?? []) as J[]) {
      const c = conds.find((x) => x.type === g.conditionType);
      if (!c) unmet.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
      else if (c.status !== "True") {
        unmet.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
      }
    }
    if (unmet.length)
      ready = { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: unmet.join(", ") };
  }
  return [ready, cr];
}

function initializedCondition(spec: J, st: PodState, init: J[], containers: J[], phase: string): Cond {
  const incomplete = ((spec.initContainers ?? []) as J[])
    .filter((s) => s.restartPolicy !== "Always")
    .filter((s) => {
      const cs = init.find((x) => x.name === s.name);
      return !(cs?.state.terminated && cs.state.terminated.exitCode === 0);
    })
    .map((s) => String(s.name));
  if (phase === "Succeeded") return { type: "Initialized", status: "True", reason: "PodCompleted" };
  const anyStarted = containers.some((c) => c.state.running || c.state.terminated || c.lastState.terminated);
  if (!incomplete.length || anyStarted) return { type: "Initialized", status: "True" };
  void st;
  return {
    type: "Initialized",
    status: "False",
    reason: "ContainersNotInitialized",
    message: `containers with incomplete status: ${goList(incomplete)}`,
  };
}

/**
 * The full status to write: the existing status with the kubelet-owned parts replaced. `podIsTerminal`
 * marks a deleted pod whose containers have all stopped (its phase becomes final).
 */
export function buildStatus(
  pod: KObject,
  st: PodState,
  specs: { init: J[]; containers: J[] },
  now: number,
  podIsTerminal: boolean,
): { status: J; phase: string } {
  const spec = (pod.spec ?? {}) as J;
  const old = (pod.status ?? {}) as J;
  const hasInit = specs.init.length > 0;
  const defaultWaiting = hasInit ? "PodInitializing" : "ContainerCreating";
  const init = st.init.map((c, i) => containerStatus(c, specs.init[i] ?? {}, defaultWaiting));
  const containers = st.containers.map((c, i) => containerStatus(c, specs.containers[i] ?? {}, defaultWaiting));
  let phase = podPhase(spec, init, containers, podIsTerminal);
  if (st.finished) phase = st.finished;
  if (old.phase === "Succeeded" || old.phase === "Failed") phase = old.phase;

  const oldConds = (old.conditions ?? []) as J[];
  const stamp = (c: Cond): J => {
    const prev = oldConds.find((x) => x.type === c.type);
    const out: J = {
      lastProbeTime: null,
      lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : rfc3339(now),
    };
    if (c.message) out.message = c.message;
    if (c.reason) out.reason = c.reason;
    out.status = c.status;
    out.type = c.type;
    return out;
  };
  const sandbox = st.sandboxAt !== undefined && phase !== "Succeeded" && phase !== "Failed" && !podIsTerminal;
  const kubeletOwned: Cond[] = [
    { type: "PodReadyToStartContainers", status: sandbox ? "True" : "False" },
    initializedCondition(spec, st, init, containers, phase),
    ...readinessConditions(pod, containers, init, phase),
  ];
  const scheduled = oldConds.find((x) => x.type === "PodScheduled") ?? {
    lastProbeTime: null,
    lastTransitionTime: rfc3339(now),
    status: "True",
    type: "PodScheduled",
  };
  const owned = new Set(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]);
  const conditions = [...kubeletOwned.map(stamp), scheduled, ...oldConds.filter((c) => !owned.has(String(c.type)))];

  const status: J = { ...old, conditions, containerStatuses: containers };
  status.hostIP = st.hostIP;
  status.hostIPs = [{ ip: st.hostIP }];
  if (hasInit) status.initContainerStatuses = init;
  else delete status.initContainerStatuses;
  status.phase = phase;
  if (st.podIP) {
    status.podIP = st.podIP;
    status.podIPs = [{ ip: st.podIP }];
  }
  status.startTime = old.startTime ?? rfc3339(st.seenAt);
  return { status, phase };
}
