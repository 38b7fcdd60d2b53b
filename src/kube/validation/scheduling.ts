/**
 * scheduling.k8s.io/v1 PriorityClass validation (pkg/apis/scheduling/validation, Kubernetes 1.32).
 */
import { type FieldError, forbiddenField, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { has, type Obj, str } from "./extra-common";
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta";

export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};

/** scheduling.IsKnownSystemPriorityClass: undefined when known and consistent, else the error text. */
function systemPriorityClassError(name: string, value: number, globalDefault: boolean): string | undefined {
  if (!Object.hasOwn(SYSTEM_PRIORITY_CLASSES, name)) return `${name} is not a known system priority class`;
  if (SYSTEM_PRIORITY_CLASSES[name] !== value)
    return `value of ${name} PriorityClass must be ${SYSTEM_PRIORITY_CLASSES[name]}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/** ValidatePreemptionPolicy. */
function validatePreemptionPolicy(p: unknown): FieldError[] {
  const v = str(p);
  if (v === "PreemptLowerPriority" || v === "Never") return [];
  if (v === "") return [required("preemptionPolicy")];
  return [notSupported("preemptionPolicy", v, ["PreemptLowerPriority", "Never"])];
}

/** ValidatePriorityClass / ValidatePriorityClassUpdate (value and preemptionPolicy are immutable). */
export function validatePriorityClass(pc: KObject, old?: KObject): FieldError[] {
  const p = pc as Obj;
  const value = typeof p.value === "number" ? p.value : 0;
  if (old) {
    const o = old as Obj;
    const errs = validateObjectMetaUpdate(pc.metadata, old.metadata);
    if (value !== (typeof o.value === "number" ? o.value : 0))
      errs.push(forbiddenField("value", "may not be changed in an update."));
    errs.push(...validateImmutableField(p.preemptionPolicy, o.preemptionPolicy, "preemptionPolicy"));
    return errs;
  }
  const errs = validateObjectMeta(pc.metadata, { namespaced: false, nameRule: "subdomain" });
  const name = str(pc.metadata.name);
  if (name.startsWith("system-")) {
    const err = systemPriorityClassError(name, value, p.globalDefault === true);
    if (err)
      errs.push(
        forbiddenField(
          "metadata.name",
          `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`,
        ),
      );
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbiddenField("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`),
    );
  }
  if (has(p, "preemptionPolicy")) errs.push(...validatePreemptionPolicy(p.preemptionPolicy));
  return errs;
}
