/**
 * policy/v1 PodDisruptionBudget validation (pkg/apis/policy/validation, Kubernetes 1.32). The strategy only
 * validates the spec; ObjectMeta gets the generic registry checks (path-segment names): on create once the spec
 * is valid, on update before the spec errors.
 */
import { type FieldError, invalidValue, notSupported } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { type LabelSelectorObject, validateLabelSelector } from "../selectors/label-selector";
import { GO_PTR, genericObjectMetaErrors, has, type Obj, obj, str } from "./extra-common";
import { isValidPercent, validatePathSegmentName } from "./names";
import { GoValue, goIntOrString, validateObjectMeta } from "./object-meta";
import { validatePositiveIntOrPercent } from "./workloads";

const UNHEALTHY_POD_EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];

/** IsNotMoreThan100Percent. */
function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== "string" || isValidPercent(v).length) return [];
  return Number.parseInt(v.slice(0, -1), 10) > 100
    ? [invalidValue(path, new GoValue(v, goIntOrString(v)), "must not be greater than 100%")]
    : [];
}

function goPDBSpec(spec: Obj): GoValue {
  const ptr = (k: string, t: string) => (has(spec, k) ? `(*${t})(${GO_PTR})` : `(*${t})(nil)`);
  return new GoValue(
    spec,
    `policy.PodDisruptionBudgetSpec{MinAvailable:${ptr("minAvailable", "intstr.IntOrString")}, Selector:${ptr("selector", "v1.LabelSelector")}, MaxUnavailable:${ptr("maxUnavailable", "intstr.IntOrString")}, UnhealthyPodEvictionPolicy:${ptr("unhealthyPodEvictionPolicy", "policy.UnhealthyPodEvictionPolicyType")}}`,
  );
}

/** ValidatePodDisruptionBudgetSpec. */
export function validatePodDisruptionBudgetSpec(spec: Obj, allowInvalidLabelValue = false): FieldError[] {
  const errs: FieldError[] = [];
  if (has(spec, "minAvailable") && has(spec, "maxUnavailable"))
    errs.push(invalidValue("spec", goPDBSpec(spec), "minAvailable and maxUnavailable cannot be both set"));
  for (const f of ["minAvailable", "maxUnavailable"]) {
    if (!has(spec, f)) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`));
    errs.push(...notMoreThan100Percent(spec[f], `spec.${f}`));
  }
  if (isPlainObject(spec.selector)) {
    errs.push(
      ...validateLabelSelector(spec.selector as LabelSelectorObject, "spec.selector", {
        allowInvalidLabelValueInSelector: allowInvalidLabelValue,
      }),
    );
  }
  if (
    has(spec, "unhealthyPodEvictionPolicy") &&
    !UNHEALTHY_POD_EVICTION_POLICIES.includes(str(spec.unhealthyPodEvictionPolicy))
  ) {
    errs.push(
      notSupported(
        "spec.unhealthyPodEvictionPolicy",
        str(spec.unhealthyPodEvictionPolicy),
        UNHEALTHY_POD_EVICTION_POLICIES,
      ),
    );
  }
  return errs;
}

/** PodDisruptionBudget create / update (spec updates are allowed since 1.15). */
export function validatePodDisruptionBudget(pdb: KObject, old?: KObject): FieldError[] {
  const oldSel = old ? obj(old.spec).selector : undefined;
  const allowInvalid =
    isPlainObject(oldSel) && validateLabelSelector(oldSel as LabelSelectorObject, "spec.selector").length > 0;
  const errs = validatePodDisruptionBudgetSpec(obj(pdb.spec), allowInvalid);
  if (old) {
    // rest.BeforeUpdate validates the common metadata first, whatever the spec.
    return [
      ...validateObjectMeta(pdb.metadata, { namespaced: true, nameRule: validatePathSegmentName }),
      ...genericObjectMetaErrors(pdb, old, true),
      ...errs,
    ];
  }
  // rest.BeforeCreate only gets to the generic metadata checks once the strategy's validation passed.
  return errs.length ? errs : genericObjectMetaErrors(pdb, undefined, true);
}
