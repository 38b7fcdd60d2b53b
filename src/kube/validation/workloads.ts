/**
 * apps/v1 Deployment, ReplicaSet and DaemonSet validation (pkg/apis/apps/validation plus the selector
 * immutability the apps/v1 registry strategies add on update), Kubernetes 1.32 behaviour.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import {
  type LabelSelector,
  type LabelSelectorObject,
  labelSelectorFromObject,
  matches,
  validateLabelSelector,
} from "../selectors/label-selector";
import { isValidPercent } from "./names";
import {
  child,
  GoValue,
  goIntOrString,
  goLabelSelector,
  goMapValue,
  validateImmutableField,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";
import { type PodValidationOptions, validatePodTemplateSpec } from "./pod";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

const intOrStringValue = (v: unknown): GoValue => new GoValue(v ?? null, goIntOrString(v));
const selectorValue = (sel: unknown): GoValue | null =>
  isPlainObject(sel) ? new GoValue(sel, goLabelSelector(sel)) : null;

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") return isValidPercent(v).map((m) => invalidValue(path, intOrStringValue(v), m));
  if (typeof v === "number") return validateNonnegativeField(v, path);
  if (v === undefined || v === null) return [];
  return [invalidValue(path, intOrStringValue(v), "must be an integer or percentage (e.g '5%%')")];
}

/** getPercentValue: the number of a valid percent string. */
function getPercentValue(v: unknown): number | undefined {
  if (typeof v !== "string" || isValidPercent(v).length) return undefined;
  return Number.parseInt(v.slice(0, -1), 10);
}

/** getIntOrPercentValue (IntOrString.IntValue parses a non-percent string with Atoi, 0 on failure). */
function getIntOrPercentValue(v: unknown): number {
  const p = getPercentValue(v);
  if (p !== undefined) return p;
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^[+-]?[0-9]+$/.test(v)) return Number.parseInt(v, 10);
  return 0;
}

/** IsNotMoreThan100Percent. */
function isNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  const p = getPercentValue(v);
  return p === undefined || p <= 100 ? [] : [invalidValue(path, intOrStringValue(v), "must not be greater than 100%")];
}

/** ValidateRollingUpdateDeployment. */
export function validateRollingUpdateDeployment(ru: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, "maxUnavailable")));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(path, "maxSurge")));
  if (getIntOrPercentValue(ru.maxUnavailable) === 0 && getIntOrPercentValue(ru.maxSurge) === 0) {
    errs.push(
      invalidValue(
        child(path, "maxUnavailable"),
        intOrStringValue(ru.maxUnavailable ?? 0),
        "may not be 0 when `maxSurge` is 0",
      ),
    );
  }
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(path, "maxUnavailable")));
  return errs;
}

function goDeploymentStrategy(s: Obj): string {
  const ru = isPlainObject(s.rollingUpdate)
    ? `&apps.RollingUpdateDeployment{MaxUnavailable:${goIntOrString(s.rollingUpdate.maxUnavailable)}, MaxSurge:${goIntOrString(s.rollingUpdate.maxSurge)}}`
    : "(*apps.RollingUpdateDeployment)(nil)";
  return `apps.DeploymentStrategy{Type:${JSON.stringify(String(s.type ?? ""))}, RollingUpdate:${ru}}`;
}

/** ValidateDeploymentStrategy. */
export function validateDeploymentStrategy(strategy: unknown, path: string): FieldError[] {
  const s = obj(strategy);
  switch (s.type) {
    case "Recreate":
      return isPlainObject(s.rollingUpdate)
        ? [forbiddenField(child(path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case "RollingUpdate":
      if (!isPlainObject(s.rollingUpdate))
        return [required(child(path, "rollingUpdate"), "this should be defaulted and never be nil")];
      return validateRollingUpdateDeployment(s.rollingUpdate, child(path, "rollingUpdate"));
    default:
      return [notSupported(path, new GoValue(s, goDeploymentStrategy(s)), ["Recreate", "RollingUpdate"])];
  }
}

/** metav1.LabelSelectorAsSelector on a raw JSON value; undefined when it does not compile. */
function compileSelector(sel: unknown): LabelSelector | undefined {
  try {
    return labelSelectorFromObject(isPlainObject(sel) ? (sel as LabelSelectorObject) : undefined);
  } catch {
    return undefined;
  }
}

const isEverything = (s: LabelSelector) => !s.nothing && s.requirements.length === 0;
const labelsOf = (v: unknown): Record<string, string> | undefined =>
  isPlainObject(v) ? (v as Record<string, string>) : undefined;

/** Selector checks shared by Deployment and ReplicaSet specs; returns the compiled selector when it compiles. */
function validateWorkloadSelector(spec: Obj, path: string, errs: FieldError[]): LabelSelector | undefined {
  if (spec.selector === undefined || spec.selector === null) {
    errs.push(required(child(path, "selector")));
  } else {
    if (isPlainObject(spec.selector))
      errs.push(...validateLabelSelector(spec.selector as LabelSelectorObject, child(path, "selector")));
    const sel = obj(spec.selector);
    const n =
      Object.keys(obj(sel.matchLabels)).length +
      (Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0);
    if (n === 0)
      errs.push(
        invalidValue(child(path, "selector"), selectorValue(spec.selector), "empty selector is invalid for deployment"),
      );
  }
  const compiled = compileSelector(spec.selector);
  if (!compiled)
    errs.push(invalidValue(child(path, "selector"), selectorValue(spec.selector), "invalid label selector"));
  return compiled;
}

/** ValidatePodTemplateSpecForReplicaSet: selector must match, restartPolicy Always, no activeDeadlineSeconds. */
function validatePodTemplateSpecForReplicaSet(
  template: unknown,
  selector: LabelSelector,
  path: string,
  kindName: string,
  opts: PodValidationOptions,
): FieldError[] {
  if (!isPlainObject(template)) return [required(path)];
  const errs: FieldError[] = [];
  const labels = obj(template.metadata).labels;
  if (!isEverything(selector) && !matches(selector, labelsOf(labels))) {
    errs.push(
      invalidValue(
        child(path, "metadata", "labels"),
        goMapValue(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, path, opts));
  const spec = obj(template.spec);
  if (spec.restartPolicy !== "Always") {
    errs.push(notSupported(child(path, "spec", "restartPolicy"), String(spec.restartPolicy ?? ""), ["Always"]));
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errs.push(
      forbiddenField(
        child(path, "spec", "activeDeadlineSeconds"),
        `activeDeadlineSeconds in ${kindName} is not Supported`,
      ),
    );
  }
  return errs;
}

/** ValidateDeploymentSpec. */
export function validateDeploymentSpec(rawSpec: unknown, path = "spec", opts: PodValidationOptions = {}): FieldError[] {
  const spec = obj(rawSpec);
  const errs: FieldError[] = [...validateNonnegativeField(spec.replicas, child(path, "replicas"))];
  const selector = validateWorkloadSelector(spec, path, errs);
  if (selector)
    errs.push(
      ...validatePodTemplateSpecForReplicaSet(spec.template, selector, child(path, "template"), "ReplicaSet", opts),
    );
  errs.push(...validateDeploymentStrategy(spec.strategy, child(path, "strategy")));
  errs.push(...validateNonnegativeField(spec.minReadySeconds, child(path, "minReadySeconds")));
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, child(path, "revisionHistoryLimit")));
  if (isPlainObject(spec.rollbackTo))
    errs.push(...validateNonnegativeField(spec.rollbackTo.revision, child(path, "rollback", "version")));
  if (typeof spec.progressDeadlineSeconds === "number") {
    errs.push(...validateNonnegativeField(spec.progressDeadlineSeconds, child(path, "progressDeadlineSeconds")));
    const minReady = typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= minReady) {
      errs.push(
        invalidValue(
          child(path, "progressDeadlineSeconds"),
          spec.progressDeadlineSeconds,
          "must be greater than minReadySeconds",
        ),
      );
    }
  }
  return errs;
}

/** apps/v1 strategies forbid changing spec.selector on update. */
function validateSelectorImmutable(obj1: KObject, old: KObject): FieldError[] {
  const n = obj(obj1.spec).selector;
  const o = obj(old.spec).selector;
  return validateImmutableField(n, o, "spec.selector", selectorValue(n));
}

/** Deployment create (old undefined) or update validation. */
export function validateDeployment(d: KObject, old?: KObject, opts: PodValidationOptions = {}): FieldError[] {
  if (!old) {
    return [
      ...validateObjectMeta(d.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateDeploymentSpec(d.spec, "spec", opts),
    ];
  }
  return [
    ...validateObjectMetaUpdate(d.metadata, old.metadata),
    ...validateDeploymentSpec(d.spec, "spec", opts),
    ...validateSelectorImmutable(d, old),
  ];
}

/** ValidateReplicaSetSpec. */
export function validateReplicaSetSpec(rawSpec: unknown, path = "spec", opts: PodValidationOptions = {}): FieldError[] {
  const spec = obj(rawSpec);
  const errs: FieldError[] = [
    ...validateNonnegativeField(spec.replicas, child(path, "replicas")),
    ...validateNonnegativeField(spec.minReadySeconds, child(path, "minReadySeconds")),
  ];
  const selector = validateWorkloadSelector(spec, path, errs);
  if (selector)
    errs.push(
      ...validatePodTemplateSpecForReplicaSet(spec.template, selector, child(path, "template"), "ReplicaSet", opts),
    );
  return errs;
}

/** ReplicaSet create (old undefined) or update validation. */
export function validateReplicaSet(rs: KObject, old?: KObject, opts: PodValidationOptions = {}): FieldError[] {
  if (!old) {
    return [
      ...validateObjectMeta(rs.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateReplicaSetSpec(rs.spec, "spec", opts),
    ];
  }
  return [
    ...validateObjectMetaUpdate(rs.metadata, old.metadata),
    ...validateReplicaSetSpec(rs.spec, "spec", opts),
    ...validateSelectorImmutable(rs, old),
  ];
}

/** ValidateRollingUpdateDaemonSet. */
function validateRollingUpdateDaemonSet(ru: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, "maxUnavailable")));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, child(path, "maxSurge")));
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(path, "maxUnavailable")));
  errs.push(...isNotMoreThan100Percent(ru.maxSurge, child(path, "maxSurge")));
  const hasUnavailable = getIntOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = getIntOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errs.push(
      invalidValue(
        child(path, "maxSurge"),
        intOrStringValue(ru.maxSurge),
        "may not be set when maxUnavailable is non-zero",
      ),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(child(path, "maxUnavailable"), "cannot be 0 when maxSurge is 0"));
  }
  return errs;
}

function goDaemonSetStrategy(s: Obj): string {
  const ru = isPlainObject(s.rollingUpdate)
    ? `&apps.RollingUpdateDaemonSet{MaxUnavailable:${goIntOrString(s.rollingUpdate.maxUnavailable)}, MaxSurge:${goIntOrString(s.rollingUpdate.maxSurge)}}`
    : "(*apps.RollingUpdateDaemonSet)(nil)";
  return `&apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(String(s.type ?? ""))}, RollingUpdate:${ru}}`;
}

/** ValidateDaemonSetUpdateStrategy. */
export function validateDaemonSetUpdateStrategy(strategy: unknown, path: string): FieldError[] {
  const s = obj(strategy);
  switch (s.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate":
      if (!isPlainObject(s.rollingUpdate)) return [required(child(path, "rollingUpdate"))];
      return validateRollingUpdateDaemonSet(s.rollingUpdate, child(path, "rollingUpdate"));
    default:
      return [notSupported(path, new GoValue(s, goDaemonSetStrategy(s)), ["RollingUpdate", "OnDelete"])];
  }
}

/** ValidateDaemonSetSpec. */
export function validateDaemonSetSpec(rawSpec: unknown, path = "spec", opts: PodValidationOptions = {}): FieldError[] {
  const spec = obj(rawSpec);
  const errs: FieldError[] = isPlainObject(spec.selector)
    ? validateLabelSelector(spec.selector as LabelSelectorObject, child(path, "selector"))
    : [];
  const compiled = compileSelector(spec.selector);
  const template = obj(spec.template);
  const labels = obj(template.metadata).labels;
  if (compiled && !matches(compiled, labelsOf(labels))) {
    errs.push(
      invalidValue(
        child(path, "template", "metadata", "labels"),
        goMapValue(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  if (isPlainObject(spec.selector)) {
    const sel = spec.selector;
    const n =
      Object.keys(obj(sel.matchLabels)).length +
      (Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0);
    if (n === 0)
      errs.push(invalidValue(child(path, "selector"), selectorValue(sel), "empty selector is invalid for daemonset"));
  }
  errs.push(...validatePodTemplateSpec(template, child(path, "template"), opts));
  const podSpec = obj(template.spec);
  if (podSpec.restartPolicy !== "Always") {
    errs.push(
      notSupported(child(path, "template", "spec", "restartPolicy"), String(podSpec.restartPolicy ?? ""), ["Always"]),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbiddenField(
        child(path, "template", "spec", "activeDeadlineSeconds"),
        "activeDeadlineSeconds in DaemonSet is not Supported",
      ),
    );
  }
  errs.push(...validateNonnegativeField(spec.minReadySeconds, child(path, "minReadySeconds")));
  errs.push(...validateDaemonSetUpdateStrategy(spec.updateStrategy, child(path, "updateStrategy")));
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, child(path, "revisionHistoryLimit")));
  return errs;
}

/** DaemonSet create (old undefined) or update validation. */
export function validateDaemonSet(ds: KObject, old?: KObject, opts: PodValidationOptions = {}): FieldError[] {
  if (!old) {
    return [
      ...validateObjectMeta(ds.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateDaemonSetSpec(ds.spec, "spec", opts),
    ];
  }
  return [
    ...validateObjectMetaUpdate(ds.metadata, old.metadata),
    ...validateDaemonSetSpec(ds.spec, "spec", opts),
    ...validateSelectorImmutable(ds, old),
  ];
}
