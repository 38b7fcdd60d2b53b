/**
 * HorizontalPodAutoscaler columns (printers.go printHorizontalPodAutoscaler / formatHPAMetrics): NAME REFERENCE
 * TARGETS MINPODS MAXPODS REPLICAS AGE. The printer works on the internal (autoscaling/v2-shaped) object, so an
 * autoscaling/v1 object is first converted as Convert_v1_HorizontalPodAutoscaler_To_autoscaling does:
 * targetCPUUtilizationPercentage becomes one Resource "cpu" Utilization metric, currentCPUUtilizationPercentage
 * its current status.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, int, nameColumn, type Rec, rec, recOrUndef, str } from "./common";
import { quantityPtrString } from "./quantities";

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** True for an autoscaling/v1 object (or an unversioned one with only the v1 CPU fields). */
function isV1(hpa: KObject): boolean {
  if (hpa.apiVersion !== undefined) return hpa.apiVersion === "autoscaling/v1";
  const spec = field(hpa, "spec");
  return spec.metrics === undefined && spec.targetCPUUtilizationPercentage !== undefined;
}

/** spec.metrics and status.currentMetrics in their autoscaling/v2 shape. */
export function hpaMetrics(hpa: KObject): { specs: Rec[]; statuses: Rec[] } {
  const spec = field(hpa, "spec");
  const status = field(hpa, "status");
  if (!isV1(hpa)) {
    return { specs: arr(spec.metrics).map(rec), statuses: arr(status.currentMetrics).map(rec) };
  }
  const specs: Rec[] = [];
  const statuses: Rec[] = [];
  if (present(spec.targetCPUUtilizationPercentage)) {
    specs.push({
      type: "Resource",
      resource: {
        name: "cpu",
        target: { type: "Utilization", averageUtilization: int(spec.targetCPUUtilizationPercentage) },
      },
    });
  }
  if (present(status.currentCPUUtilizationPercentage)) {
    statuses.push({
      type: "Resource",
      resource: { name: "cpu", current: { averageUtilization: int(status.currentCPUUtilizationPercentage) } },
    });
  }
  return { specs, statuses };
}

/** Object and External sources: "current/target (avg)" for an AverageValue target, else "current/value". */
function valueMetric(source: Rec, status: Rec | undefined): string {
  const target = rec(source.target);
  const current = status ? rec(status.current) : undefined;
  if (present(target.averageValue)) {
    const cur = current && present(current.averageValue) ? quantityPtrString(current.averageValue) : "<unknown>";
    return `${cur}/${quantityPtrString(target.averageValue)} (avg)`;
  }
  const cur = current ? quantityPtrString(current.value) : "<unknown>";
  return `${cur}/${quantityPtrString(target.value)}`;
}

/** Resource and ContainerResource sources: "name: current/target", utilizations as percentages. */
function resourceMetric(source: Rec, status: Rec | undefined): string {
  const target = rec(source.target);
  const current = status ? rec(status.current) : undefined;
  const name = str(source.name);
  if (present(target.averageValue)) {
    const cur = current ? quantityPtrString(current.averageValue) : "<unknown>";
    return `${name}: ${cur}/${quantityPtrString(target.averageValue)}`;
  }
  const cur = current && present(current.averageUtilization) ? `${int(current.averageUtilization)}%` : "<unknown>";
  const tgt = present(target.averageUtilization) ? `${int(target.averageUtilization)}%` : "<auto>";
  return `${name}: ${cur}/${tgt}`;
}

/**
 * formatHPAMetrics: one entry per spec metric, matched with the status metric at the same index (whichever
 * source that status carries), at most two shown then " + N more...", "<none>" without metrics.
 */
export function formatHPAMetrics(specs: readonly Rec[], statuses: readonly Rec[]): string {
  if (specs.length === 0) return "<none>";
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = i < statuses.length ? statuses[i] : undefined;
    const sub = (key: string) => (st ? recOrUndef(st[key]) : undefined);
    switch (str(spec.type)) {
      case "External":
        list.push(valueMetric(rec(spec.external), sub("external")));
        break;
      case "Pods": {
        const pods = sub("pods");
        const cur = pods ? quantityPtrString(rec(pods.current).averageValue) : "<unknown>";
        list.push(`${cur}/${quantityPtrString(rec(rec(spec.pods).target).averageValue)}`);
        break;
      }
      case "Object":
        list.push(valueMetric(rec(spec.object), sub("object")));
        break;
      case "Resource":
        list.push(resourceMetric(rec(spec.resource), sub("resource")));
        break;
      case "ContainerResource":
        list.push(resourceMetric(rec(spec.containerResource), sub("containerResource")));
        break;
      default:
        list.push("<unknown type>");
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(", ")} + ${list.length - max} more...`;
  return list.join(", ");
}

export const horizontalPodAutoscalerColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Reference",
    type: "string",
    format: "",
    description:
      "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.",
    priority: 0,
    cell: (obj) => {
      const ref = rec(field(obj, "spec").scaleTargetRef);
      return `${str(ref.kind)}/${str(ref.name)}`;
    },
  },
  {
    name: "Targets",
    type: "string",
    format: "",
    description:
      "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.",
    priority: 0,
    cell: (obj) => {
      const { specs, statuses } = hpaMetrics(obj);
      return formatHPAMetrics(specs, statuses);
    },
  },
  {
    name: "MinPods",
    type: "string",
    format: "",
    description:
      "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.",
    priority: 0,
    cell: (obj) => {
      const min = field(obj, "spec").minReplicas;
      return present(min) ? String(int(min)) : "<unset>";
    },
  },
  {
    name: "MaxPods",
    // Declared "string" in printers.go, but the cell is an int64.
    type: "string",
    format: "",
    description:
      "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.",
    priority: 0,
    cell: (obj) => int(field(obj, "spec").maxReplicas),
  },
  {
    name: "Replicas",
    // Declared "string" in printers.go, but the cell is an int64.
    type: "string",
    format: "",
    description:
      "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.",
    priority: 0,
    cell: (obj) => int(field(obj, "status").currentReplicas),
  },
  ageColumn,
];
