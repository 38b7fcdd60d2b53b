/**
 * autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler, as kube converts them (v2 is the storage version).
 * v1 carries only the CPU utilization target; everything else v2 can say travels in the annotations kube
 * uses for it (autoscaling.alpha.kubernetes.io/metrics, .../behavior, .../conditions, .../current-metrics),
 * so a v1 round trip loses nothing.
 */
import { isPlainObject, type KObject } from "../object";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const ANN = {
  metrics: "autoscaling.alpha.kubernetes.io/metrics",
  behavior: "autoscaling.alpha.kubernetes.io/behavior",
  conditions: "autoscaling.alpha.kubernetes.io/conditions",
  currentMetrics: "autoscaling.alpha.kubernetes.io/current-metrics",
} as const;

const isCpuUtilization = (m: Obj) =>
  m.type === "Resource" && obj(m.resource).name === "cpu" && obj(obj(m.resource).target).type === "Utilization";

function parseAnnotation(annotations: Record<string, string>, key: string): unknown {
  const raw = annotations[key];
  delete annotations[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function withoutEmpty(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** autoscaling/v1 → autoscaling/v2 (storage). */
export function hpaV1ToV2(v1: KObject): KObject {
  const annotations = { ...(v1.metadata.annotations ?? {}) };
  const spec = obj(v1.spec);
  const status = obj(v1.status);
  const metrics = (parseAnnotation(annotations, ANN.metrics) as Obj[] | undefined) ?? [];
  const behavior = parseAnnotation(annotations, ANN.behavior);
  const conditions = parseAnnotation(annotations, ANN.conditions);
  const currentMetrics = (parseAnnotation(annotations, ANN.currentMetrics) as Obj[] | undefined) ?? [];
  if (typeof spec.targetCPUUtilizationPercentage === "number") {
    metrics.unshift({
      type: "Resource",
      resource: {
        name: "cpu",
        target: { type: "Utilization", averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    });
  }
  if (typeof status.currentCPUUtilizationPercentage === "number") {
    currentMetrics.unshift({
      type: "Resource",
      resource: { name: "cpu", current: { averageUtilization: status.currentCPUUtilizationPercentage } },
    });
  }
  const metadata = { ...v1.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  const out: KObject = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata,
    spec: withoutEmpty({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: metrics.length > 0 ? metrics : undefined,
      behavior,
    }),
  };
  if (v1.status !== undefined) {
    out.status = withoutEmpty({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas,
      desiredReplicas: status.desiredReplicas,
      currentMetrics: currentMetrics.length > 0 ? currentMetrics : undefined,
      conditions,
    });
  }
  return out;
}

/** autoscaling/v2 (storage) → autoscaling/v1. */
export function hpaV2ToV1(v2: KObject): KObject {
  const annotations = { ...(v2.metadata.annotations ?? {}) };
  const spec = obj(v2.spec);
  const status = obj(v2.status);
  const metrics = (Array.isArray(spec.metrics) ? spec.metrics : []).map(obj);
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length > 0) annotations[ANN.metrics] = JSON.stringify(others);
  if (spec.behavior !== undefined) annotations[ANN.behavior] = JSON.stringify(spec.behavior);
  const current = (Array.isArray(status.currentMetrics) ? status.currentMetrics : []).map(obj);
  const currentCpu = current.find((m) => m.type === "Resource" && obj(m.resource).name === "cpu");
  const otherCurrent = current.filter((m) => m !== currentCpu);
  if (otherCurrent.length > 0) annotations[ANN.currentMetrics] = JSON.stringify(otherCurrent);
  if (Array.isArray(status.conditions) && status.conditions.length > 0) {
    annotations[ANN.conditions] = JSON.stringify(status.conditions);
  }
  const metadata = { ...v2.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const out: KObject = {
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    metadata,
    spec: withoutEmpty({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: obj(obj(cpu?.resource).target).averageUtilization,
    }),
  };
  if (v2.status !== undefined) {
    out.status = withoutEmpty({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: obj(obj(currentCpu?.resource).current).averageUtilization,
    });
  }
  return out;
}
