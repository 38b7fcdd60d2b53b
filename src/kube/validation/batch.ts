/**
 * batch/v1 Job and CronJob validation (pkg/apis/batch/validation and the job/cronjob registry strategies,
 * Kubernetes 1.32), plus a port of the cron schedule parser kube uses (github.com/robfig/cron/v3 ParseStandard)
 * so that `spec.schedule` errors carry the same text, and the time-zone check of `spec.timeZone`.
 */
import { type FieldError, invalidValue, notSupported, required, tooLong } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import {
  type LabelSelectorObject,
  labelSelectorFromObject,
  matches,
  validateLabelSelector,
} from "../selectors/label-selector";
import { arr, GO_PTR, has, num, type Obj, obj, str } from "./extra-common";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, regexError } from "./names";
import {
  child,
  FIELD_IMMUTABLE,
  GoValue,
  goAny,
  goLabelSelector,
  goMapValue,
  goQuote,
  index,
  key,
  semanticEqual,
  validateImmutableField,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";
import { type PodValidationOptions, validatePodTemplateSpec } from "./pod";

export const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";
export const LEGACY_JOB_NAME_LABEL = "job-name";
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

const MAX_PARALLELISM_INDEXED = 100000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 10_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_POD_CONDITION_PATTERNS = 20;
const MAX_MANAGED_BY_LENGTH = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES = 20;

const POD_FAILURE_ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"];
const EXIT_CODE_OPERATORS = ["In", "NotIn"];
const CONDITION_STATUSES = ["False", "True", "Unknown"];
const POD_REPLACEMENT_POLICIES = ["Failed", "TerminatingOrFailed"];

const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: "FieldValueTooMany",
  field,
  value: actual,
  detail: `must have at most ${max} items`,
});

/** IsDomainPrefixedPath (k8s.io/apimachinery/pkg/util/validation). */
export function isDomainPrefixedPath(path: string, value: string): FieldError[] {
  if (!value) return [required(path)];
  const i = value.indexOf("/");
  const host = i < 0 ? value : value.slice(0, i);
  const rest = i < 0 ? "" : value.slice(i + 1);
  if (i < 0 || !host || !rest) {
    return [invalidValue(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  const errs = isDNS1123Subdomain(host).map((m) => invalidValue(path, host, m));
  const fmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
    errs.push(invalidValue(path, rest, regexError("Invalid path", fmt)));
  return errs;
}

// ---- indexes (validateIndexesFormat) ---------------------------------------------------------------------------

function goAtoi(s: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
  const v = BigInt(s);
  if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) return `strconv.Atoi: parsing ${goQuote(s)}: value out of range`;
  return Number(v);
}

/** validateIndexesFormat: the number of indexes, or the error text. */
function validateIndexesFormat(indexes: string, completions: number): number | { error: string } {
  if (!indexes) return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(",")) {
    const limits = interval.split("-");
    if (limits.length > 2) {
      return {
        error: `the fragment ${goQuote(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`,
      };
    }
    const x = goAtoi(limits[0]);
    if (typeof x === "string") return { error: `cannot convert string to integer for index: ${goQuote(limits[0])}` };
    if (x >= completions) return { error: `too large index: ${goQuote(limits[0])}` };
    if (last !== undefined && last >= x) return { error: `non-increasing order, previous: ${last}, current: ${x}` };
    total++;
    last = x;
    if (limits.length > 1) {
      const y = goAtoi(limits[1]);
      if (typeof y === "string") return { error: `cannot convert string to integer for index: ${goQuote(limits[1])}` };
      if (y >= completions) return { error: `too large index: ${goQuote(limits[1])}` };
      if (last >= y) return { error: `non-increasing order, previous: ${last}, current: ${y}` };
      total += y - x;
      last = y;
    }
  }
  return total;
}

// ---- JobSpec ---------------------------------------------------------------------------------------------------

function validatePodFailurePolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const policy = obj(spec.podFailurePolicy);
  const rules = arr(policy.rules);
  const rulesPath = child(path, "rules");
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES)
    errs.push(tooMany(rulesPath, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  const podSpec = obj(obj(spec.template).spec);
  const containerNames = new Set(
    [...arr(podSpec.containers), ...arr(podSpec.initContainers)].map((c) => str(obj(c).name)),
  );
  rules.forEach((raw, i) => {
    const rule = obj(raw);
    const rp = index(rulesPath, i);
    const action = str(rule.action);
    const ap = child(rp, "action");
    if (!action) errs.push(required(ap, `valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`));
    else if (action === "FailIndex") {
      if (!has(spec, "backoffLimitPerIndex"))
        errs.push(invalidValue(ap, action, "requires the backoffLimitPerIndex to be set"));
    } else if (!POD_FAILURE_ACTIONS.includes(action)) errs.push(notSupported(ap, action, POD_FAILURE_ACTIONS));
    const onExit = isPlainObject(rule.onExitCodes) ? rule.onExitCodes : undefined;
    const conditions = arr(rule.onPodConditions);
    if (onExit) {
      const ep = child(rp, "onExitCodes");
      const op = str(onExit.operator);
      if (!op) errs.push(required(child(ep, "operator"), `valid values: ["In" "NotIn"]`));
      else if (!EXIT_CODE_OPERATORS.includes(op))
        errs.push(notSupported(child(ep, "operator"), op, EXIT_CODE_OPERATORS));
      if (has(onExit, "containerName") && !containerNames.has(str(onExit.containerName))) {
        errs.push(
          invalidValue(
            child(ep, "containerName"),
            str(onExit.containerName),
            "must be one of the container or initContainer names in the pod template",
          ),
        );
      }
      const values = arr(onExit.values).map((v) => (typeof v === "number" ? v : 0));
      const vp = child(ep, "values");
      if (values.length === 0)
        errs.push(invalidValue(vp, new GoValue(null, "[]int32(nil)"), "at least one value is required"));
      else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(vp, values.length, MAX_EXIT_CODE_VALUES));
      const seen = new Set<number>();
      let ordered = true;
      values.forEach((v, j) => {
        if (op === "In" && v === 0) errs.push(invalidValue(index(vp, j), v, "must not be 0 for the In operator"));
        if (seen.has(v)) errs.push({ type: "FieldValueDuplicate", field: index(vp, j), value: v });
        else seen.add(v);
        if (j > 0 && values[j - 1] > v) ordered = false;
      });
      if (!ordered)
        errs.push(invalidValue(vp, new GoValue(values, `[]int32{${values.join(", ")}}`), "must be ordered"));
    }
    if (conditions.length > 0) {
      const cp = child(rp, "onPodConditions");
      if (conditions.length > MAX_POD_CONDITION_PATTERNS)
        errs.push(tooMany(cp, conditions.length, MAX_POD_CONDITION_PATTERNS));
      conditions.forEach((c, j) => {
        const pattern = obj(c);
        const pp = index(cp, j);
        errs.push(
          ...isQualifiedName(str(pattern.type)).map((m) => invalidValue(child(pp, "type"), str(pattern.type), m)),
        );
        const status = str(pattern.status);
        if (!status) errs.push(required(child(pp, "status"), `valid values: ["False" "True" "Unknown"]`));
        else if (!CONDITION_STATUSES.includes(status))
          errs.push(notSupported(child(pp, "status"), status, CONDITION_STATUSES));
      });
    }
    if (onExit && conditions.length > 0)
      errs.push(
        invalidValue(rp, new GoValue(null, ""), "specifying both OnExitCodes and OnPodConditions is not supported"),
      );
    if (!onExit && conditions.length === 0)
      errs.push(
        invalidValue(rp, new GoValue(null, ""), "specifying one of OnExitCodes and OnPodConditions is required"),
      );
  });
  return errs;
}

function goSuccessPolicy(sp: Obj): GoValue {
  const rules = arr(sp.rules).map((r) => {
    const rule = obj(r);
    const idx = has(rule, "succeededIndexes") ? `(*string)(${GO_PTR})` : "(*string)(nil)";
    const cnt = has(rule, "succeededCount") ? `(*int32)(${GO_PTR})` : "(*int32)(nil)";
    return `batch.SuccessPolicyRule{SucceededIndexes:${idx}, SucceededCount:${cnt}}`;
  });
  const text = Array.isArray(sp.rules)
    ? `batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{${rules.join(", ")}}}`
    : "batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule(nil)}";
  return new GoValue(sp, text);
}

function validateSuccessPolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr(obj(spec.successPolicy).rules);
  const rulesPath = child(path, "rules");
  if (rules.length === 0)
    errs.push(required(rulesPath, "at least one rules must be specified when the successPolicy is specified"));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_SUCCESS_POLICY_RULES));
  const completions = num(spec.completions) ?? 0;
  rules.forEach((raw, i) => {
    const rule = obj(raw);
    const rp = index(rulesPath, i);
    if (!has(rule, "succeededCount") && !has(rule, "succeededIndexes"))
      errs.push(required(rp, "at least one of succeededCount or succeededIndexes must be specified"));
    let total = 0;
    if (has(rule, "succeededIndexes")) {
      const si = str(rule.succeededIndexes);
      const sp = child(rp, "succeededIndexes");
      if (si.length > MAX_SUCCEEDED_INDEXES_LENGTH) errs.push(tooLong(sp, si, MAX_SUCCEEDED_INDEXES_LENGTH));
      const r = validateIndexesFormat(si, completions);
      if (typeof r === "number") total = r;
      else errs.push(invalidValue(sp, si, `error parsing succeededIndexes: ${r.error}`));
    }
    if (has(rule, "succeededCount")) {
      const cp = child(rp, "succeededCount");
      const c = num(rule.succeededCount) ?? 0;
      errs.push(...validateNonnegativeField(c, cp));
      if (c > completions)
        errs.push(
          invalidValue(cp, c, `must be less than or equal to ${completions} (the number of specified completions)`),
        );
      if (has(rule, "succeededIndexes") && c > total) {
        errs.push(
          invalidValue(
            cp,
            c,
            `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
          ),
        );
      }
    }
  });
  return errs;
}

/** validateJobSpec (shared by Job and the jobTemplate of a CronJob). */
function validateJobSpecFields(spec: Obj, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of [
    "parallelism",
    "completions",
    "activeDeadlineSeconds",
    "backoffLimit",
    "ttlSecondsAfterFinished",
    "backoffLimitPerIndex",
  ]) {
    if (has(spec, f)) errs.push(...validateNonnegativeField(spec[f], child(path, f)));
  }
  if (has(spec, "maxFailedIndexes")) {
    errs.push(...validateNonnegativeField(spec.maxFailedIndexes, child(path, "maxFailedIndexes")));
    if (!has(spec, "backoffLimitPerIndex"))
      errs.push(required(child(path, "backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
  }
  if (has(spec, "managedBy")) {
    const mb = str(spec.managedBy);
    errs.push(...isDomainPrefixedPath(child(path, "managedBy"), mb));
    if (mb.length > MAX_MANAGED_BY_LENGTH) errs.push(tooLong(child(path, "managedBy"), mb, MAX_MANAGED_BY_LENGTH));
  }
  const mode = has(spec, "completionMode") ? str(spec.completionMode) : undefined;
  const parallelism = num(spec.parallelism);
  const completions = num(spec.completions);
  const maxFailed = num(spec.maxFailedIndexes);
  if (mode !== undefined) {
    if (mode !== "NonIndexed" && mode !== "Indexed")
      errs.push(notSupported(child(path, "completionMode"), mode, ["NonIndexed", "Indexed"]));
    if (mode === "Indexed") {
      if (!has(spec, "completions")) errs.push(required(child(path, "completions"), "when completion mode is Indexed"));
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push(
          invalidValue(
            child(path, "parallelism"),
            parallelism,
            `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`,
          ),
        );
      }
      if (completions !== undefined && maxFailed !== undefined && maxFailed > completions)
        errs.push(
          invalidValue(child(path, "maxFailedIndexes"), maxFailed, "must be less than or equal to completions"),
        );
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES)
        errs.push(
          invalidValue(
            child(path, "maxFailedIndexes"),
            maxFailed,
            `must be less than or equal to ${MAX_FAILED_INDEXES}`,
          ),
        );
      if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && has(spec, "backoffLimitPerIndex")) {
        if (maxFailed === undefined) {
          errs.push(
            required(
              child(path, "maxFailedIndexes"),
              `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`,
            ),
          );
        }
        const high = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_HIGH_COMPLETIONS) {
          errs.push(
            invalidValue(
              child(path, "parallelism"),
              parallelism,
              `must be less than or equal to ${PARALLELISM_LIMIT_HIGH_COMPLETIONS} ${high}`,
            ),
          );
        }
        if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
          errs.push(
            invalidValue(
              child(path, "maxFailedIndexes"),
              maxFailed,
              `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${high}`,
            ),
          );
        }
      }
    }
  }
  if (mode === undefined || mode === "NonIndexed") {
    if (has(spec, "backoffLimitPerIndex"))
      errs.push(
        invalidValue(
          child(path, "backoffLimitPerIndex"),
          spec.backoffLimitPerIndex,
          "requires indexed completion mode",
        ),
      );
    if (has(spec, "maxFailedIndexes"))
      errs.push(
        invalidValue(child(path, "maxFailedIndexes"), spec.maxFailedIndexes, "requires indexed completion mode"),
      );
  }
  const hasPFP = has(spec, "podFailurePolicy");
  if (hasPFP) errs.push(...validatePodFailurePolicy(spec, child(path, "podFailurePolicy")));
  if (has(spec, "successPolicy")) {
    if (mode !== "Indexed")
      errs.push(
        invalidValue(
          child(path, "successPolicy"),
          goSuccessPolicy(obj(spec.successPolicy)),
          "requires indexed completion mode",
        ),
      );
    else errs.push(...validateSuccessPolicy(spec, child(path, "successPolicy")));
  }
  if (has(spec, "podReplacementPolicy")) {
    const prp = str(spec.podReplacementPolicy);
    if (hasPFP) {
      if (prp !== "Failed") errs.push(notSupported(child(path, "podReplacementPolicy"), prp, ["Failed"]));
    } else if (!POD_REPLACEMENT_POLICIES.includes(prp)) {
      errs.push(notSupported(child(path, "podReplacementPolicy"), prp, POD_REPLACEMENT_POLICIES));
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, child(path, "template"), opts));
  const restart = str(obj(obj(spec.template).spec).restartPolicy);
  const rpPath = child(path, "template", "spec", "restartPolicy");
  if (restart === "Always" || restart === "") errs.push(required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (restart !== "OnFailure" && restart !== "Never")
    errs.push(notSupported(rpPath, restart, ["OnFailure", "Never"]));
  else if (hasPFP && restart !== "Never")
    errs.push(invalidValue(rpPath, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

const selectorValue = (sel: unknown) => (isPlainObject(sel) ? new GoValue(sel, goLabelSelector(sel)) : null);
const labelsOf = (v: unknown) => (isPlainObject(v) ? (v as Record<string, string>) : undefined);

function compiles(sel: unknown): ReturnType<typeof labelSelectorFromObject> | undefined {
  try {
    return labelSelectorFromObject(isPlainObject(sel) ? (sel as LabelSelectorObject) : undefined);
  } catch {
    return undefined;
  }
}

interface JobValidationOptions extends PodValidationOptions {
  requirePrefixedLabels: boolean;
  allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateJobSpec: validateJobSpec plus the selector, which must match the template labels. */
function validateJobSpec(spec: Obj, path: string, opts: JobValidationOptions): FieldError[] {
  const errs = validateJobSpecFields(spec, path, opts);
  if (!has(spec, "selector")) errs.push(required(child(path, "selector")));
  else if (isPlainObject(spec.selector)) {
    errs.push(
      ...validateLabelSelector(spec.selector as LabelSelectorObject, child(path, "selector"), {
        allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector,
      }),
    );
  }
  const sel = has(spec, "selector") ? compiles(spec.selector) : undefined;
  const labels = obj(obj(spec.template).metadata).labels;
  if (sel && !matches(sel, labelsOf(labels))) {
    errs.push(
      invalidValue(
        child(path, "template", "metadata", "labels"),
        goMapValue(labels),
        "`selector` does not match template `labels`",
      ),
    );
  }
  return errs;
}

/** ValidateHasLabel. */
function validateHasLabel(labels: unknown, path: string, k: string, expected: string): FieldError[] {
  const l = labelsOf(labels) ?? {};
  if (!Object.hasOwn(l, k)) return [required(key(child(path, "labels"), k), expected)];
  if (l[k] !== expected)
    return [invalidValue(key(child(path, "labels"), k), goMapValue(labels), `must be '${expected}'`)];
  return [];
}

/** validateGeneratedSelector. */
function validateGeneratedSelector(job: KObject, requirePrefixed: boolean): FieldError[] {
  const spec = obj(job.spec);
  if (spec.manualSelector === true || !has(spec, "selector")) return [];
  const errs: FieldError[] = [];
  const uid = str(job.metadata.uid);
  const name = str(job.metadata.name);
  if (!uid) errs.push(required("metadata.uid"));
  const labels = obj(obj(spec.template).metadata).labels;
  const tp = "spec.template.metadata";
  errs.push(...validateHasLabel(labels, tp, LEGACY_CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(labels, tp, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (requirePrefixed) {
    errs.push(...validateHasLabel(labels, tp, CONTROLLER_UID_LABEL, uid));
    errs.push(...validateHasLabel(labels, tp, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  const sel = compiles(spec.selector);
  if (sel && !matches(sel, expected))
    errs.push(invalidValue("spec.selector", selectorValue(spec.selector), "`selector` not auto-generated"));
  return errs;
}

/** ValidateJob. */
function validateJobObject(job: KObject, opts: JobValidationOptions): FieldError[] {
  const errs = validateObjectMeta(job.metadata, { namespaced: true, nameRule: "subdomain" });
  errs.push(...validateGeneratedSelector(job, opts.requirePrefixedLabels));
  const spec = obj(job.spec);
  errs.push(...validateJobSpec(spec, "spec", opts));
  const completions = num(spec.completions);
  if (spec.completionMode === "Indexed" && completions !== undefined && completions > 0) {
    const host = `${str(job.metadata.name)}-${completions - 1}`;
    if (isDNS1123Label(host).length > 0) {
      errs.push(
        invalidValue(
          "metadata.name",
          str(job.metadata.name),
          `will not able to create pod with invalid DNS label: ${host}`,
        ),
      );
    }
  }
  return errs;
}

/** core.PodTemplateSpec as `%#v` would print it, approximated. */
function goPodTemplateSpec(t: unknown): GoValue {
  const tpl = obj(t);
  return new GoValue(
    t ?? null,
    `core.PodTemplateSpec{ObjectMeta:${goAny(tpl.metadata ?? {})}, Spec:${goAny(tpl.spec ?? {})}}`,
  );
}

/** validatePodTemplateUpdate: the template is frozen, except scheduling directives of suspended, unstarted jobs. */
function validateJobTemplateUpdate(spec: Obj, oldSpec: Obj, allowMutableScheduling: boolean): FieldError[] {
  const template = obj(spec.template);
  let oldTemplate = obj(oldSpec.template);
  if (allowMutableScheduling) {
    oldTemplate = structuredClone(oldTemplate);
    const os = obj(oldTemplate.spec);
    const ns = obj(template.spec);
    const oldAff = obj(os.affinity);
    if (!has(ns, "affinity") && has(os, "affinity")) {
      delete oldAff.nodeAffinity;
      if (Object.keys(oldAff).length === 0) delete os.affinity;
    } else if (has(ns, "affinity") && !has(os, "affinity")) {
      os.affinity = has(obj(ns.affinity), "nodeAffinity") ? { nodeAffinity: obj(ns.affinity).nodeAffinity } : {};
    } else if (has(ns, "affinity") && has(os, "affinity")) {
      if (has(obj(ns.affinity), "nodeAffinity")) oldAff.nodeAffinity = obj(ns.affinity).nodeAffinity;
      else delete oldAff.nodeAffinity;
    }
    for (const f of ["nodeSelector", "tolerations", "schedulingGates"]) {
      if (has(ns, f)) os[f] = ns[f];
      else delete os[f];
    }
    const om = obj(oldTemplate.metadata);
    const nm = obj(template.metadata);
    for (const f of ["annotations", "labels"]) {
      if (has(nm, f)) om[f] = nm[f];
      else delete om[f];
    }
    oldTemplate.metadata = om;
    oldTemplate.spec = os;
  }
  return semanticEqual(template, oldTemplate)
    ? []
    : [invalidValue("spec.template", goPodTemplateSpec(spec.template), FIELD_IMMUTABLE)];
}

/** ValidateJobSpecUpdate. */
function validateJobSpecUpdate(
  spec: Obj,
  oldSpec: Obj,
  opts: JobValidationOptions,
  allowMutable: boolean,
): FieldError[] {
  const errs = validateJobSpec(spec, "spec", opts);
  // Completions: immutable, except for Indexed jobs (ElasticIndexedJob, GA) when scaled with parallelism.
  if (spec.completionMode !== "Indexed") {
    errs.push(...validateImmutableField(spec.completions, oldSpec.completions, "spec.completions"));
  } else if (!semanticEqual(spec.completions, oldSpec.completions) && has(spec, "completions")) {
    if (spec.completions !== spec.parallelism)
      errs.push(
        invalidValue("spec.completions", spec.completions, "can only be modified in tandem with spec.parallelism"),
      );
  }
  errs.push(...validateImmutableField(spec.selector, oldSpec.selector, "spec.selector", selectorValue(spec.selector)));
  errs.push(...validateJobTemplateUpdate(spec, oldSpec, allowMutable));
  errs.push(...validateImmutableField(spec.completionMode, oldSpec.completionMode, "spec.completionMode"));
  for (const f of ["podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"]) {
    if (!semanticEqual(spec[f], oldSpec[f])) {
      const v = spec[f];
      const shown = isPlainObject(v)
        ? new GoValue(v, `&batch.${f === "podFailurePolicy" ? "PodFailurePolicy" : "SuccessPolicy"}{...}`)
        : (v ?? null);
      errs.push(invalidValue(child("spec", f), shown, FIELD_IMMUTABLE));
    }
  }
  return errs;
}

/**
 * Job create / update validation as the job strategy runs it: ValidateJob, and on update ValidateJob followed
 * by ValidateJobUpdate (so spec errors appear twice, as in kube). Run prepareJobForCreate (defaults/batch.ts)
 * first on create: validation expects the generated selector and labels.
 */
export function validateJob(job: KObject, old?: KObject, podOpts: PodValidationOptions = {}): FieldError[] {
  const opts: JobValidationOptions = { ...podOpts, requirePrefixedLabels: true };
  if (!old) return validateJobObject(job, opts);
  const oldSpec = obj(old.spec);
  const oldLabels = labelsOf(obj(obj(oldSpec.template).metadata).labels) ?? {};
  opts.requirePrefixedLabels =
    Object.hasOwn(oldLabels, JOB_NAME_LABEL) && Object.hasOwn(oldLabels, CONTROLLER_UID_LABEL);
  opts.allowInvalidLabelValueInSelector =
    isPlainObject(oldSpec.selector) &&
    validateLabelSelector(oldSpec.selector as LabelSelectorObject, "spec.selector").length > 0;
  const allowMutable = oldSpec.suspend === true && !has(obj((old as Obj).status), "startTime");
  return [
    ...validateJobObject(job, opts),
    ...validateObjectMetaUpdate(job.metadata, old.metadata),
    ...validateJobSpecUpdate(obj(job.spec), oldSpec, opts, allowMutable),
  ];
}

// ---- cron schedules (robfig/cron/v3 ParseStandard) ---------------------------------------------------------------

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FIELD_BOUNDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) },
];

class CronError extends Error {}

function mustParseInt(expr: string): number {
  const v = goAtoi(expr);
  if (typeof v === "string") throw new CronError(`failed to parse int from ${expr}: ${v}`);
  if (v < 0) throw new CronError(`negative number (${v}) not allowed: ${expr}`);
  return v;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  if (names && Object.hasOwn(names, expr.toLowerCase())) return names[expr.toLowerCase()];
  return mustParseInt(expr);
}

function checkRange(expr: string, b: Bounds): void {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], b.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (single) end = b.max;
  } else if (rangeAndStep.length > 2) throw new CronError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
}

/** Go's time.ParseDuration, for `@every`; returns the error text or undefined. */
function goParseDurationError(s: string): string | undefined {
  const quoted = goQuote(s);
  let rest = s;
  if (rest.startsWith("-") || rest.startsWith("+")) rest = rest.slice(1);
  if (rest === "0") return undefined;
  if (rest === "") return `time: invalid duration ${quoted}`;
  while (rest !== "") {
    const m = /^([0-9]*)(\.[0-9]*)?/.exec(rest)!;
    if (m[0] === "" || m[0] === ".") return `time: invalid duration ${quoted}`;
    rest = rest.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(rest)![0];
    if (u === "") return `time: missing unit in duration ${quoted}`;
    if (!["ns", "us", "µs", "μs", "ms", "s", "m", "h"].includes(u))
      return `time: unknown unit ${goQuote(u)} in duration ${quoted}`;
    rest = rest.slice(u.length);
  }
  return undefined;
}

/**
 * cron.ParseStandard: five fields (minute hour day-of-month month day-of-week) or a descriptor (@daily,
 * @every 1h, ...), optionally preceded by TZ=/CRON_TZ=. Returns the parser's error text, or undefined.
 */
export function cronParseError(spec: string): string | undefined {
  if (spec.length === 0) return "empty spec string";
  let s = spec;
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
    const i = s.indexOf(" ");
    const eq = s.indexOf("=");
    const loc = i < 0 ? s.slice(eq + 1) : s.slice(eq + 1, i);
    if (!isKnownTimeZone(loc)) return `provided bad location ${loc}: unknown time zone ${loc}`;
    s = i < 0 ? "" : s.slice(i).trim();
  }
  if (s.startsWith("@")) {
    if (["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"].includes(s)) return undefined;
    if (s.startsWith("@every ")) {
      const err = goParseDurationError(s.slice("@every ".length));
      return err ? `failed to parse duration ${s}: ${err}` : undefined;
    }
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/[\s\u0085\u00a0]+/u).filter((f) => f !== "");
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  try {
    fields.forEach((f, i) => {
      for (const expr of f.split(",").filter((e) => e !== "")) checkRange(expr, FIELD_BOUNDS[i]);
    });
  } catch (e) {
    if (e instanceof CronError) return e.message;
    throw e;
  }
  return undefined;
}

// ---- time zones ------------------------------------------------------------------------------------------------

let canonicalZones: Set<string> | undefined;

/** time.LoadLocation success, judged by the runtime's IANA database (names are case-sensitive, as on Linux). */
export function isKnownTimeZone(tz: string): boolean {
  if (tz === "UTC" || tz === "") return true;
  if (tz === "Local") return true;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  if (!canonicalZones) {
    const sv = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
    canonicalZones = new Set(sv ? sv("timeZone") : []);
  }
  if (canonicalZones.has(tz) || resolved === tz) return true;
  // Intl matches names case-insensitively; the zoneinfo files Go reads do not.
  for (const z of canonicalZones) if (z.toLowerCase() === tz.toLowerCase()) return false;
  return resolved.toLowerCase() !== tz.toLowerCase();
}

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const zone = str(tz);
  if (zone.length === 0) return [invalidValue(path, zone, "timeZone must be nil or non-empty string")];
  for (const part of zone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !TZ_PART.test(part))
      return [invalidValue(path, zone, `unknown time zone ${zone}`)];
  }
  const errs: FieldError[] = [];
  if (zone.toLowerCase() === "local")
    errs.push(
      invalidValue(path, zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"),
    );
  if (!isKnownTimeZone(zone)) errs.push(invalidValue(path, zone, `unknown time zone ${zone}`));
  return errs;
}

// ---- CronJob ---------------------------------------------------------------------------------------------------

/** ValidateJobTemplateSpec: the job spec, with a selector the controller generates. */
function validateJobTemplateSpec(tpl: Obj, path: string, opts: PodValidationOptions): FieldError[] {
  const spec = obj(tpl.spec);
  const specPath = child(path, "spec");
  const errs = validateJobSpecFields(spec, specPath, opts);
  if (has(spec, "selector"))
    errs.push(
      invalidValue(child(specPath, "selector"), selectorValue(spec.selector), "`selector` will be auto-generated"),
    );
  if (spec.manualSelector === true) errs.push(notSupported(child(specPath, "manualSelector"), true, ["nil", "false"]));
  return errs;
}

function validateCronJobSpec(spec: Obj, oldSpec: Obj | undefined, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(required("spec.schedule"));
  else {
    const perr = cronParseError(schedule);
    if (perr) errs.push(invalidValue("spec.schedule", schedule, perr));
    const allowTZ = oldSpec ? str(oldSpec.schedule).includes("TZ") : false;
    if (allowTZ && schedule.includes("TZ") && has(spec, "timeZone"))
      errs.push(
        invalidValue("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"),
      );
    else if (!allowTZ && schedule.includes("TZ"))
      errs.push(
        invalidValue("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
      );
  }
  if (has(spec, "startingDeadlineSeconds"))
    errs.push(...validateNonnegativeField(spec.startingDeadlineSeconds, "spec.startingDeadlineSeconds"));
  if (!oldSpec || !semanticEqual(oldSpec.timeZone, spec.timeZone))
    errs.push(...validateTimeZone(spec.timeZone, "spec.timeZone"));
  const policy = str(spec.concurrencyPolicy);
  if (!policy) errs.push(required("spec.concurrencyPolicy"));
  else if (!["Allow", "Forbid", "Replace"].includes(policy))
    errs.push(notSupported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]));
  errs.push(...validateJobTemplateSpec(obj(spec.jobTemplate), "spec.jobTemplate", opts));
  for (const f of ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
    if (has(spec, f)) errs.push(...validateNonnegativeField(spec[f], child("spec", f)));
  return errs;
}

/** ValidateCronJobCreate / ValidateCronJobUpdate (the 52-character name limit applies on create only). */
export function validateCronJob(cj: KObject, old?: KObject, opts: PodValidationOptions = {}): FieldError[] {
  const spec = obj(cj.spec);
  if (old)
    return [...validateObjectMetaUpdate(cj.metadata, old.metadata), ...validateCronJobSpec(spec, obj(old.spec), opts)];
  const errs = validateObjectMeta(cj.metadata, { namespaced: true, nameRule: "subdomain" });
  errs.push(...validateCronJobSpec(spec, undefined, opts));
  const name = str(cj.metadata.name);
  if (name.length > 52) errs.push(invalidValue("metadata.name", name, "must be no more than 52 characters"));
  return errs;
}
