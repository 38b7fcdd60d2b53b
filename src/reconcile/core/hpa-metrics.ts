/**
 * One HPA metric spec → a replica proposal and its MetricStatus (computeReplicasForMetric and
 * computeStatusFor*Metric of horizontal.go, Kubernetes 1.32). Resource and ContainerResource metrics read the
 * PodMetrics metrics.k8s.io serves; Pods, Object and External metrics need a custom or external metrics API
 * that a kind cluster does not have, so they fail the way they fail there.
 */
import { isPlainObject, type KObject } from "../../kube/object";
import { parseQuantity, Quantity } from "../../kube/quantity";
import { type PodMetricsInfo, rawResourceReplicas, resourceMetricsOf, resourceReplicas } from "./hpa-replicas";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

export interface MetricInput {
  currentReplicas: number;
  namespace: string;
  /** The pods the target's selector picks. */
  pods: readonly KObject[];
  /** The PodMetrics of those pods (what metrics.k8s.io answers for the selector). */
  podMetrics: readonly KObject[];
  now: number;
}

/** A failed metric: `event` is recorded and shown in ScalingActive; `error` is what the caller aggregates. */
export interface MetricFailure {
  reason: string;
  event: string;
  error: string;
}

export type MetricResult =
  | { ok: true; replicas: number; metricName: string; status: Obj }
  | { ok: false; failure: MetricFailure; status: Obj };

const milliQuantity = (v: number): string => Quantity.fromMilli(Math.trunc(v)).toString();
const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** computeStatusForResourceMetricGeneric: throws kube's error text, returns the proposal otherwise. */
function resourceGeneric(
  input: MetricInput,
  target: Obj,
  resource: string,
  container: string,
  containerSource: boolean,
): { replicas: number; metricName: string; current: Obj } {
  const fetch = (): PodMetricsInfo => {
    try {
      return resourceMetricsOf(input.podMetrics, resource, container).metrics;
    } catch (e) {
      throw new Error(`unable to get metrics for resource ${resource}: ${errText(e)}`);
    }
  };
  if (target.averageValue !== undefined && target.averageValue !== null) {
    let res: { replicas: number; usage: number };
    try {
      const targetUsage = Number(parseQuantity(String(target.averageValue)).milliValue());
      res = rawResourceReplicas(input.currentReplicas, targetUsage, resource, input.pods, fetch(), input.now);
    } catch (e) {
      throw new Error(`failed to get ${resource} usage: ${errText(e)}`);
    }
    return {
      replicas: res.replicas,
      metricName: `${resource} resource`,
      current: { averageValue: milliQuantity(res.usage) },
    };
  }
  if (typeof target.averageUtilization !== "number") {
    throw new Error(
      "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set",
    );
  }
  let res: ReturnType<typeof resourceReplicas>;
  try {
    res = resourceReplicas(
      input.currentReplicas,
      target.averageUtilization,
      resource,
      container,
      input.pods,
      fetch(),
      input.now,
    );
  } catch (e) {
    throw new Error(`failed to get ${resource} utilization: ${errText(e)}`);
  }
  return {
    replicas: res.replicas,
    metricName: containerSource
      ? `${resource} container resource utilization (percentage of request)`
      : `${resource} resource utilization (percentage of request)`,
    current: { averageValue: milliQuantity(res.rawAverage), averageUtilization: res.utilization },
  };
}

const NO_CUSTOM_METRICS =
  "unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered";
const NO_EXTERNAL_METRICS =
  "unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered";

/** computeReplicasForMetric for one entry of spec.metrics. A failed metric's status is the empty MetricStatus. */
export function computeMetric(input: MetricInput, spec: Obj): MetricResult {
  const empty = { type: "" };
  const fail = (reason: string, event: string, error: string): MetricResult => ({
    ok: false,
    failure: { reason, event, error },
    status: empty,
  });
  switch (spec.type) {
    case "Resource":
    case "ContainerResource": {
      const isContainer = spec.type === "ContainerResource";
      const src = obj(isContainer ? spec.containerResource : spec.resource);
      const name = String(src.name ?? "");
      const container = isContainer ? String(src.container ?? "") : "";
      try {
        const r = resourceGeneric(input, obj(src.target), name, container, isContainer);
        const status = isContainer
          ? { type: "ContainerResource", containerResource: { name, container, current: r.current } }
          : { type: "Resource", resource: { name, current: r.current } };
        return { ok: true, replicas: r.replicas, metricName: r.metricName, status };
      } catch (e) {
        const msg = errText(e);
        return isContainer
          ? fail("FailedGetContainerResourceMetric", msg, `failed to get ${container} container metric value: ${msg}`)
          : fail("FailedGetResourceMetric", msg, `failed to get ${name} resource metric value: ${msg}`);
      }
    }
    case "Pods": {
      const metric = String(obj(obj(spec.pods).metric).name ?? "");
      const msg = `unable to get metric ${metric}: ${NO_CUSTOM_METRICS}`;
      return fail("FailedGetPodsMetric", msg, `failed to get pods metric value: ${msg}`);
    }
    case "Object": {
      const o = obj(spec.object);
      const described = obj(o.describedObject);
      const metric = String(obj(o.metric).name ?? "");
      const msg = `unable to get metric ${metric}: ${NO_CUSTOM_METRICS} on ${described.kind} ${input.namespace}/${described.name}`;
      return fail("FailedGetObjectMetric", msg, `failed to get object metric value: ${msg}`);
    }
    case "External": {
      const metric = String(obj(obj(spec.external).metric).name ?? "");
      const msg = `unable to get external metric ${input.namespace}/${metric}/nil: ${NO_EXTERNAL_METRICS}`;
      return fail("FailedGetExternalMetric", msg, `failed to get ${metric} external metric value: ${msg}`);
    }
    default: {
      const msg = `unknown metric source type "${String(spec.type ?? "")}"`;
      return fail("InvalidMetricSourceType", msg, msg);
    }
  }
}
