/**
 * The HPA's replica calculator for Resource and ContainerResource metrics (pkg/controller/podautoscaler
 * replica_calculator.go and metrics/utilization.go, Kubernetes 1.32), over the pods the target's selector
 * picks and the PodMetrics metrics.k8s.io serves for them. Values are milli-units as kube keeps them
 * (millicores, milli-bytes). Errors are thrown as plain Errors carrying kube's messages, which the controller
 * wraps and shows in conditions and events.
 */
import type { KObject } from "../../kube/object";
import { parseQuantity } from "../../kube/quantity";
import type { PodCondition } from "./pods";

/** kube-controller-manager defaults: --horizontal-pod-autoscaler-tolerance and friends. */
export const TOLERANCE = 0.1;
const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;

export interface PodMetric {
  /** milli-units */
  value: number;
  timestamp: number;
  windowMs: number;
}
export type PodMetricsInfo = Map<string, PodMetric>;

type Container = { name: string; restartPolicy?: string; resources?: { requests?: Record<string, string> } };
interface PodLike {
  spec?: { containers?: Container[]; initContainers?: Container[] };
  status?: { phase?: string; startTime?: string; conditions?: PodCondition[] };
}

const milli = (q: string): number => Number(parseQuantity(q).milliValue());

/**
 * metrics.GetResourceMetric over PodMetrics objects: per pod the sum of its containers' usage of the resource
 * (a pod lacking it in some container is left out), or with `container` that one container's usage.
 */
export function resourceMetricsOf(
  podMetrics: readonly KObject[],
  resource: string,
  container: string,
): { metrics: PodMetricsInfo; timestamp: number } {
  if (podMetrics.length === 0) throw new Error("no metrics returned from resource metrics API");
  const metrics: PodMetricsInfo = new Map();
  for (const m of podMetrics) {
    const timestamp = Date.parse(String(m.timestamp));
    const windowMs = Number.parseInt(String(m.window ?? "0"), 10) * 1000;
    const containers = (m.containers ?? []) as { name: string; usage?: Record<string, string> }[];
    if (container) {
      const c = containers.find((x) => x.name === container);
      if (!c) {
        throw new Error(
          `failed to get container metrics: container ${container} not present in metrics for pod ${m.metadata.namespace}/${m.metadata.name}`,
        );
      }
      const v = c.usage?.[resource];
      if (v !== undefined) metrics.set(m.metadata.name!, { value: milli(v), timestamp, windowMs });
      continue;
    }
    let sum = 0;
    let missing = containers.length === 0;
    for (const c of containers) {
      const v = c.usage?.[resource];
      if (v === undefined) {
        missing = true;
        break;
      }
      sum += milli(v);
    }
    if (!missing) metrics.set(m.metadata.name!, { value: sum, timestamp, windowMs });
  }
  return { metrics, timestamp: Date.parse(String(podMetrics[0].timestamp)) };
}

interface Groups {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/**
 * groupPods: deleted and failed pods are ignored; pending pods count as unready; pods without a metric are
 * missing; for CPU a pod is also unready while it is not Ready or its first sample may predate readiness.
 */
function groupPods(pods: readonly KObject[], metrics: PodMetricsInfo, resource: string, nowMs: number): Groups {
  const g: Groups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name!;
    const status = (pod as PodLike).status ?? {};
    if (pod.metadata.deletionTimestamp || status.phase === "Failed") {
      g.ignored.add(name);
      continue;
    }
    if (status.phase === "Pending") {
      g.unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missing.add(name);
      continue;
    }
    if (resource === "cpu") {
      const cond = status.conditions?.find((c) => c.type === "Ready");
      let unready: boolean;
      if (!cond || !status.startTime) {
        unready = true;
      } else {
        const start = Date.parse(status.startTime);
        const transition = Date.parse(cond.lastTransitionTime ?? "") || 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > nowMs) {
          unready = cond.status === "False" || metric.timestamp < transition + metric.windowMs;
        } else {
          unready = cond.status === "False" && start + DELAY_OF_INITIAL_READINESS_STATUS_MS > transition;
        }
      }
      if (unready) {
        g.unready.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/** calculatePodRequests: requests of the containers (and sidecars) asked about, per pod, in milli-units. */
function podRequests(pods: readonly KObject[], container: string, resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    const spec = (pod as PodLike).spec ?? {};
    const containers = [
      ...(spec.containers ?? []),
      ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
    ];
    let sum = 0;
    for (const c of containers) {
      if (container !== "" && container !== c.name) continue;
      const req = c.resources?.requests?.[resource];
      if (req === undefined) {
        throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
      }
      sum += milli(req);
    }
    out.set(pod.metadata.name!, sum);
  }
  return out;
}

/** GetResourceUtilizationRatio: utilization is a whole percentage (Go integer division) of summed requests. */
function utilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, target: number) {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, m] of metrics) {
    const req = requests.get(pod);
    if (req === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += req;
    entries++;
  }
  if (requestsTotal === 0) throw new Error("no metrics returned matched known pods");
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/** GetMetricUsageRatio: average usage over the pods with a metric against the target average. */
function usageRatio(metrics: PodMetricsInfo, target: number) {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / target, usage };
}

export interface UtilizationProposal {
  replicas: number;
  utilization: number;
  rawAverage: number;
}

/** GetResourceReplicas: a Utilization target (percent of requests). */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  container: string,
  pods: readonly KObject[],
  fetched: PodMetricsInfo,
  nowMs: number,
): UtilizationProposal {
  if (pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");
  const metrics = new Map(fetched);
  const g = groupPods(pods, metrics, resource, nowMs);
  for (const p of [...g.ignored, ...g.unready]) metrics.delete(p);
  const requests = podRequests(pods, container, resource);
  if (metrics.size === 0) throw new Error("did not receive metrics for any ready pods");
  const { ratio, utilization, rawAverage } = utilizationRatio(metrics, requests, targetUtilization);
  const keep = { replicas: currentReplicas, utilization, rawAverage };

  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (Math.abs(1.0 - ratio) <= TOLERANCE) return keep;
    return { replicas: Math.ceil(ratio * g.readyPodCount), utilization, rawAverage };
  }
  if (g.missing.size > 0) {
    // Scaling down, a pod without metrics counts as using its request (or the target when above 100%);
    // scaling up, as using nothing: either way the guess holds the scale back.
    const fallback = Math.max(100, targetUtilization);
    for (const p of g.missing) {
      if (ratio < 1.0)
        metrics.set(p, { value: Math.trunc(((requests.get(p) ?? 0) * fallback) / 100), timestamp: 0, windowMs: 0 });
      else if (ratio > 1.0) metrics.set(p, { value: 0, timestamp: 0, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) for (const p of g.unready) metrics.set(p, { value: 0, timestamp: 0, windowMs: 0 });

  const next = utilizationRatio(metrics, requests, targetUtilization).ratio;
  if (Math.abs(1.0 - next) <= TOLERANCE || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) return keep;
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) return keep;
  return { replicas, utilization, rawAverage };
}

/** GetRawResourceReplicas / calcPlainMetricReplicas: an AverageValue target (milli-units per pod). */
export function rawResourceReplicas(
  currentReplicas: number,
  targetUsage: number,
  resource: string,
  pods: readonly KObject[],
  fetched: PodMetricsInfo,
  nowMs: number,
): { replicas: number; usage: number } {
  if (pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");
  const metrics = new Map(fetched);
  const g = groupPods(pods, metrics, resource, nowMs);
  for (const p of [...g.ignored, ...g.unready]) metrics.delete(p);
  if (metrics.size === 0) throw new Error("did not receive metrics for any ready pods");
  const { ratio, usage } = usageRatio(metrics, targetUsage);
  const keep = { replicas: currentReplicas, usage };

  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (Math.abs(1.0 - ratio) <= TOLERANCE) return keep;
    return { replicas: Math.ceil(ratio * g.readyPodCount), usage };
  }
  if (g.missing.size > 0) {
    for (const p of g.missing) {
      if (ratio < 1.0) metrics.set(p, { value: targetUsage, timestamp: 0, windowMs: 0 });
      else if (ratio > 1.0) metrics.set(p, { value: 0, timestamp: 0, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) for (const p of g.unready) metrics.set(p, { value: 0, timestamp: 0, windowMs: 0 });

  const next = usageRatio(metrics, targetUsage).ratio;
  if (Math.abs(1.0 - next) <= TOLERANCE || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) return keep;
  const replicas = Math.ceil(next * metrics.size);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) return keep;
  return { replicas, usage };
}
