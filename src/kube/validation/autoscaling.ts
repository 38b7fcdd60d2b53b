/**
 * autoscaling HorizontalPodAutoscaler validation (pkg/apis/autoscaling/validation, Kubernetes 1.32).
 *
 * kube validates the internal (v2-shaped) object for every version, so autoscaling/v1 objects are first
 * converted: their targetCPUUtilizationPercentage becomes a Resource metric (cpu, Utilization), and errors are
 * reported at the v2 paths (`spec.metrics[0].resource.target.averageUtilization`), as a real server does.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { quantityFromJSON } from "../quantity";
import { validateContainerResourceName } from "./core-extra";
import { arr, goQuantity, has, type Obj, obj, str } from "./extra-common";
import { isDNS1123Label, isValidPathSegmentName } from "./names";
import { child, index, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta";

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const SELECT_POLICIES = ["Disabled", "Max", "Min"];
const POLICY_TYPES = ["Percent", "Pods"];

/** ValidateCrossVersionObjectReference. */
function validateCrossVersionObjectReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["kind", "name"]) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f)));
    else errs.push(...isValidPathSegmentName(v).map((m) => invalidValue(child(path, f), v, m)));
  }
  return errs;
}

function validateMetricIdentifier(id: Obj, path: string): FieldError[] {
  const name = str(id.name);
  if (!name) return [required(child(path, "name"), "must specify a metric name")];
  return isValidPathSegmentName(name).map((m) => invalidValue(child(path, "name"), name, m));
}

function validateMetricTarget(mt: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(mt.type);
  if (!type) errs.push(required(child(path, "type"), "must specify a metric target type"));
  if (type !== "Utilization" && type !== "Value" && type !== "AverageValue")
    errs.push(invalidValue(child(path, "type"), type, "must be either Utilization, Value, or AverageValue"));
  for (const f of ["value", "averageValue"]) {
    if (!has(mt, f)) continue;
    let sign = 0;
    try {
      sign = quantityFromJSON(mt[f]).sign();
    } catch {
      sign = 0;
    }
    if (sign !== 1) errs.push(invalidValue(child(path, f), goQuantity(mt[f]), "must be positive"));
  }
  if (typeof mt.averageUtilization === "number" && mt.averageUtilization < 1)
    errs.push(invalidValue(child(path, "averageUtilization"), mt.averageUtilization, "must be greater than 0"));
  return errs;
}

function validateMetricSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(spec.type);
  if (!type) errs.push(required(child(path, "type"), "must specify a metric source type"));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(child(path, "type"), type, METRIC_SOURCE_TYPES));
  const present: string[] = [];
  const target = (src: Obj) => obj(src.target);
  for (const k of ["object", "external", "pods", "resource", "containerResource"]) {
    if (!has(spec, k)) continue;
    present.push(k);
    if (present.length !== 1) continue;
    const src = obj(spec[k]);
    const p = child(path, k);
    const tp = child(p, "target");
    const t = target(src);
    switch (k) {
      case "object":
        errs.push(...validateCrossVersionObjectReference(obj(src.describedObject), child(p, "describedObject")));
        errs.push(...validateMetricIdentifier(obj(src.metric), child(p, "metric")));
        errs.push(...validateMetricTarget(t, tp));
        if (!has(t, "value") && !has(t, "averageValue"))
          errs.push(required(child(tp, "averageValue"), "must set either a target value or averageValue"));
        break;
      case "external":
        errs.push(...validateMetricIdentifier(obj(src.metric), child(p, "metric")));
        errs.push(...validateMetricTarget(t, tp));
        if (!has(t, "value") && !has(t, "averageValue"))
          errs.push(
            required(child(tp, "averageValue"), "must set either a target value for metric or a per-pod target"),
          );
        if (has(t, "value") && has(t, "averageValue"))
          errs.push(
            forbiddenField(child(tp, "value"), "may not set both a target value for metric and a per-pod target"),
          );
        break;
      case "pods":
        errs.push(...validateMetricIdentifier(obj(src.metric), child(p, "metric")));
        errs.push(...validateMetricTarget(t, tp));
        if (!has(t, "averageValue"))
          errs.push(required(child(tp, "averageValue"), "must specify a positive target averageValue"));
        break;
      case "resource":
      case "containerResource": {
        const name = str(src.name);
        if (!name) errs.push(required(child(p, "name"), "must specify a resource name"));
        else if (k === "containerResource") errs.push(...validateContainerResourceName(name, child(p, "name")));
        if (k === "containerResource") {
          const c = str(src.container);
          if (!c) errs.push(required(child(p, "container"), "must specify a container"));
          else errs.push(...isDNS1123Label(c).map((m) => invalidValue(child(p, "container"), c, m)));
        }
        errs.push(...validateMetricTarget(t, tp));
        if (!has(t, "averageUtilization") && !has(t, "averageValue"))
          errs.push(
            required(child(tp, "averageUtilization"), "must set either a target raw value or a target utilization"),
          );
        if (has(t, "averageUtilization") && has(t, "averageValue"))
          errs.push(
            forbiddenField(child(tp, "averageValue"), "may not set both a target raw value and a target utilization"),
          );
        break;
      }
    }
  }
  const expected: Record<string, string> = {
    Object: "object",
    Pods: "pods",
    Resource: "resource",
    External: "external",
    ContainerResource: "containerResource",
  };
  const exp = expected[type];
  if (exp) {
    if (!has(spec, exp)) errs.push(required(child(path, exp), "must populate information for the given metric source"));
  } else errs.push(notSupported(child(path, "type"), type, METRIC_SOURCE_TYPES));
  if (present.length !== 1) {
    for (const k of present.filter((t) => t !== exp).sort())
      errs.push(forbiddenField(child(path, k), "must populate the given metric source only"));
  }
  return errs;
}

function validateScalingRules(rules: unknown, path: string): FieldError[] {
  if (!isPlainObject(rules)) return [];
  const errs: FieldError[] = [];
  const sw = rules.stabilizationWindowSeconds;
  if (typeof sw === "number" && sw < 0)
    errs.push(invalidValue(child(path, "stabilizationWindowSeconds"), sw, "must be greater than or equal to zero"));
  if (typeof sw === "number" && sw > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(
      invalidValue(
        child(path, "stabilizationWindowSeconds"),
        sw,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
      ),
    );
  }
  if (has(rules, "selectPolicy") && !SELECT_POLICIES.includes(str(rules.selectPolicy)))
    errs.push(notSupported(child(path, "selectPolicy"), str(rules.selectPolicy), SELECT_POLICIES));
  const policies = arr(rules.policies);
  const pp = child(path, "policies");
  if (policies.length === 0) errs.push(required(pp, "must specify at least one Policy"));
  policies.forEach((raw, i) => {
    const policy = obj(raw);
    const p = index(pp, i);
    const type = str(policy.type);
    if (type !== "Pods" && type !== "Percent") errs.push(notSupported(child(p, "type"), type, POLICY_TYPES));
    const value = typeof policy.value === "number" ? policy.value : 0;
    if (value <= 0) errs.push(invalidValue(child(p, "value"), value, "must be greater than zero"));
    const period = typeof policy.periodSeconds === "number" ? policy.periodSeconds : 0;
    if (period <= 0) errs.push(invalidValue(child(p, "periodSeconds"), period, "must be greater than zero"));
    if (period > MAX_PERIOD_SECONDS)
      errs.push(invalidValue(child(p, "periodSeconds"), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

function validateHPASpec(spec: Obj, minReplicasLowerBound: number): FieldError[] {
  const errs: FieldError[] = [];
  const min = typeof spec.minReplicas === "number" ? spec.minReplicas : undefined;
  const max = typeof spec.maxReplicas === "number" ? spec.maxReplicas : 0;
  if (min !== undefined && min < minReplicasLowerBound)
    errs.push(invalidValue("spec.minReplicas", min, `must be greater than or equal to ${minReplicasLowerBound}`));
  if (max < 1) errs.push(invalidValue("spec.maxReplicas", max, "must be greater than 0"));
  if (min !== undefined && max < min)
    errs.push(invalidValue("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
  errs.push(...validateCrossVersionObjectReference(obj(spec.scaleTargetRef), "spec.scaleTargetRef"));
  let hasObjectOrExternal = false;
  arr(spec.metrics).forEach((m, i) => {
    errs.push(...validateMetricSpec(obj(m), index("spec.metrics", i)));
    const t = obj(m).type;
    if (t === "Object" || t === "External") hasObjectOrExternal = true;
  });
  if (min === 0 && !hasObjectOrExternal) {
    errs.push(
      forbiddenField(
        "spec.metrics",
        "must specify at least one Object or External metric to support scaling to zero replicas",
      ),
    );
  }
  if (isPlainObject(spec.behavior)) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, "spec.behavior.scaleUp"));
    errs.push(...validateScalingRules(spec.behavior.scaleDown, "spec.behavior.scaleDown"));
  }
  return errs;
}

/** autoscaling/v2 HPA create (old undefined) or update validation. HPAScaleToZero is off by default. */
export function validateHorizontalPodAutoscaler(hpa: KObject, old?: KObject): FieldError[] {
  const spec = obj(hpa.spec);
  if (!old) {
    return [
      ...validateObjectMeta(hpa.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateHPASpec(spec, 1),
    ];
  }
  const lower = obj(old.spec).minReplicas === 0 ? 0 : 1;
  return [...validateObjectMetaUpdate(hpa.metadata, old.metadata), ...validateHPASpec(spec, lower)];
}

/** The internal (v2-shaped) HPA an autoscaling/v1 object converts to (cpu utilization 80 when unset). */
export function hpaV1ToV2(hpa: KObject): KObject {
  const out = structuredClone(hpa);
  const spec = obj(out.spec);
  const target = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  spec.metrics = [
    {
      type: "Resource",
      resource: {
        name: "cpu",
        target: { type: "Utilization", averageUtilization: typeof target === "number" ? target : 80 },
      },
    },
  ];
  out.spec = spec;
  return out;
}

/** autoscaling/v1 HPA validation, through the v2 shape kube validates. */
export function validateHorizontalPodAutoscalerV1(hpa: KObject, old?: KObject): FieldError[] {
  return validateHorizontalPodAutoscaler(hpaV1ToV2(hpa), old ? hpaV1ToV2(old) : undefined);
}
