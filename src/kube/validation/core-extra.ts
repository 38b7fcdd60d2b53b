/**
 * Validation of the remaining core/v1 kinds — ResourceQuota, LimitRange, PersistentVolume, PersistentVolumeClaim,
 * ReplicationController, PodTemplate, Binding and (policy/v1) Eviction — as pkg/apis/core/validation and the
 * registry strategies of Kubernetes 1.32 run them.
 *
 * `validateX(obj, old?)` is what the kind's strategy returns: create validation without `old`, update
 * validation otherwise. Where kube's strategy concatenates create and update validation (PVC, PV, RC), errors
 * about the new object are reported twice, exactly as a real API server does.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { quantityFromJSON } from "../quantity";
import {
  type LabelSelector,
  type LabelSelectorObject,
  matches,
  selectorFromSet,
  validateLabelSelector,
} from "../selectors/label-selector";
import { arr, GO_PTR, goQuantity, goTypedSlice, has, type Obj, obj, quantityString, str } from "./extra-common";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateLabelName,
} from "./names";
import {
  child,
  FIELD_IMMUTABLE,
  GoValue,
  goAny,
  goFieldName,
  goMapValue,
  goQuote,
  index,
  key,
  semanticEqual,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";
import { type PodValidationOptions, validatePodTemplateSpec, validateResourceQuantityValue } from "./pod";

const IS_NOT_POSITIVE = "must be greater than zero";

// ---- resource names (helper.IsStandard*ResourceName) -----------------------------------------------------------

const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);
const STANDARD_QUOTA_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "persistentvolumeclaims",
  "configmaps",
  "services.nodeports",
  "services.loadbalancers",
]);
const isHugePages = (n: string) => n.startsWith("hugepages-");
const isQuotaHugePages = (n: string) => n.startsWith("requests.hugepages-") || n.startsWith("limits.hugepages-");
const isNativeResource = (n: string) => !n.includes("/") || n.includes("kubernetes.io/");
const isExtendedResourceName = (n: string) =>
  !isNativeResource(n) && !n.startsWith("requests.") && isQualifiedName(`requests.${n}`).length === 0;
const isOvercommitAllowed = (n: string) => isNativeResource(n) && !isHugePages(n);
const isStandardQuotaResourceName = (n: string) => STANDARD_QUOTA_RESOURCES.has(n) || isQuotaHugePages(n);

/** validateResourceName: a qualified name, and a standard one unless it has a domain. */
function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalidValue(path, name, m));
  if (errs.length) return errs;
  if (!name.includes("/") && !(STANDARD_RESOURCES.has(name) || isHugePages(name) || isQuotaHugePages(name))) {
    errs.push(invalidValue(path, name, "must be a standard resource type or fully qualified"));
  }
  return errs;
}

export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes("/")) {
    if (!(name === "cpu" || name === "memory" || name === "ephemeral-storage" || isHugePages(name))) {
      errs.push(invalidValue(path, name, "must be a standard resource for containers"));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidValue(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** A core.ResourceList as `%#v` prints it (keys sorted, as fmt does for maps). */
function goResourceList(list: unknown): GoValue {
  if (!isPlainObject(list)) return new GoValue(null, "core.ResourceList(nil)");
  const parts = Object.keys(list)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuantity(list[k]).goString}`);
  return new GoValue(list, `core.ResourceList{${parts.join(", ")}}`);
}

const parses = (v: unknown): boolean => {
  try {
    quantityFromJSON(v);
    return true;
  } catch {
    return false;
  }
};
const cmpQ = (a: unknown, b: unknown): number => quantityFromJSON(a).cmp(quantityFromJSON(b));

// ---- ResourceQuota ---------------------------------------------------------------------------------------------

const STANDARD_QUOTA_SCOPES = [
  "Terminating",
  "NotTerminating",
  "BestEffort",
  "NotBestEffort",
  "PriorityClass",
  "CrossNamespacePodAffinity",
];
const POD_COMPUTE_QUOTA_RESOURCES = new Set([
  "cpu",
  "memory",
  "limits.cpu",
  "limits.memory",
  "requests.cpu",
  "requests.memory",
]);

/** helper.IsResourceQuotaScopeValidForResource. */
function scopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case "Terminating":
    case "NotTerminating":
    case "NotBestEffort":
    case "PriorityClass":
    case "CrossNamespacePodAffinity":
      return resource === "pods" || POD_COMPUTE_QUOTA_RESOURCES.has(resource);
    case "BestEffort":
      return resource === "pods";
    default:
      return true;
  }
}

const CONFLICTING_SCOPES = [
  ["BestEffort", "NotBestEffort"],
  ["Terminating", "NotTerminating"],
];

function goScopeSelector(sel: Obj): GoValue {
  const exprs = arr(sel.matchExpressions).map((e) => {
    const r = obj(e);
    const values = Array.isArray(r.values)
      ? `[]string{${r.values.map((v) => goQuote(str(v))).join(", ")}}`
      : "[]string(nil)";
    return `core.ScopedResourceSelectorRequirement{ScopeName:${goQuote(str(r.scopeName))}, Operator:${goQuote(str(r.operator))}, Values:${values}}`;
  });
  return new GoValue(
    sel,
    `&core.ScopeSelector{MatchExpressions:[]core.ScopedResourceSelectorRequirement{${exprs.join(", ")}}}`,
  );
}

function validateResourceQuotaSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const hard = obj(spec.hard);
  const hardNames = Object.keys(hard).sort();
  for (const k of hardNames) {
    const p = key("spec.hard", k);
    const nameErrs = validateResourceName(k, p);
    if (!k.includes("/") && !isStandardQuotaResourceName(k)) {
      nameErrs.push(invalidValue(p, k, "must be a standard resource for quota"));
    }
    errs.push(...nameErrs);
    errs.push(...validateResourceQuantityValue(k, hard[k], p));
  }
  const scopes = arr(spec.scopes).map(str);
  if (scopes.length) {
    const shown = goTypedSlice("core.ResourceQuotaScope", spec.scopes);
    const seen = new Set<string>();
    for (const scope of scopes) {
      if (!STANDARD_QUOTA_SCOPES.includes(scope)) errs.push(invalidValue("spec.scopes", shown, "unsupported scope"));
      for (const k of hardNames) {
        if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) {
          errs.push(invalidValue("spec.scopes", shown, "unsupported scope applied to resource"));
        }
      }
      seen.add(scope);
    }
    for (const pair of CONFLICTING_SCOPES) {
      if (pair.every((s) => seen.has(s))) errs.push(invalidValue("spec.scopes", shown, "conflicting scopes"));
    }
  }
  if (isPlainObject(spec.scopeSelector)) {
    const sel = spec.scopeSelector;
    const p = "spec.scopeSelector.matchExpressions";
    const seen = new Set<string>();
    for (const raw of arr(sel.matchExpressions)) {
      const req = obj(raw);
      const scope = str(req.scopeName);
      const op = str(req.operator);
      const values = arr(req.values);
      if (!STANDARD_QUOTA_SCOPES.includes(scope))
        errs.push(invalidValue(child(p, "scopeName"), scope, "unsupported scope"));
      for (const k of hardNames) {
        if (isStandardQuotaResourceName(k) && !scopeValidForResource(scope, k)) {
          errs.push(invalidValue(p, goScopeSelector(sel), "unsupported scope applied to resource"));
        }
      }
      if (
        ["BestEffort", "NotBestEffort", "Terminating", "NotTerminating", "CrossNamespacePodAffinity"].includes(scope)
      ) {
        if (op !== "Exists") {
          errs.push(
            invalidValue(
              child(p, "operator"),
              op,
              "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
            ),
          );
        }
      }
      switch (op) {
        case "In":
        case "NotIn":
          if (values.length === 0) {
            errs.push(
              required(
                child(p, "values"),
                "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
              ),
            );
          }
          break;
        case "Exists":
        case "DoesNotExist":
          if (values.length !== 0) {
            errs.push(
              invalidValue(
                child(p, "values"),
                goTypedSlice("string", values),
                "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
              ),
            );
          }
          break;
        default:
          errs.push(invalidValue(child(p, "operator"), op, "not a valid selector operator"));
      }
      seen.add(scope);
    }
    for (const pair of CONFLICTING_SCOPES) {
      if (pair.every((s) => seen.has(s))) errs.push(invalidValue(p, goScopeSelector(sel), "conflicting scopes"));
    }
  }
  return errs;
}

function validateResourceQuotaStatus(status: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["hard", "used"]) {
    const list = obj(status[field]);
    for (const k of Object.keys(list).sort()) {
      const p = key(child("status", field), k);
      const nameErrs = validateResourceName(k, p);
      if (!k.includes("/") && !isStandardQuotaResourceName(k)) {
        nameErrs.push(invalidValue(p, k, "must be a standard resource for quota"));
      }
      errs.push(...nameErrs, ...validateResourceQuantityValue(k, list[k], p));
    }
  }
  return errs;
}

/** ValidateResourceQuota / ValidateResourceQuotaUpdate (scopes may not change). */
export function validateResourceQuota(rq: KObject, old?: KObject): FieldError[] {
  const spec = obj(rq.spec);
  if (!old) {
    return [
      ...validateObjectMeta(rq.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateResourceQuotaSpec(spec),
      ...validateResourceQuotaStatus(obj(rq.status)),
    ];
  }
  const errs = [...validateObjectMetaUpdate(rq.metadata, old.metadata), ...validateResourceQuotaSpec(spec)];
  const oldScopes = new Set(arr(obj(old.spec).scopes).map(str));
  const newScopes = new Set(arr(spec.scopes).map(str));
  if (oldScopes.size !== newScopes.size || [...oldScopes].some((s) => !newScopes.has(s))) {
    errs.push(invalidValue("spec.scopes", goTypedSlice("core.ResourceQuotaScope", spec.scopes), FIELD_IMMUTABLE));
  }
  return errs;
}

// ---- LimitRange ------------------------------------------------------------------------------------------------

const STANDARD_LIMIT_TYPES = ["Pod", "Container", "PersistentVolumeClaim"];

function validateLimitRangeResourceName(type: string, name: string, path: string): FieldError[] {
  return type === "Pod" || type === "Container"
    ? validateContainerResourceName(name, path)
    : validateResourceName(name, path);
}

/** ValidateLimitRange: names, min <= defaultRequest <= default <= max, maxLimitRequestRatio bounds. */
function validateLimitRangeSpec(lr: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const seenTypes = new Set<string>();
  arr(obj(lr.spec).limits).forEach((raw, i) => {
    const limit = obj(raw);
    const idx = index("spec.limits", i);
    const type = str(limit.type);
    const typeErrs = isQualifiedName(type).map((m) => invalidValue(child(idx, "type"), type, m));
    if (!typeErrs.length && !type.includes("/") && !STANDARD_LIMIT_TYPES.includes(type)) {
      typeErrs.push(invalidValue(child(idx, "type"), type, "must be a standard limit type or fully qualified"));
    }
    errs.push(...typeErrs);
    if (seenTypes.has(type)) errs.push({ type: "FieldValueDuplicate", field: child(idx, "type"), value: type });
    seenTypes.add(type);

    const keys = new Set<string>();
    const lists: Record<string, Obj> = {};
    const collect = (field: string) => {
      const list = obj(limit[field]);
      lists[field] = list;
      for (const k of Object.keys(list).sort()) {
        errs.push(...validateLimitRangeResourceName(type, k, key(child(idx, field), k)));
        keys.add(k);
      }
    };
    collect("max");
    collect("min");
    if (type === "Pod") {
      lists.default = {};
      lists.defaultRequest = {};
      if (Object.keys(obj(limit.default)).length > 0)
        errs.push(forbiddenField(child(idx, "default"), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(obj(limit.defaultRequest)).length > 0)
        errs.push(forbiddenField(child(idx, "defaultRequest"), "may not be specified when `type` is 'Pod'"));
    } else {
      collect("default");
      collect("defaultRequest");
    }
    if (type === "PersistentVolumeClaim" && !has(lists.min, "storage") && !has(lists.max, "storage")) {
      errs.push(
        required(child(idx, "limits"), "either minimum or maximum storage value is required, but neither was provided"),
      );
    }
    collect("maxLimitRequestRatio");

    for (const k of [...keys].sort()) {
      const get = (f: string) => (Object.hasOwn(lists[f], k) && parses(lists[f][k]) ? lists[f][k] : undefined);
      const min = get("min");
      const max = get("max");
      const def = get("default");
      const defReq = get("defaultRequest");
      const ratio = get("maxLimitRequestRatio");
      const s = quantityString;
      const at = (f: string) => key(child(idx, f), k);
      if (min !== undefined && max !== undefined && cmpQ(min, max) > 0) {
        errs.push(
          invalidValue(at("min"), goQuantity(min, true), `min value ${s(min)} is greater than max value ${s(max)}`),
        );
      }
      if (defReq !== undefined && min !== undefined && cmpQ(min, defReq) > 0) {
        errs.push(
          invalidValue(
            at("defaultRequest"),
            goQuantity(defReq, true),
            `min value ${s(min)} is greater than default request value ${s(defReq)}`,
          ),
        );
      }
      if (defReq !== undefined && max !== undefined && cmpQ(defReq, max) > 0) {
        errs.push(
          invalidValue(
            at("defaultRequest"),
            goQuantity(defReq, true),
            `default request value ${s(defReq)} is greater than max value ${s(max)}`,
          ),
        );
      }
      if (defReq !== undefined && def !== undefined && cmpQ(defReq, def) > 0) {
        errs.push(
          invalidValue(
            at("defaultRequest"),
            goQuantity(defReq, true),
            `default request value ${s(defReq)} is greater than default limit value ${s(def)}`,
          ),
        );
      }
      if (def !== undefined && min !== undefined && cmpQ(min, def) > 0) {
        errs.push(
          invalidValue(
            at("default"),
            goQuantity(min, true),
            `min value ${s(min)} is greater than default value ${s(def)}`,
          ),
        );
      }
      if (def !== undefined && max !== undefined && cmpQ(def, max) > 0) {
        errs.push(
          invalidValue(
            at("default"),
            goQuantity(max, true),
            `default value ${s(def)} is greater than max value ${s(max)}`,
          ),
        );
      }
      if (ratio !== undefined && quantityFromJSON(ratio).cmp(quantityFromJSON(1)) < 0) {
        errs.push(
          invalidValue(at("maxLimitRequestRatio"), goQuantity(ratio, true), `ratio ${s(ratio)} is less than 1`),
        );
      }
      if (ratio !== undefined && min !== undefined && max !== undefined) {
        const r = quantityFromJSON(ratio);
        const lo = quantityFromJSON(min);
        const hi = quantityFromJSON(max);
        const limit = Number(hi.milliValue()) / Number(lo.milliValue());
        const ratioValue = Number(r.milliValue()) / 1000;
        if (ratioValue > limit) {
          errs.push(
            invalidValue(
              at("maxLimitRequestRatio"),
              goQuantity(ratio, true),
              `ratio ${s(ratio)} is greater than max/min = ${limit.toFixed(6)}`,
            ),
          );
        }
      }
      if (!isOvercommitAllowed(k) && def !== undefined && defReq !== undefined && cmpQ(def, defReq) !== 0) {
        errs.push(
          invalidValue(
            at("defaultRequest"),
            goQuantity(defReq, true),
            `default value ${s(def)} must equal to defaultRequest value ${s(defReq)} in ${k}`,
          ),
        );
      }
    }
  });
  return errs;
}

/** ValidateLimitRange; on update kube re-validates the whole object after ValidateObjectMetaUpdate. */
export function validateLimitRange(lr: KObject, old?: KObject): FieldError[] {
  const meta = old
    ? validateObjectMetaUpdate(lr.metadata, old.metadata)
    : validateObjectMeta(lr.metadata, { namespaced: true, nameRule: "subdomain" });
  return [...meta, ...validateLimitRangeSpec(lr)];
}

// ---- node selectors (VolumeNodeAffinity) ----------------------------------------------------------------------

function validateNodeSelectorRequirement(rq: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = arr(rq.values);
  switch (str(rq.operator)) {
    case "In":
    case "NotIn":
      if (values.length === 0)
        errs.push(required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0)
        errs.push(
          forbiddenField(child(path, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1)
        errs.push(required(child(path, "values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalidValue(child(path, "operator"), str(rq.operator), "not a valid selector operator"));
  }
  errs.push(...validateLabelName(str(rq.key), child(path, "key")));
  return errs;
}

/** validateVolumeNodeAffinity: returns whether it was specified, and the errors. */
function validateVolumeNodeAffinity(na: unknown, path: string): [boolean, FieldError[]] {
  if (!isPlainObject(na)) return [false, []];
  const errs: FieldError[] = [];
  if (!isPlainObject(na.required)) {
    errs.push(required(child(path, "required"), "must specify required node constraints"));
    return [true, errs];
  }
  const reqPath = child(path, "required");
  const terms = arr(na.required.nodeSelectorTerms);
  if (terms.length === 0)
    errs.push(required(child(reqPath, "nodeSelectorTerms"), "must have at least one node selector term"));
  terms.forEach((t, i) => {
    const term = obj(t);
    const tp = index(child(reqPath, "nodeSelectorTerms"), i);
    arr(term.matchExpressions).forEach((e, j) => {
      errs.push(...validateNodeSelectorRequirement(obj(e), index(child(tp, "matchExpressions"), j)));
    });
    arr(term.matchFields).forEach((e, j) => {
      const fp = index(child(tp, "matchFields"), j);
      const r = obj(e);
      if (str(r.key) !== "metadata.name")
        errs.push(invalidValue(child(fp, "key"), str(r.key), "not a valid field selector key"));
      const op = str(r.operator);
      if (op !== "In" && op !== "NotIn")
        errs.push(invalidValue(child(fp, "operator"), op, "not a valid selector operator"));
      else if (arr(r.values).length !== 1)
        errs.push(
          required(
            child(fp, "values"),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
    });
  });
  return [true, errs];
}

// ---- PersistentVolume --------------------------------------------------------------------------------------------

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const PV_RECLAIM_POLICIES = ["Delete", "Recycle", "Retain"];
const VOLUME_MODES = ["Block", "Filesystem"];
const HOST_PATH_TYPES = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = arr(modes).map(str);
  if (list.length === 0) errs.push(required(path, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of list) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(path, m, ACCESS_MODES));
    if (m === "ReadWriteOncePod") rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbiddenField(path, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

const noBacksteps = (p: string, path: string): FieldError[] =>
  p.split("/").includes("..") ? [invalidValue(path, p, "must not contain '..'")] : [];

function validateSecretRef(ref: unknown, path: string, needNamespace: boolean): FieldError[] {
  if (!isPlainObject(ref)) return [];
  const errs: FieldError[] = [];
  const name = str(ref.name);
  const ns = str(ref.namespace);
  if (!name) errs.push(required(child(path, "name")));
  else if (needNamespace) errs.push(...isDNS1123Subdomain(name).map((m) => invalidValue(child(path, "name"), name, m)));
  if (needNamespace) {
    if (!ns) errs.push(required(child(path, "namespace")));
    else errs.push(...isDNS1123Label(ns).map((m) => invalidValue(child(path, "namespace"), ns, m)));
  }
  return errs;
}

function requireFields(src: Obj, path: string, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of fields) {
    const v = src[f];
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0))
      errs.push(required(child(path, f)));
  }
  return errs;
}

/** The body checks of each PersistentVolumeSource, at kube's (sometimes surprising) field paths. */
function validatePVSourceBody(kind: string, src: Obj, specPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const p = child(specPath, kind);
  switch (kind) {
    case "hostPath": {
      const hp = str(src.path);
      if (!hp) return [required(child(p, "path"))];
      errs.push(...noBacksteps(hp, child(p, "path")));
      if (has(src, "type") && !HOST_PATH_TYPES.includes(str(src.type)))
        errs.push(notSupported(child(p, "type"), str(src.type), HOST_PATH_TYPES));
      return errs;
    }
    case "local": {
      const lp = str(src.path);
      if (!lp) return [required(child(p, "path"))];
      return noBacksteps(lp, child(p, "path"));
    }
    case "nfs":
      errs.push(...requireFields(src, p, ["server", "path"]));
      if (!str(src.path).startsWith("/"))
        errs.push(invalidValue(child(p, "path"), str(src.path), "must be an absolute path"));
      return errs;
    case "csi": {
      const driver = str(src.driver);
      const dp = child(p, "driver");
      if (!driver) errs.push(required(dp));
      if (driver.length > 63)
        errs.push({ type: "FieldValueTooLong", field: dp, value: driver, detail: "may not be more than 63 bytes" });
      errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalidValue(dp, driver, m)));
      if (!str(src.volumeHandle)) errs.push(required(child(p, "volumeHandle")));
      for (const ref of [
        "controllerPublishSecretRef",
        "controllerExpandSecretRef",
        "nodePublishSecretRef",
        "nodeExpandSecretRef",
      ])
        errs.push(...validateSecretRef(src[ref], child(p, ref), true));
      return errs;
    }
    case "gcePersistentDisk": {
      const gp = child(specPath, "persistentDisk");
      errs.push(...requireFields(src, gp, ["pdName"]));
      if (typeof src.partition === "number" && (src.partition < 0 || src.partition > 255))
        errs.push(invalidValue(child(gp, "partition"), src.partition, "must be between 1 and 255, inclusive"));
      return errs;
    }
    case "awsElasticBlockStore":
      errs.push(...requireFields(src, p, ["volumeID"]));
      if (typeof src.partition === "number" && (src.partition < 0 || src.partition > 255))
        errs.push(invalidValue(child(p, "partition"), src.partition, "must be between 1 and 255, inclusive"));
      return errs;
    case "cephfs":
      return requireFields(src, p, ["monitors"]);
    case "iscsi":
      errs.push(...requireFields(src, p, ["targetPortal", "iqn"]));
      if (typeof src.lun === "number" && (src.lun < 0 || src.lun > 255))
        errs.push(invalidValue(child(p, "lun"), src.lun, "must be between 0 and 255, inclusive"));
      return errs;
    case "fc": {
      const wwns = arr(src.targetWWNs);
      const wwids = arr(src.wwids);
      if (wwns.length < 1 && wwids.length < 1)
        errs.push(required(child(p, "targetWWNs"), "must specify either targetWWNs or wwids, but not both"));
      if (wwns.length && wwids.length)
        errs.push(
          invalidValue(
            child(p, "targetWWNs"),
            goTypedSlice("string", wwns),
            "targetWWNs and wwids can not be specified simultaneously",
          ),
        );
      if (wwns.length) {
        if (typeof src.lun !== "number")
          errs.push(required(child(p, "lun"), "lun is required if targetWWNs is specified"));
        else if (src.lun < 0 || src.lun > 255)
          errs.push(invalidValue(child(p, "lun"), src.lun, "must be between 0 and 255, inclusive"));
      }
      return errs;
    }
    case "flocker": {
      const name = str(src.datasetName);
      const uuid = str(src.datasetUUID);
      if (!name && !uuid) errs.push(required(p, "one of datasetName and datasetUUID is required"));
      if (name && uuid)
        errs.push(invalidValue(p, "resource", "datasetName and datasetUUID can not be specified simultaneously"));
      if (name.includes("/")) errs.push(invalidValue(child(p, "datasetName"), name, "must not contain '/'"));
      return errs;
    }
    case "azureFile":
      errs.push(...requireFields(src, p, ["secretName", "shareName"]));
      if (typeof src.secretNamespace === "string" && src.secretNamespace === "")
        errs.push(required(child(p, "secretNamespace")));
      return errs;
    case "storageos": {
      const vn = str(src.volumeName);
      if (!vn) errs.push(required(child(p, "volumeName")));
      else errs.push(...isDNS1123Label(vn).map((m) => invalidValue(child(p, "volumeName"), vn, m)));
      return errs;
    }
    default: {
      const fields: Record<string, string[]> = {
        glusterfs: ["endpoints", "path"],
        rbd: ["monitors", "image"],
        quobyte: ["registry", "volume"],
        cinder: ["volumeID"],
        flexVolume: ["driver"],
        vsphereVolume: ["volumePath"],
        photonPersistentDisk: ["pdID"],
        portworxVolume: ["volumeID"],
        azureDisk: ["diskName", "diskURI"],
        scaleIO: ["gateway", "system", "volumeName"],
      };
      return requireFields(src, p, fields[kind] ?? []);
    }
  }
}

/** PersistentVolumeSource kinds in kube's order, with the name its "more than 1 volume type" error uses. */
const PV_SOURCES: [string, string][] = [
  ["hostPath", "hostPath"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["nfs", "nfs"],
  ["rbd", "rbd"],
  ["quobyte", "quobyte"],
  ["cephfs", "cephFS"],
  ["iscsi", "iscsi"],
  ["cinder", "cinder"],
  ["fc", "fc"],
  ["flexVolume", ""],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["scaleIO", "scaleIO"],
  ["local", "local"],
  ["storageos", "storageos"],
  ["csi", "csi"],
];
const PV_SOURCE_KINDS = PV_SOURCES.map(([k]) => k);

/** ValidatePersistentVolumeSpec (not inline). */
function validatePersistentVolumeSpec(spec: Obj): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, "spec.accessModes", "");
  const capacity = obj(spec.capacity);
  const capKeys = Object.keys(capacity);
  if (capKeys.length === 0) errs.push(required("spec.capacity"));
  if (!has(capacity, "storage") || capKeys.length > 1)
    errs.push(notSupported("spec.capacity", goResourceList(spec.capacity), ["storage"]));
  for (const k of capKeys.sort()) {
    const p = key("spec.capacity", k);
    let q: ReturnType<typeof quantityFromJSON>;
    try {
      q = quantityFromJSON(capacity[k]);
    } catch (e) {
      errs.push(invalidValue(p, str(capacity[k]), (e as Error).message));
      continue;
    }
    if (q.value() < 0n) errs.push(invalidValue(p, Number(q.value()), "must be a valid resource quantity"));
    if (q.sign() <= 0) errs.push(invalidValue(p, q.toString(), IS_NOT_POSITIVE));
  }
  const reclaim = str(spec.persistentVolumeReclaimPolicy);
  if (reclaim && !PV_RECLAIM_POLICIES.includes(reclaim))
    errs.push(notSupported("spec.persistentVolumeReclaimPolicy", reclaim, PV_RECLAIM_POLICIES));
  const [affinitySpecified, affinityErrs] = validateVolumeNodeAffinity(spec.nodeAffinity, "spec.nodeAffinity");
  errs.push(...affinityErrs);
  let numVolumes = 0;
  for (const [kind, forbiddenName] of PV_SOURCES) {
    if (!has(spec, kind)) continue;
    if (numVolumes > 0 && forbiddenName) {
      errs.push(forbiddenField(child("spec", forbiddenName), "may not specify more than 1 volume type"));
      continue;
    }
    numVolumes++;
    errs.push(...validatePVSourceBody(kind, obj(spec[kind]), "spec"));
    if (kind === "local" && !affinitySpecified)
      errs.push(required("spec.nodeAffinity", "Local volume requires node affinity"));
  }
  if (numVolumes === 0) errs.push(required("spec", "must specify a volume type"));
  const hostPath = obj(spec.hostPath);
  if (
    has(spec, "hostPath") &&
    /^\/+$/.test(str(hostPath.path).replace(/\/\.(?=\/|$)/g, "/")) &&
    reclaim === "Recycle"
  ) {
    errs.push(forbiddenField("spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'"));
  }
  const sc = str(spec.storageClassName);
  if (sc) errs.push(...nameIsDNSSubdomain(sc, false).map((m) => invalidValue("spec.storageClassName", sc, m)));
  if (has(spec, "volumeMode") && !VOLUME_MODES.includes(str(spec.volumeMode)))
    errs.push(notSupported("spec.volumeMode", str(spec.volumeMode), VOLUME_MODES));
  return errs;
}

function validatePersistentVolumeCreate(pv: KObject): FieldError[] {
  return [
    ...validateObjectMeta(pv.metadata, { namespaced: false, nameRule: "subdomain" }),
    ...validatePersistentVolumeSpec(obj(pv.spec)),
  ];
}

/** A go-cmp style diff of the struct fields (in Go order) that differ between two JSON objects. */
function structDiff(goType: string, fields: string[], oldV: Obj, newV: Obj, pointerFields: Set<string>): string {
  const lines = [`  ${goType}{`];
  let identical = 0;
  const flush = () => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? "" : "s"}`);
    identical = 0;
  };
  const show = (k: string, v: unknown) => {
    if (v === undefined || v === null) return "nil";
    const text = goAny(v);
    return pointerFields.has(k) && typeof v !== "object" ? `&${text}` : text;
  };
  for (const k of fields) {
    if (semanticEqual(oldV[k], newV[k])) {
      identical++;
      continue;
    }
    flush();
    lines.push(`- \t${goFieldName(k)}: ${show(k, oldV[k])},`);
    lines.push(`+ \t${goFieldName(k)}: ${show(k, newV[k])},`);
  }
  flush();
  lines.push("  }");
  return `${lines.join("\n")}\n`;
}

/** ValidatePersistentVolumeUpdate as the strategy runs it (after ValidatePersistentVolume). */
export function validatePersistentVolume(pv: KObject, old?: KObject): FieldError[] {
  if (!old) return validatePersistentVolumeCreate(pv);
  const spec = obj(pv.spec);
  const oldSpec = obj(old.spec);
  const errs = [...validatePersistentVolumeCreate(pv), ...validatePersistentVolumeCreate(pv)];
  const newSource: Obj = {};
  const oldSource: Obj = {};
  for (const k of PV_SOURCE_KINDS) {
    if (has(spec, k)) newSource[k] = structuredClone(spec[k]);
    if (has(oldSpec, k)) oldSource[k] = oldSpec[k];
  }
  // A CSI controllerExpandSecretRef may be added once.
  const newCSI = obj(newSource.csi);
  if (
    has(oldSource, "csi") &&
    !has(obj(oldSource.csi), "controllerExpandSecretRef") &&
    has(newCSI, "controllerExpandSecretRef")
  )
    delete newCSI.controllerExpandSecretRef;
  if (!semanticEqual(newSource, oldSource)) {
    const diff = structDiff("core.PersistentVolumeSource", PV_SOURCE_KINDS, oldSource, newSource, new Set());
    errs.push(
      forbiddenField("spec.persistentvolumesource", `spec.persistentvolumesource is immutable after creation\n${diff}`),
    );
  }
  if (!semanticEqual(spec.volumeMode, oldSpec.volumeMode))
    errs.push(invalidValue("volumeMode", spec.volumeMode ?? null, FIELD_IMMUTABLE));
  if (isPlainObject(oldSpec.nodeAffinity) && !semanticEqual(spec.nodeAffinity, oldSpec.nodeAffinity))
    errs.push(
      invalidValue(
        "nodeAffinity",
        new GoValue(spec.nodeAffinity ?? null, `&core.VolumeNodeAffinity{Required:(*core.NodeSelector)(${GO_PTR})}`),
        FIELD_IMMUTABLE,
      ),
    );
  if (!semanticEqual(spec.volumeAttributesClassName, oldSpec.volumeAttributesClassName)) {
    errs.push(
      forbiddenField(
        "spec.volumeAttributesClassName",
        "update is forbidden when the VolumeAttributesClass feature gate is disabled",
      ),
    );
  }
  return errs;
}

// ---- PersistentVolumeClaim ---------------------------------------------------------------------------------------

const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

function validateDataSource(ds: Obj, path: string, isRef: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(ds.name)) errs.push(required(child(path, "name")));
  if (!str(ds.kind)) errs.push(required(child(path, "kind")));
  const group = str(ds.apiGroup);
  if (!group && ds.kind !== "PersistentVolumeClaim")
    errs.push(
      invalidValue(path, str(ds.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
    );
  if (group) errs.push(...isDNS1123Subdomain(group).map((m) => invalidValue(child(path, "apiGroup"), group, m)));
  if (isRef && str(ds.namespace))
    errs.push(
      ...nameIsDNSLabel(str(ds.namespace), false).map((m) =>
        invalidValue(child(path, "namespace"), str(ds.namespace), m),
      ),
    );
  return errs;
}

/** ValidatePersistentVolumeClaimSpec. */
export function validatePersistentVolumeClaimSpec(spec: Obj, path = "spec"): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(spec.accessModes).length === 0)
    errs.push(required(child(path, "accessModes"), "at least 1 access mode is required"));
  if (isPlainObject(spec.selector)) {
    const sel = spec.selector;
    const selPath = child(path, "selector");
    errs.push(...validateLabelSelector(sel as LabelSelectorObject, selPath));
  }
  const modes = validateAccessModes(spec.accessModes, child(path, "accessModes"), "");
  errs.push(...modes.filter((e) => e.type !== "FieldValueRequired"));
  const requests = obj(obj(spec.resources).requests);
  const storagePath = key(child(path, "resources"), "storage");
  if (!Object.hasOwn(requests, "storage")) errs.push(required(storagePath));
  else {
    const v = requests.storage;
    let q: ReturnType<typeof quantityFromJSON> | undefined;
    try {
      q = quantityFromJSON(v);
    } catch (e) {
      errs.push(invalidValue(storagePath, str(v), (e as Error).message));
    }
    if (q && q.sign() <= 0) errs.push(invalidValue(storagePath, q.toString(), IS_NOT_POSITIVE));
    else if (q) errs.push(...validateResourceQuantityValue("storage", v, storagePath));
  }
  const sc = str(spec.storageClassName);
  if (sc) errs.push(...nameIsDNSSubdomain(sc, false).map((m) => invalidValue(child(path, "storageClassName"), sc, m)));
  if (has(spec, "volumeMode") && !VOLUME_MODES.includes(str(spec.volumeMode)))
    errs.push(notSupported(child(path, "volumeMode"), str(spec.volumeMode), VOLUME_MODES));
  const ds = isPlainObject(spec.dataSource) ? spec.dataSource : undefined;
  const dsr = isPlainObject(spec.dataSourceRef) ? spec.dataSourceRef : undefined;
  if (ds) errs.push(...validateDataSource(ds, child(path, "dataSource"), false));
  if (dsr) errs.push(...validateDataSource(dsr, child(path, "dataSourceRef"), true));
  if (dsr && str(dsr.namespace)) {
    if (ds)
      errs.push(
        invalidValue(path, child(path, "dataSource"), "may not be specified when dataSourceRef.namespace is specified"),
      );
  } else if (ds && dsr) {
    const same = str(ds.apiGroup) === str(dsr.apiGroup) && ds.kind === dsr.kind && ds.name === dsr.name;
    if (!same) errs.push(invalidValue(path, child(path, "dataSource"), "must match dataSourceRef"));
  }
  return errs;
}

const PVC_SPEC_FIELDS = [
  "accessModes",
  "selector",
  "resources",
  "volumeName",
  "storageClassName",
  "volumeMode",
  "dataSource",
  "dataSourceRef",
  "volumeAttributesClassName",
];

function validatePersistentVolumeClaimCreate(pvc: KObject): FieldError[] {
  return [
    ...validateObjectMeta(pvc.metadata, { namespaced: true, nameRule: "subdomain" }),
    ...validatePersistentVolumeClaimSpec(obj(pvc.spec)),
  ];
}

/**
 * ValidatePersistentVolumeClaim, and on update the strategy's ValidatePersistentVolumeClaim +
 * ValidatePersistentVolumeClaimUpdate: the spec is frozen except resources.requests of bound claims, a volumeName
 * set once, and the storage-class upgrade paths; storage may shrink only down to status.capacity
 * (RecoverVolumeExpansionFailure is on in 1.32).
 */
export function validatePersistentVolumeClaim(pvc: KObject, old?: KObject): FieldError[] {
  if (!old) return validatePersistentVolumeClaimCreate(pvc);
  const errs = validatePersistentVolumeClaimCreate(pvc);
  errs.push(...validateObjectMetaUpdate(pvc.metadata, old.metadata));
  errs.push(...validatePersistentVolumeClaimCreate(pvc));
  const spec = obj(pvc.spec);
  const oldSpec = obj(old.spec);
  const newClone = structuredClone(spec);
  const oldClone = structuredClone(oldSpec);
  const oldAnn = obj(old.metadata.annotations);
  const newAnn = obj(pvc.metadata.annotations);
  if (!str(oldSpec.volumeName)) {
    if (has(newClone, "volumeName")) oldClone.volumeName = newClone.volumeName;
    else delete oldClone.volumeName;
  }
  const oldHasAnn = Object.hasOwn(oldAnn, BETA_STORAGE_CLASS_ANNOTATION);
  const oldScAnn = str(oldAnn[BETA_STORAGE_CLASS_ANNOTATION]);
  const fromAnnotation =
    oldHasAnn &&
    !has(oldSpec, "storageClassName") &&
    has(spec, "storageClassName") &&
    str(spec.storageClassName) === oldScAnn &&
    (!Object.hasOwn(newAnn, BETA_STORAGE_CLASS_ANNOTATION) || str(newAnn[BETA_STORAGE_CLASS_ANNOTATION]) === oldScAnn);
  if (fromAnnotation) {
    delete newClone.storageClassName;
  } else {
    const n = str(newAnn[BETA_STORAGE_CLASS_ANNOTATION]);
    if (n !== oldScAnn)
      errs.push(invalidValue(`metadata.annotations.${BETA_STORAGE_CLASS_ANNOTATION}`, n, FIELD_IMMUTABLE));
    const fromNil =
      has(spec, "storageClassName") &&
      !has(oldSpec, "storageClassName") &&
      (!oldHasAnn || str(spec.storageClassName) === oldScAnn);
    if (fromNil) {
      if (has(oldClone, "storageClassName")) newClone.storageClassName = oldClone.storageClassName;
      else delete newClone.storageClassName;
    }
  }
  const bound = obj(pvc.status).phase === "Bound";
  if (bound && isPlainObject(obj(newClone.resources).requests)) {
    const reqs = obj(obj(newClone.resources).requests);
    const oldStorage = obj(obj(oldSpec.resources).requests).storage;
    if (oldStorage === undefined) delete reqs.storage;
    else reqs.storage = oldStorage;
  }
  if (has(oldClone, "volumeAttributesClassName"))
    newClone.volumeAttributesClassName = oldClone.volumeAttributesClassName;
  else delete newClone.volumeAttributesClassName;
  if (!semanticEqual(newClone, oldClone)) {
    const diff = structDiff(
      "core.PersistentVolumeClaimSpec",
      PVC_SPEC_FIELDS,
      oldClone,
      newClone,
      new Set(["storageClassName", "volumeMode", "volumeAttributesClassName"]),
    );
    errs.push(
      forbiddenField(
        "spec",
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}`,
      ),
    );
  }
  const newSize = obj(obj(spec.resources).requests).storage;
  const oldSize = obj(obj(oldSpec.resources).requests).storage;
  if (newSize !== undefined && parses(newSize) && (oldSize === undefined || parses(oldSize))) {
    const zero = 0;
    if (cmpQ(newSize, oldSize ?? zero) < 0) {
      const statusSize = obj(obj(old.status).capacity).storage;
      if (cmpQ(newSize, statusSize !== undefined && parses(statusSize) ? statusSize : zero) <= 0) {
        errs.push(forbiddenField("spec.resources.requests.storage", "field can not be less than status.capacity"));
      }
    }
  }
  if (!semanticEqual(spec.volumeMode, oldSpec.volumeMode))
    errs.push(invalidValue("volumeMode", spec.volumeMode ?? null, FIELD_IMMUTABLE));
  if (!semanticEqual(spec.volumeAttributesClassName, oldSpec.volumeAttributesClassName)) {
    errs.push(
      forbiddenField(
        "spec.volumeAttributesClassName",
        "update is forbidden when the VolumeAttributesClass feature gate is disabled",
      ),
    );
  }
  return errs;
}

// ---- ReplicationController ---------------------------------------------------------------------------------------

function validateReplicationControllerSpec(spec: Obj, opts: PodValidationOptions): FieldError[] {
  const errs = validateNonnegativeField(spec.minReadySeconds, "spec.minReadySeconds");
  const selector = isPlainObject(spec.selector) ? (spec.selector as Record<string, string>) : {};
  const sel: LabelSelector = selectorFromSet(selector);
  const empty = Object.keys(selector).length === 0;
  if (empty) errs.push(required("spec.selector"));
  errs.push(...validateNonnegativeField(spec.replicas, "spec.replicas"));
  if (!isPlainObject(spec.template)) {
    errs.push(required("spec.template"));
    return errs;
  }
  const template = spec.template;
  const labels = obj(template.metadata).labels;
  if (!empty && !matches(sel, isPlainObject(labels) ? (labels as Record<string, string>) : undefined)) {
    errs.push(
      invalidValue("spec.template.metadata.labels", goMapValue(labels), "`selector` does not match template `labels`"),
    );
  }
  errs.push(...validatePodTemplateSpec(template, "spec.template", opts));
  const podSpec = obj(template.spec);
  if (podSpec.restartPolicy !== "Always")
    errs.push(notSupported("spec.template.spec.restartPolicy", str(podSpec.restartPolicy), ["Always"]));
  if (has(podSpec, "activeDeadlineSeconds")) {
    errs.push(
      forbiddenField(
        "spec.template.spec.activeDeadlineSeconds",
        "activeDeadlineSeconds in ReplicationController is not Supported",
      ),
    );
  }
  return errs;
}

/** ValidateReplicationController; on update the strategy appends ValidateReplicationControllerUpdate. */
export function validateReplicationController(
  rc: KObject,
  old?: KObject,
  opts: PodValidationOptions = {},
): FieldError[] {
  const create = [
    ...validateObjectMeta(rc.metadata, { namespaced: true, nameRule: "subdomain" }),
    ...validateReplicationControllerSpec(obj(rc.spec), opts),
  ];
  if (!old) return create;
  return [
    ...create,
    ...validateObjectMetaUpdate(rc.metadata, old.metadata),
    ...validateReplicationControllerSpec(obj(rc.spec), opts),
  ];
}

// ---- PodTemplate ------------------------------------------------------------------------------------------------

/** ValidatePodTemplate / ValidatePodTemplateUpdate. */
export function validatePodTemplate(pt: KObject, old?: KObject, opts: PodValidationOptions = {}): FieldError[] {
  const meta = old
    ? validateObjectMetaUpdate(pt.metadata, old.metadata)
    : validateObjectMeta(pt.metadata, { namespaced: true, nameRule: "subdomain" });
  return [...meta, ...validatePodTemplateSpec((pt as Obj).template, "template", opts)];
}

// ---- Binding and Eviction (pods/binding, pods/eviction) -----------------------------------------------------------

/** ValidatePodBinding. The REST handler first rejects a name that differs from the pod's (see bindingNameMismatch). */
export function validateBinding(b: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const target = obj((b as Obj).target);
  const kind = str(target.kind);
  if (kind && kind !== "Node") errs.push(notSupported("target.kind", kind, ["Node", "<empty>"]));
  if (!str(target.name)) errs.push(required("target.name"));
  return errs;
}

/** The BadRequest message of pods/binding when the body names another pod, else undefined. */
export function bindingNameMismatch(b: KObject, podName: string): string | undefined {
  return str(b.metadata?.name) === podName ? undefined : "name in URL does not match name in Binding object";
}

/** The BadRequest message of pods/eviction when the body names another pod, else undefined. */
export function evictionNameMismatch(ev: KObject, podName: string): string | undefined {
  return str(ev.metadata?.name) === podName ? undefined : "name in URL does not match name in Eviction object";
}

/**
 * metav1 ValidateDeleteOptions on an Eviction's deleteOptions — kube reports these as an Invalid error of
 * kind DeleteOptions (group meta.k8s.io), with paths relative to the options.
 */
export function validateEviction(ev: KObject): FieldError[] {
  const opts = obj((ev as Obj).deleteOptions);
  const errs: FieldError[] = [];
  const policy = opts.propagationPolicy;
  if (has(opts, "orphanDependents") && has(opts, "propagationPolicy"))
    errs.push(
      invalidValue("propagationPolicy", str(policy), "orphanDependents and deletionPropagation cannot be both set"),
    );
  if (has(opts, "propagationPolicy") && !["Foreground", "Background", "Orphan"].includes(str(policy)))
    errs.push(notSupported("propagationPolicy", str(policy), ["Foreground", "Background", "Orphan", "nil"]));
  const dryRun = arr(opts.dryRun).map(str);
  if (dryRun.some((d) => d !== "All")) errs.push(notSupported("dryRun", goTypedSlice("string", dryRun), ["All"]));
  return errs;
}
