/**
 * Pod columns (printers.go printPod, v1.32): NAME READY STATUS RESTARTS AGE | wide: IP NODE NOMINATED NODE
 * READINESS GATES.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, int, nameColumn, type Rec, rec, recOrUndef, str } from "./common";
import { parseTime, translateTimeSince, ZERO_TIME } from "./duration";

/** node.NodeUnreachablePodReason. */
const NODE_UNREACHABLE_POD_REASON = "NodeLost";

export interface PodSummary {
  /** READY: "ready/total", restartable init containers (sidecars) included. */
  ready: string;
  /** STATUS: the aggregate reason. */
  status: string;
  /** RESTARTS: "N" or "N (5m ago)". */
  restarts: string;
}

/** podutil.IsRestartableInitContainer: an init container with restartPolicy Always (a sidecar). */
function isRestartableInitContainer(c: Rec | undefined): boolean {
  return c !== undefined && c.restartPolicy === "Always";
}

function lastTerminationFinishedAt(status: Rec): number | undefined {
  const terminated = recOrUndef(rec(status.lastState).terminated);
  return terminated ? parseTime(terminated.finishedAt) : undefined;
}

function hasPodReadyCondition(conditions: Rec[]): boolean {
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

function isPodInitializedConditionTrue(conditions: Rec[]): boolean {
  const c = conditions.find((c) => c.type === "Initialized");
  return c !== undefined && c.status === "True";
}

/** The READY, STATUS and RESTARTS cells, computed as printPod does. */
export function summarizePod(pod: KObject, now: number): PodSummary {
  const spec = field(pod, "spec");
  const status = field(pod, "status");
  const conditions = arr(status.conditions).map(rec);
  const initContainerSpecs = arr(spec.initContainers).map(rec);

  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = arr(spec.containers).length;
  let readyContainers = 0;
  let lastRestartDate = ZERO_TIME;
  let lastRestartableInitContainerRestartDate = ZERO_TIME;

  const podPhase = str(status.phase);
  let reason = podPhase;
  if (str(status.reason) !== "") reason = str(status.reason);

  // A pod carrying {type: PodScheduled, reason: SchedulingGated} shows "SchedulingGated".
  for (const c of conditions) {
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";
  }

  const initContainers = new Map<string, Rec>();
  for (const c of initContainerSpecs) {
    initContainers.set(str(c.name), c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses).map(rec);
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    const restartable = isRestartableInitContainer(initContainers.get(str(container.name)));
    restarts += int(container.restartCount);
    const finishedAt = lastTerminationFinishedAt(container);
    if (finishedAt !== undefined && lastRestartDate < finishedAt) lastRestartDate = finishedAt;
    if (restartable) {
      restartableInitContainerRestarts += int(container.restartCount);
      if (finishedAt !== undefined && lastRestartableInitContainerRestartDate < finishedAt) {
        lastRestartableInitContainerRestartDate = finishedAt;
      }
    }
    const state = rec(container.state);
    const terminated = recOrUndef(state.terminated);
    const waiting = recOrUndef(state.waiting);
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      // Initialization failed.
      const r = str(terminated.reason);
      if (r.length === 0) {
        const signal = int(terminated.signal);
        reason = signal !== 0 ? `Init:Signal:${signal}` : `Init:ExitCode:${int(terminated.exitCode)}`;
      } else {
        reason = `Init:${r}`;
      }
    } else if (waiting && str(waiting.reason).length > 0 && waiting.reason !== "PodInitializing") {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initContainerSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses).map(rec);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += int(container.restartCount);
      const finishedAt = lastTerminationFinishedAt(container);
      if (finishedAt !== undefined && lastRestartDate < finishedAt) lastRestartDate = finishedAt;
      const state = rec(container.state);
      const terminated = recOrUndef(state.terminated);
      const waiting = recOrUndef(state.waiting);
      if (waiting && str(waiting.reason) !== "") {
        reason = str(waiting.reason);
      } else if (terminated && str(terminated.reason) !== "") {
        reason = str(terminated.reason);
      } else if (terminated) {
        const signal = int(terminated.signal);
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${int(terminated.exitCode)}`;
      } else if (container.ready === true && recOrUndef(state.running)) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // Back to "Running" if at least one container still reports running.
    if (reason === "Completed" && hasRunning) {
      reason = hasPodReadyCondition(conditions) ? "Running" : "NotReady";
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata?.deletionTimestamp !== null;
  if (deleting && str(status.reason) === NODE_UNREACHABLE_POD_REASON) {
    reason = "Unknown";
  } else if (deleting && podPhase !== "Failed" && podPhase !== "Succeeded") {
    reason = "Terminating";
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== ZERO_TIME) {
    restartsStr = `${restarts} (${translateTimeSince(lastRestartDate, now)} ago)`;
  }

  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

// The three summary cells are asked for one after another with the same object and time.
const cache = new WeakMap<object, { now: number; summary: PodSummary }>();

function summary(pod: KObject, now: number): PodSummary {
  const hit = cache.get(pod);
  if (hit && hit.now === now) return hit.summary;
  const s = summarizePod(pod, now);
  cache.set(pod, { now, summary: s });
  return s;
}

/** The first pod IP as the internal object has it (v1 podIP is authoritative over podIPs[0]). */
function podIP(pod: KObject): string {
  const status = field(pod, "status");
  const ip = str(status.podIP) || str(rec(arr(status.podIPs)[0]).ip);
  return ip === "" ? "<none>" : ip;
}

/** "true/total" over spec.readinessGates (first matching condition per gate), "<none>" without gates. */
function readinessGates(pod: KObject): string {
  const gates = arr(field(pod, "spec").readinessGates).map(rec);
  if (gates.length === 0) return "<none>";
  const conditions = arr(field(pod, "status").conditions).map(rec);
  let trueConditions = 0;
  for (const gate of gates) {
    const c = conditions.find((c) => c.type === gate.conditionType);
    if (c && c.status === "True") trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

function orNone(s: string): string {
  return s === "" ? "<none>" : s;
}

export const podColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Ready",
    type: "string",
    format: "",
    description: "The aggregate readiness state of this pod for accepting traffic.",
    priority: 0,
    cell: (obj, now) => summary(obj, now).ready,
  },
  {
    name: "Status",
    type: "string",
    format: "",
    description: "The aggregate status of the containers in this pod.",
    priority: 0,
    cell: (obj, now) => summary(obj, now).status,
  },
  {
    name: "Restarts",
    type: "string",
    format: "",
    description:
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    priority: 0,
    cell: (obj, now) => summary(obj, now).restarts,
  },
  ageColumn,
  {
    name: "IP",
    type: "string",
    format: "",
    description:
      "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
    priority: 1,
    cell: (obj) => podIP(obj),
  },
  {
    name: "Node",
    type: "string",
    format: "",
    description:
      "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename",
    priority: 1,
    cell: (obj) => orNone(str(field(obj, "spec").nodeName)),
  },
  {
    name: "Nominated Node",
    type: "string",
    format: "",
    description:
      "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
    priority: 1,
    cell: (obj) => orNone(str(field(obj, "status").nominatedNodeName)),
  },
  {
    name: "Readiness Gates",
    type: "string",
    format: "",
    description:
      'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    priority: 1,
    cell: (obj) => readinessGates(obj),
  },
];
