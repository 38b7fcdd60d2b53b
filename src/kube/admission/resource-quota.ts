/**
 * ResourceQuota as Kubernetes 1.32 evaluates it, without I/O: the usage evaluators (pkg/quota/v1/evaluator/
 * core: pods, services, persistentvolumeclaims, the legacy object counts and generic `count/<resource>.<group>`),
 * quota scopes, the admission check (k8s.io/apiserver/pkg/admission/plugin/resourcequota) and the status the
 * quota controller computes. The caller reads the namespace's quotas and objects from the store and writes back
 * the quota statuses these functions return.
 *
 * Admission order in kube: LimitRanger's defaults are applied before this runs (mutating phase), and the quota
 * check is the last validating plugin. A quota only constrains requests once its status.hard is set (by the
 * controller, i.e. recomputeQuotaStatus); until then it matches nothing.
 */

import { podQOSClass } from "../defaults/qos";
import { forbidden, type StatusError } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { Quantity } from "../quantity";
import { setOperatorMatches } from "../scheduling/node-affinity";
import { compareGoStrings } from "../selectors/go-format";
import { isQualifiedName } from "../validation/names";
import {
  addResourceList,
  admissionName,
  parseResourceList,
  podContainers,
  podInitContainers,
  podResourceTotal,
  type ResourceList,
  resourceListToJSON,
  sortedNames,
} from "./limit-range";

export type { ResourceList } from "./limit-range";
export { parseResourceList, resourceListToJSON } from "./limit-range";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const one = () => Quantity.fromInt(1);
const zero = () => Quantity.fromInt(0);

// ---- resource names ------------------------------------------------------------------------------------------

/** Kinds whose quota resource is not simply the lowercase plural; values are `<resource>[.<group>]`. */
const RESOURCE_FOR_KIND: Record<string, string> = {
  Pod: "pods",
  Service: "services",
  PersistentVolumeClaim: "persistentvolumeclaims",
  ConfigMap: "configmaps",
  Secret: "secrets",
  ReplicationController: "replicationcontrollers",
  ResourceQuota: "resourcequotas",
  LimitRange: "limitranges",
  ServiceAccount: "serviceaccounts",
  Endpoints: "endpoints",
  PodTemplate: "podtemplates",
  Event: "events",
  Deployment: "deployments.apps",
  ReplicaSet: "replicasets.apps",
  StatefulSet: "statefulsets.apps",
  DaemonSet: "daemonsets.apps",
  ControllerRevision: "controllerrevisions.apps",
  Job: "jobs.batch",
  CronJob: "cronjobs.batch",
  HorizontalPodAutoscaler: "horizontalpodautoscalers.autoscaling",
  PodDisruptionBudget: "poddisruptionbudgets.policy",
  Ingress: "ingresses.networking.k8s.io",
  NetworkPolicy: "networkpolicies.networking.k8s.io",
  EndpointSlice: "endpointslices.discovery.k8s.io",
  Lease: "leases.coordination.k8s.io",
  Role: "roles.rbac.authorization.k8s.io",
  RoleBinding: "rolebindings.rbac.authorization.k8s.io",
};

/**
 * The group-qualified resource a quota talks about: "pods", "deployments.apps". Accepts a resource as is, or a
 * Kind (the well-known ones above; others become their lowercase plural).
 */
export function quotaResource(kindOrResource: string): string {
  if (Object.hasOwn(RESOURCE_FOR_KIND, kindOrResource)) return RESOURCE_FOR_KIND[kindOrResource];
  if (/^[A-Z]/.test(kindOrResource)) {
    const lower = kindOrResource.toLowerCase();
    return lower.endsWith("s") ? `${lower}es` : lower.endsWith("y") ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  }
  return kindOrResource;
}

/** generic.ObjectCountQuotaResourceNameFor: count/<resource>[.<group>]. */
export const objectCountName = (resource: string): string => `count/${resource}`;

/** Resources quota ignores by default (install.DefaultIgnoredResources). */
export const IGNORED_RESOURCES: ReadonlySet<string> = new Set([
  "events",
  "events.events.k8s.io",
  "bindings",
  "componentstatuses",
  "tokenreviews.authentication.k8s.io",
  "selfsubjectreviews.authentication.k8s.io",
  "subjectaccessreviews.authorization.k8s.io",
  "selfsubjectaccessreviews.authorization.k8s.io",
  "localsubjectaccessreviews.authorization.k8s.io",
  "selfsubjectrulesreviews.authorization.k8s.io",
]);

const POD_RESOURCES = [
  "count/pods",
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
];
const POD_RESOURCE_PREFIXES = ["hugepages-", "requests.hugepages-"];
/** Quota on any of these makes every container state it (the "must specify" rule). */
const VALIDATION_SET = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);
const SERVICE_RESOURCES = ["count/services", "services", "services.nodeports", "services.loadbalancers"];
const PVC_RESOURCES = ["persistentvolumeclaims", "requests.storage"];
const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
/** Object counts that kept their pre-`count/` names. */
const LEGACY_ALIASES: Record<string, string> = {
  configmaps: "configmaps",
  resourcequotas: "resourcequotas",
  replicationcontrollers: "replicationcontrollers",
  secrets: "secrets",
};

/** helper.IsNativeResource: unprefixed, or in the kubernetes.io/ namespace. */
const isNativeResource = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");

/** helper.IsExtendedResourceName. */
function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

// ---- pods ------------------------------------------------------------------------------------------------------

export interface QuotaClockOptions {
  /** The quota clock (for pods stuck terminating); now by default. */
  now?: Date | number | string;
}

const nowMillis = (opts: QuotaClockOptions) =>
  opts.now === undefined ? Date.now() : opts.now instanceof Date ? opts.now.getTime() : new Date(opts.now).getTime();

/** QuotaV1Pod: terminal pods, and pods past their deletion grace period, no longer use compute quota. */
export function podCountsForQuota(pod: KObject, opts: QuotaClockOptions = {}): boolean {
  const phase = obj(pod.status).phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  const m = pod.metadata ?? {};
  if (typeof m.deletionTimestamp === "string" && typeof m.deletionGracePeriodSeconds === "number") {
    const deadline = new Date(m.deletionTimestamp).getTime() + m.deletionGracePeriodSeconds * 1000;
    if (nowMillis(opts) > deadline) return false;
  }
  return true;
}

/** resourcehelper.PodRequests: the spec totals plus spec.overhead. */
export function podRequests(pod: KObject): ResourceList {
  const reqs = podResourceTotal(pod, "requests");
  addResourceList(reqs, parseResourceList(obj(pod.spec).overhead));
  return reqs;
}

/** resourcehelper.PodLimits: the spec totals, with spec.overhead added to the limits that are set. */
export function podLimits(pod: KObject): ResourceList {
  const limits = podResourceTotal(pod, "limits");
  const overhead = parseResourceList(obj(pod.spec).overhead);
  for (const [k, q] of Object.entries(overhead)) if (Object.hasOwn(limits, k)) limits[k] = limits[k].add(q);
  return limits;
}

/** podComputeUsageHelper. */
function podComputeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: one() };
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    if (Object.hasOwn(requests, r)) {
      out[r] = requests[r];
      out[`requests.${r}`] = requests[r];
    }
    if (Object.hasOwn(limits, r)) out[`limits.${r}`] = limits[r];
  }
  for (const [r, q] of Object.entries(requests)) {
    if (r.startsWith("hugepages-")) {
      out[r] = q;
      out[`requests.${r}`] = q;
    }
    if (isExtendedResourceName(r)) out[`requests.${r}`] = q;
  }
  return out;
}

function podUsage(pod: KObject, opts: QuotaClockOptions): ResourceList {
  const out: ResourceList = { "count/pods": one() };
  if (!podCountsForQuota(pod, opts)) return out;
  return { ...out, ...podComputeUsage(podRequests(pod), podLimits(pod)) };
}

/** podEvaluator.Constraints: "must specify limits.cpu for: nginx; requests.cpu for: a,b". */
function podConstraints(required: readonly string[], pod: KObject): string | undefined {
  const need = required.filter((r) => VALIDATION_SET.has(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...podContainers(pod), ...podInitContainers(pod)]) {
    const res = obj(c.resources);
    const have = podComputeUsage(parseResourceList(res.requests), parseResourceList(res.limits));
    for (const r of need) {
      if (Object.hasOwn(have, r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)!.add(typeof c.name === "string" ? c.name : "");
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()]
    .sort(compareGoStrings)
    .map((r) => `${r} for: ${[...missing.get(r)!].sort(compareGoStrings).join(",")}`);
  return `must specify ${parts.join("; ")}`;
}

/** A quota scope selector requirement (spec.scopes become `Exists` requirements). */
export interface ScopeSelectorRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** getScopeSelectorsFromQuota. */
export function quotaScopeSelectors(quota: KObject): ScopeSelectorRequirement[] {
  const spec = obj(quota.spec);
  const out: ScopeSelectorRequirement[] = [];
  if (Array.isArray(spec.scopes)) for (const s of spec.scopes) out.push({ scopeName: String(s), operator: "Exists" });
  const exprs = obj(spec.scopeSelector).matchExpressions;
  if (Array.isArray(exprs)) {
    for (const e of exprs.map(obj)) {
      out.push({
        scopeName: String(e.scopeName ?? ""),
        operator: String(e.operator ?? ""),
        values: Array.isArray(e.values) ? e.values.map(String) : undefined,
      });
    }
  }
  return out;
}

/** Scope selectors take only the set operators (ScopedResourceSelectorRequirementsAsSelector); others match nothing. */
function selectorMatches(sel: ScopeSelectorRequirement, value: string | undefined): boolean {
  return setOperatorMatches(sel.operator, sel.values ?? [], value) ?? false;
}

function crossNamespaceAffinity(pod: KObject): boolean {
  const affinity = obj(obj(pod.spec).affinity);
  const cross = (t: unknown) => {
    const term = obj(t);
    return (Array.isArray(term.namespaces) && term.namespaces.length > 0) || isPlainObject(term.namespaceSelector);
  };
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const a = obj(affinity[kind]);
    const required = a.requiredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(required) && required.some(cross)) return true;
    const preferred = a.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(preferred) && preferred.some((w) => cross(obj(w).podAffinityTerm))) return true;
  }
  return false;
}

/** podMatchesScopeFunc. */
export function podMatchesScope(sel: ScopeSelectorRequirement, pod: KObject): boolean {
  const spec = obj(pod.spec);
  const terminating = typeof spec.activeDeadlineSeconds === "number" && spec.activeDeadlineSeconds >= 0;
  const qos =
    typeof obj(pod.status).qosClass === "string" && obj(pod.status).qosClass
      ? obj(pod.status).qosClass
      : podQOSClass(pod);
  switch (sel.scopeName) {
    case "Terminating":
      return terminating;
    case "NotTerminating":
      return !terminating;
    case "BestEffort":
      return qos === "BestEffort";
    case "NotBestEffort":
      return qos !== "BestEffort";
    case "PriorityClass": {
      const pc =
        typeof spec.priorityClassName === "string" && spec.priorityClassName ? spec.priorityClassName : undefined;
      if (sel.operator === "Exists") return pc !== undefined;
      return selectorMatches(sel, pc);
    }
    case "CrossNamespacePodAffinity":
      return crossNamespaceAffinity(pod);
    default:
      return false;
  }
}

// ---- evaluators ---------------------------------------------------------------------------------------------

interface Evaluator {
  resource: string;
  handles(operation: string): boolean;
  matchingResources(names: readonly string[]): string[];
  matchesScope(sel: ScopeSelectorRequirement, o: KObject): boolean;
  usage(o: KObject, opts: QuotaClockOptions): ResourceList;
  constraints(required: readonly string[], o: KObject): string | undefined;
}

const noScope = () => false;
const noConstraints = () => undefined;

const podEvaluator: Evaluator = {
  resource: "pods",
  handles: (op) => op === "CREATE",
  matchingResources: (names) => {
    const out = names.filter((n) => POD_RESOURCES.includes(n));
    for (const n of names) {
      if (POD_RESOURCE_PREFIXES.some((p) => n.startsWith(p))) out.push(n);
      if (!isNativeResource(n) && n.startsWith("requests.")) out.push(n);
    }
    return out;
  },
  matchesScope: podMatchesScope,
  usage: podUsage,
  constraints: podConstraints,
};

const serviceEvaluator: Evaluator = {
  resource: "services",
  handles: (op) => op === "CREATE" || op === "UPDATE",
  matchingResources: (names) => names.filter((n) => SERVICE_RESOURCES.includes(n)),
  matchesScope: noScope,
  usage: (svc) => {
    const spec = obj(svc.spec);
    const ports = Array.isArray(spec.ports) ? spec.ports.map(obj) : [];
    const out: ResourceList = {
      "count/services": one(),
      services: one(),
      "services.loadbalancers": zero(),
      "services.nodeports": zero(),
    };
    if (spec.type === "NodePort") out["services.nodeports"] = Quantity.fromInt(ports.length);
    if (spec.type === "LoadBalancer") {
      const counted =
        spec.allocateLoadBalancerNodePorts === false
          ? ports.filter((p) => typeof p.nodePort === "number" && p.nodePort !== 0).length
          : ports.length;
      out["services.nodeports"] = Quantity.fromInt(counted);
      out["services.loadbalancers"] = one();
    }
    return out;
  },
  constraints: noConstraints,
};

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
function pvcStorageClass(pvc: KObject): string {
  const ann = pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"];
  if (typeof ann === "string") return ann;
  const sc = obj(pvc.spec).storageClassName;
  return typeof sc === "string" ? sc : "";
}

/** pvcEvaluator.getStorageUsage: the request in whole bytes, or the larger allocated size. */
function pvcStorage(pvc: KObject): Quantity | undefined {
  const requested = parseResourceList(obj(obj(pvc.spec).resources).requests).storage;
  if (!requested) return undefined;
  const roundUp = (q: Quantity) => {
    const [r, exact] = q.roundUp(0);
    return exact ? q : r;
  };
  let result = roundUp(requested);
  const allocated = parseResourceList(obj(pvc.status).allocatedResources).storage;
  if (allocated && allocated.cmp(result) > 0) result = roundUp(allocated);
  return result;
}

const pvcEvaluator: Evaluator = {
  resource: "persistentvolumeclaims",
  handles: (op) => op === "CREATE" || op === "UPDATE",
  matchingResources: (names) =>
    names.filter(
      (n) =>
        n === "count/persistentvolumeclaims" ||
        PVC_RESOURCES.includes(n) ||
        PVC_RESOURCES.some((r) => n.endsWith(STORAGE_CLASS_SUFFIX + r)),
    ),
  matchesScope: noScope,
  usage: (pvc) => {
    const out: ResourceList = { persistentvolumeclaims: one(), "count/persistentvolumeclaims": one() };
    const sc = pvcStorageClass(pvc);
    if (sc) out[`${sc}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = one();
    const storage = pvcStorage(pvc);
    if (storage) {
      out["requests.storage"] = storage;
      if (sc) out[`${sc}${STORAGE_CLASS_SUFFIX}requests.storage`] = storage;
    }
    return out;
  },
  constraints: noConstraints,
};

/** generic.NewObjectCountEvaluator: count/<resource> (plus the legacy alias), CREATE only, no scopes. */
function objectCountEvaluator(resource: string): Evaluator {
  const names = [objectCountName(resource)];
  if (Object.hasOwn(LEGACY_ALIASES, resource)) names.push(LEGACY_ALIASES[resource]);
  return {
    resource,
    handles: (op) => op === "CREATE",
    matchingResources: (input) => input.filter((n) => names.includes(n)),
    matchesScope: noScope,
    usage: () => Object.fromEntries(names.map((n) => [n, one()])),
    constraints: noConstraints,
  };
}

function evaluatorFor(resource: string): Evaluator {
  if (resource === "pods") return podEvaluator;
  if (resource === "services") return serviceEvaluator;
  if (resource === "persistentvolumeclaims") return pvcEvaluator;
  return objectCountEvaluator(resource);
}

/**
 * The quota usage of one object: pods (count/pods always; while not terminal also pods, cpu/memory/
 * ephemeral-storage = requests.*, limits.*, hugepages and requests.<extended resource>, with the init-container
 * max rule and pod overhead), services (services, services.nodeports, services.loadbalancers), PVCs (claims and
 * requests.storage, also per storage class), and count/<resource> (+ legacy alias) for everything else.
 * `kind` is a Kind ("Pod") or a quota resource ("pods", "deployments.apps"); the object's kind by default.
 */
export function usageOf(object: KObject, kind?: string, opts: QuotaClockOptions = {}): ResourceList {
  return evaluatorFor(quotaResource(kind ?? String(object.kind ?? ""))).usage(object, opts);
}

/** The quota resource names an object of this resource could use, among `names`. */
export function matchingResources(kind: string, names: readonly string[]): string[] {
  return evaluatorFor(quotaResource(kind)).matchingResources(names);
}

/** generic.Matches: the quota's status.hard names something this resource uses, and every scope matches. */
export function quotaMatches(quota: KObject, object: KObject, kind?: string): boolean {
  const ev = evaluatorFor(quotaResource(kind ?? String(object.kind ?? "")));
  const hard = Object.keys(obj(obj(quota.status).hard));
  if (ev.matchingResources(hard).length === 0) return false;
  return quotaScopeSelectors(quota).every((s) => ev.matchesScope(s, object));
}

// ---- resource list arithmetic (k8s.io/apiserver/pkg/quota/v1) ---------------------------------------------------

/** quota.Add. */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, q] of Object.entries(b)) out[k] = Object.hasOwn(out, k) ? out[k].add(q) : q;
  return out;
}

/** quota.Mask: only the named resources. */
export function maskList(rl: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = {};
  for (const n of names) if (Object.hasOwn(rl, n)) out[n] = rl[n];
  return out;
}

/** quota.SubtractWithNonNegativeResult. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, q] of Object.entries(a)) {
    const d = Object.hasOwn(b, k) ? q.sub(b[k]) : q;
    out[k] = d.sign() > 0 ? d : zero();
  }
  for (const k of Object.keys(b)) if (!Object.hasOwn(out, k)) out[k] = zero();
  return out;
}

/** quota.RemoveZeros. */
export function removeZeros(rl: ResourceList): ResourceList {
  return Object.fromEntries(Object.entries(rl).filter(([, q]) => !q.isZero()));
}

/** prettyPrint: "pods=1,requests.cpu=500m", sorted. */
export function prettyPrint(rl: ResourceList): string {
  return sortedNames(rl)
    .map((k) => `${k}=${rl[k]}`)
    .join(",");
}

// ---- admission ----------------------------------------------------------------------------------------------------

export interface QuotaCheckResult {
  /** The 403 to answer with, when the request is rejected. */
  error?: StatusError;
  /** Copies of the quotas whose status.used the request changes; write them back when the request succeeds. */
  changed: KObject[];
}

export interface QuotaTarget {
  /** Quota resource or Kind of the object ("pods"). */
  resource: string;
  /** The object's name (generateName, or "Unknown", when it has none yet). */
  name: string;
}

const statusList = (quota: KObject, field: "hard" | "used") => parseResourceList(obj(quota.status)[field]);
const quotaName = (quota: KObject) => String(quota.metadata?.name ?? "");

/** The Forbidden error the quota admission answers with: `pods "x" is forbidden: <why>`. */
function quotaForbidden(target: QuotaTarget, why: string): StatusError {
  const resource = quotaResource(target.resource);
  const dot = resource.indexOf(".");
  const ref = dot < 0 ? { group: "", resource } : { group: resource.slice(dot + 1), resource: resource.slice(0, dot) };
  return forbidden(ref, target.name, why);
}

/**
 * The last step of the quota check: charges `delta` to each quota (which the caller has already found to match)
 * in order. The first quota the request would take over its status.hard rejects it with
 * `exceeded quota: dev-quota, requested: pods=1, used: pods=50, limited: pods=50` (only the exceeded resources,
 * sorted); otherwise every quota gets status.used += the delta masked to its hard resources.
 */
export function checkQuota(quotas: readonly KObject[], delta: ResourceList, target: QuotaTarget): QuotaCheckResult {
  const changed: KObject[] = [];
  for (const quota of quotas) {
    const hard = statusList(quota, "hard");
    const used = statusList(quota, "used");
    const requested = maskList(delta, Object.keys(hard));
    const newUsage = addLists(used, requested);
    const exceeded = Object.keys(requested).filter((k) => newUsage[k].cmp(hard[k]) > 0);
    if (exceeded.length > 0) {
      const why = `exceeded quota: ${quotaName(quota)}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(used, exceeded))}, limited: ${prettyPrint(maskList(hard, exceeded))}`;
      return { error: quotaForbidden(target, why), changed: [] };
    }
    const sameUsage =
      Object.keys(newUsage).length === Object.keys(used).length &&
      Object.entries(newUsage).every(([k, q]) => Object.hasOwn(used, k) && used[k].cmp(q) === 0);
    if (sameUsage) continue;
    const copy = structuredClone(quota);
    if (!isPlainObject(copy.status)) copy.status = {};
    (copy.status as Obj).used = resourceListToJSON(newUsage);
    changed.push(copy);
  }
  return { changed };
}

export interface QuotaAttributes {
  /** The object being created or updated; its kind picks the evaluator unless `resource` is given. */
  object: KObject;
  oldObject?: KObject;
  operation: "CREATE" | "UPDATE";
  /** Quota resource or Kind; object.kind by default. */
  resource?: string;
  subresource?: string;
  now?: QuotaClockOptions["now"];
}

/**
 * The ResourceQuota admission check (CheckRequest) against the namespace's quotas: subresources and ignored
 * resources pass; each quota matching the object (resources named in status.hard, scopes) must have its
 * constraints met (`failed quota: dev-quota: must specify limits.cpu for: nginx; ...`) and usage for all of
 * them (`status unknown for quota: ...`); then the object's usage (less the old object's on update) is charged
 * with checkQuota. Pods are only charged on create; services and PVCs also on update; other objects on create.
 */
export function admitResourceQuota(quotas: readonly KObject[], attrs: QuotaAttributes): QuotaCheckResult {
  const resource = quotaResource(attrs.resource ?? String(attrs.object.kind ?? ""));
  const target: QuotaTarget = { resource, name: admissionName(attrs.object) };
  if (attrs.subresource || IGNORED_RESOURCES.has(resource) || quotas.length === 0) return { changed: [] };
  const ev = evaluatorFor(resource);
  if (!ev.handles(attrs.operation)) return { changed: [] };
  const clock = { now: attrs.now };

  const interesting: KObject[] = [];
  for (const quota of quotas) {
    if (!quotaMatches(quota, attrs.object, resource)) continue;
    const hardNames = Object.keys(obj(obj(quota.status).hard));
    const restricted = ev.matchingResources(hardNames);
    const why = ev.constraints(restricted, attrs.object);
    if (why) return { error: quotaForbidden(target, `failed quota: ${quotaName(quota)}: ${why}`), changed: [] };
    const used = obj(obj(quota.status).used);
    if (restricted.some((r) => !Object.hasOwn(used, r))) {
      const names = [...restricted].sort(compareGoStrings).join(",");
      return {
        error: quotaForbidden(target, `status unknown for quota: ${quotaName(quota)}, resources: ${names}`),
        changed: [],
      };
    }
    interesting.push(quota);
  }

  let delta = ev.usage(attrs.object, clock);
  const negative = Object.keys(delta).filter((k) => delta[k].sign() < 0);
  if (negative.length) {
    const names = negative.sort(compareGoStrings).join(",");
    return { error: quotaForbidden(target, `quota usage is negative for resource(s): ${names}`), changed: [] };
  }
  if (attrs.operation === "UPDATE" && attrs.oldObject)
    delta = subtractNonNegative(delta, ev.usage(attrs.oldObject, clock));
  delta = removeZeros(delta);
  if (Object.keys(delta).length === 0 || interesting.length === 0) return { changed: [] };
  return checkQuota(interesting, delta, target);
}

// ---- the quota controller ----------------------------------------------------------------------------------------

export interface QuotaStatus {
  hard: Record<string, string>;
  used: Record<string, string>;
}

/**
 * syncResourceQuota: status.hard is spec.hard; status.used is the usage of the namespace's objects (keyed by quota
 * resource: { pods: [...], services: [...], "deployments.apps": [...] }) that match the quota's scopes, for every
 * hard resource an evaluator tracks (0 when nothing uses it), keeping any earlier value for names no evaluator
 * knows. A resource missing from `objects` counts as having no objects.
 */
export function recomputeQuotaStatus(
  quota: KObject,
  objects: Readonly<Record<string, readonly KObject[]>>,
  opts: QuotaClockOptions = {},
): QuotaStatus {
  const hard = parseResourceList(obj(quota.spec).hard);
  const hardNames = Object.keys(hard);
  const resources = new Set<string>([
    "pods",
    "services",
    "persistentvolumeclaims",
    ...Object.keys(LEGACY_ALIASES),
    ...Object.keys(objects).map(quotaResource),
  ]);
  for (const n of hardNames) if (n.startsWith("count/")) resources.add(n.slice("count/".length));
  const evaluators = [...resources].filter((r) => !IGNORED_RESOURCES.has(r)).map(evaluatorFor);

  const potential = new Set(evaluators.flatMap((ev) => ev.matchingResources(hardNames)));
  const matched = hardNames.filter((n) => potential.has(n));
  const scopes = quotaScopeSelectors(quota);
  let newUsage: ResourceList = {};
  for (const ev of evaluators) {
    const names = ev.matchingResources(matched);
    if (names.length === 0) continue;
    let stats: ResourceList = Object.fromEntries(names.map((n) => [n, zero()]));
    const items = Object.entries(objects)
      .filter(([k]) => quotaResource(k) === ev.resource)
      .flatMap(([, v]) => v);
    for (const item of items) {
      if (scopes.every((s) => ev.matchesScope(s, item))) stats = addLists(stats, ev.usage(item, opts));
    }
    newUsage = addLists(newUsage, stats);
  }
  newUsage = maskList(newUsage, matched);
  const used = maskList({ ...statusList(quota, "used"), ...newUsage }, hardNames);
  return { hard: resourceListToJSON(hard), used: resourceListToJSON(used) };
}
