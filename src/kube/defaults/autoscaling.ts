/**
 * autoscaling HorizontalPodAutoscaler defaulting (pkg/apis/autoscaling/v1 and v2 defaults.go, Kubernetes 1.32)
 * and the empty status a new HPA is stored with.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

function specOf(o: KObject): Obj {
  if (!isPlainObject(o.spec)) o.spec = {};
  return o.spec as Obj;
}

/** The scale-up rules HPA behavior is completed with: no stabilization, Max of 4 pods / 100% per 15s. */
export const DEFAULT_SCALE_UP_RULES = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};
/** The scale-down rules: Max of 100% per 15s; the stabilization window is left to the controller's flag. */
export const DEFAULT_SCALE_DOWN_RULES = {
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

/** copyHPAScalingRules(from, defaults): set fields of `from` win. */
function completeRules(from: unknown, defaults: Obj): Obj {
  const to = structuredClone(defaults);
  if (!isPlainObject(from)) return to;
  if (has(from, "selectPolicy")) to.selectPolicy = from.selectPolicy;
  if (has(from, "stabilizationWindowSeconds")) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (Array.isArray(from.policies)) to.policies = from.policies;
  return to;
}

/**
 * autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: minReplicas 1, a cpu Utilization 80 metric when there are
 * none, and — only when a behavior is given — every unset scaling rule field filled in.
 */
export function defaultHorizontalPodAutoscaler(hpa: KObject): void {
  const spec = specOf(hpa);
  if (!has(spec, "minReplicas")) spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
    ];
  }
  if (isPlainObject(spec.behavior)) {
    spec.behavior.scaleUp = completeRules(spec.behavior.scaleUp, DEFAULT_SCALE_UP_RULES);
    spec.behavior.scaleDown = completeRules(spec.behavior.scaleDown, DEFAULT_SCALE_DOWN_RULES);
  }
  if (!isPlainObject(hpa.status)) hpa.status = { currentMetrics: null, desiredReplicas: 0 };
}

/**
 * autoscaling/v1: minReplicas 1, and the cpu target the v1 conversion defaults (80%) when neither a target nor
 * other metrics are set — what reading the object back through v1 shows.
 */
export function defaultHorizontalPodAutoscalerV1(hpa: KObject): void {
  const spec = specOf(hpa);
  if (!has(spec, "minReplicas")) spec.minReplicas = 1;
  const otherMetrics = isPlainObject(hpa.metadata.annotations)
    ? Object.hasOwn(hpa.metadata.annotations, "autoscaling.alpha.kubernetes.io/metrics")
    : false;
  if (!has(spec, "targetCPUUtilizationPercentage") && !otherMetrics) spec.targetCPUUtilizationPercentage = 80;
  if (!isPlainObject(hpa.status)) hpa.status = { currentReplicas: 0, desiredReplicas: 0 };
}
