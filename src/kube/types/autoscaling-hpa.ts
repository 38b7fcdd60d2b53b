/**
 * Schemas of HorizontalPodAutoscaler in autoscaling/v1 and autoscaling/v2 (k8s.io/api/autoscaling/v1 and v2,
 * v1.32): the v1 CPU-only shape and the v2 metrics specs/statuses and scaling behavior. The enum-like types of
 * v2 (MetricSourceType, MetricTargetType, ScalingPolicySelect, HPAScalingPolicyType) are not Go +enums, and
 * HPAScalingRules.tolerance (1.33) is left out.
 */
import { int32, int64, list, listMap, obj, quantity, str, time } from "../schema/dsl";
import { labelSelector, objectMeta, typeMeta } from "./meta";

const v1 = (name: string) => `io.k8s.api.autoscaling.v1.${name}`;
const v2 = (name: string) => `io.k8s.api.autoscaling.v2.${name}`;

// ---- autoscaling/v1 -------------------------------------------------------------------------------------

export const crossVersionObjectReferenceV1 = obj(
  v1("CrossVersionObjectReference"),
  { kind: str(), name: str(), apiVersion: str() },
  { required: ["kind", "name"], mapType: "atomic" },
);

export const horizontalPodAutoscalerSpecV1 = obj(
  v1("HorizontalPodAutoscalerSpec"),
  {
    scaleTargetRef: crossVersionObjectReferenceV1,
    minReplicas: int32(),
    maxReplicas: int32(),
    targetCPUUtilizationPercentage: int32(),
  },
  { required: ["scaleTargetRef", "maxReplicas"] },
);

export const horizontalPodAutoscalerStatusV1 = obj(
  v1("HorizontalPodAutoscalerStatus"),
  {
    observedGeneration: int64(),
    lastScaleTime: time(),
    currentReplicas: int32(),
    desiredReplicas: int32(),
    currentCPUUtilizationPercentage: int32(),
  },
  { required: ["currentReplicas", "desiredReplicas"] },
);

export const horizontalPodAutoscalerV1Schema = obj(
  v1("HorizontalPodAutoscaler"),
  {
    ...typeMeta,
    metadata: objectMeta,
    spec: horizontalPodAutoscalerSpecV1,
    status: horizontalPodAutoscalerStatusV1,
  },
  {
    description: "configuration of a horizontal pod autoscaler.",
    gvk: [{ group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler" }],
  },
);

// ---- autoscaling/v2: references, identifiers, targets ---------------------------------------------------

export const crossVersionObjectReference = obj(
  v2("CrossVersionObjectReference"),
  { kind: str(), name: str(), apiVersion: str() },
  { required: ["kind", "name"], mapType: "atomic" },
);

export const metricIdentifier = obj(
  v2("MetricIdentifier"),
  { name: str(), selector: labelSelector },
  { required: ["name"] },
);

export const metricTarget = obj(
  v2("MetricTarget"),
  { type: str(), value: quantity(), averageValue: quantity(), averageUtilization: int32() },
  { required: ["type"] },
);

export const metricValueStatus = obj(v2("MetricValueStatus"), {
  value: quantity(),
  averageValue: quantity(),
  averageUtilization: int32(),
});

// ---- autoscaling/v2: metric sources (spec) --------------------------------------------------------------

export const objectMetricSource = obj(
  v2("ObjectMetricSource"),
  { describedObject: crossVersionObjectReference, target: metricTarget, metric: metricIdentifier },
  { required: ["describedObject", "target", "metric"] },
);

export const podsMetricSource = obj(
  v2("PodsMetricSource"),
  { metric: metricIdentifier, target: metricTarget },
  { required: ["metric", "target"] },
);

export const resourceMetricSource = obj(
  v2("ResourceMetricSource"),
  { name: str(), target: metricTarget },
  { required: ["name", "target"] },
);

export const containerResourceMetricSource = obj(
  v2("ContainerResourceMetricSource"),
  { name: str(), target: metricTarget, container: str() },
  { required: ["name", "target", "container"] },
);

export const externalMetricSource = obj(
  v2("ExternalMetricSource"),
  { metric: metricIdentifier, target: metricTarget },
  { required: ["metric", "target"] },
);

export const metricSpec = obj(
  v2("MetricSpec"),
  {
    type: str(),
    object: objectMetricSource,
    pods: podsMetricSource,
    resource: resourceMetricSource,
    containerResource: containerResourceMetricSource,
    external: externalMetricSource,
  },
  { required: ["type"] },
);

// ---- autoscaling/v2: behavior ---------------------------------------------------------------------------

export const hpaScalingPolicy = obj(
  v2("HPAScalingPolicy"),
  { type: str(), value: int32(), periodSeconds: int32() },
  { required: ["type", "value", "periodSeconds"] },
);

export const hpaScalingRules = obj(v2("HPAScalingRules"), {
  stabilizationWindowSeconds: int32(),
  selectPolicy: str(),
  policies: list(hpaScalingPolicy),
});

export const horizontalPodAutoscalerBehavior = obj(v2("HorizontalPodAutoscalerBehavior"), {
  scaleUp: hpaScalingRules,
  scaleDown: hpaScalingRules,
});

export const horizontalPodAutoscalerSpec = obj(
  v2("HorizontalPodAutoscalerSpec"),
  {
    scaleTargetRef: crossVersionObjectReference,
    minReplicas: int32(),
    maxReplicas: int32(),
    metrics: list(metricSpec),
    behavior: horizontalPodAutoscalerBehavior,
  },
  { required: ["scaleTargetRef", "maxReplicas"] },
);

// ---- autoscaling/v2: metric statuses --------------------------------------------------------------------

export const objectMetricStatus = obj(
  v2("ObjectMetricStatus"),
  { metric: metricIdentifier, current: metricValueStatus, describedObject: crossVersionObjectReference },
  { required: ["metric", "current", "describedObject"] },
);

export const podsMetricStatus = obj(
  v2("PodsMetricStatus"),
  { metric: metricIdentifier, current: metricValueStatus },
  { required: ["metric", "current"] },
);

export const resourceMetricStatus = obj(
  v2("ResourceMetricStatus"),
  { name: str(), current: metricValueStatus },
  { required: ["name", "current"] },
);

export const containerResourceMetricStatus = obj(
  v2("ContainerResourceMetricStatus"),
  { name: str(), current: metricValueStatus, container: str() },
  { required: ["name", "current", "container"] },
);

export const externalMetricStatus = obj(
  v2("ExternalMetricStatus"),
  { metric: metricIdentifier, current: metricValueStatus },
  { required: ["metric", "current"] },
);

export const metricStatus = obj(
  v2("MetricStatus"),
  {
    type: str(),
    object: objectMetricStatus,
    pods: podsMetricStatus,
    resource: resourceMetricStatus,
    containerResource: containerResourceMetricStatus,
    external: externalMetricStatus,
  },
  { required: ["type"] },
);

export const horizontalPodAutoscalerCondition = obj(
  v2("HorizontalPodAutoscalerCondition"),
  {
    type: str(),
    status: str(),
    lastTransitionTime: time(),
    reason: str(),
    message: str(),
  },
  { required: ["type", "status"] },
);

export const horizontalPodAutoscalerStatus = obj(
  v2("HorizontalPodAutoscalerStatus"),
  {
    observedGeneration: int64(),
    lastScaleTime: time(),
    currentReplicas: int32(),
    desiredReplicas: int32(),
    currentMetrics: list(metricStatus),
    conditions: listMap(horizontalPodAutoscalerCondition, ["type"], { patchKey: "type" }),
  },
  { required: ["desiredReplicas"] },
);

export const horizontalPodAutoscalerV2Schema = obj(
  v2("HorizontalPodAutoscaler"),
  { ...typeMeta, metadata: objectMeta, spec: horizontalPodAutoscalerSpec, status: horizontalPodAutoscalerStatus },
  {
    description:
      "HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.",
    gvk: [{ group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler" }],
  },
);
