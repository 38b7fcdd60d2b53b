/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger, Kubernetes 1.32) as pure functions over
 * the LimitRanges of the request's namespace, which the caller reads from the store.
 *
 * Mutation (Admit, pods on CREATE): every container and init container lacking a request or limit named by a
 * Container-type item's defaultRequest/default gets it, and the pod is annotated
 * `kubernetes.io/limit-ranger: LimitRanger plugin set: cpu, memory request for container nginx; ...`.
 * Validation (Validate, pods on CREATE and PersistentVolumeClaims on CREATE and UPDATE): Container items bound
 * each container's requests/limits, Pod items the pod totals (init containers by the sidecar-aware max rule),
 * PersistentVolumeClaim items the storage request. Each LimitRange is checked in turn; the first one with
 * violations fails the request with `<resource> "<name>" is forbidden: <aggregate of its messages>`.
 *
 * Go iterates the min/max/ratio maps in random order; we use sorted resource names (the order the stored JSON
 * has), so multi-violation messages are deterministic.
 */

import { defaultLimitRange } from "../defaults/core-extra";
import { forbidden, type StatusError } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { type Quantity, quantityFromJSON } from "../quantity";
import { compareGoStrings } from "../selectors/go-format";

type Obj = Record<string, unknown>;

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

// ---- resource lists ---------------------------------------------------------------------------------------

/** core/v1 ResourceList with parsed quantities. */
export type ResourceList = Record<string, Quantity>;

const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

/** A JSON ResourceList parsed; entries that are not quantities are skipped (validation reports them). */
export function parseResourceList(v: unknown): ResourceList {
  const out: ResourceList = {};
  for (const [k, raw] of Object.entries(obj(v))) {
    try {
      out[k] = quantityFromJSON(raw);
    } catch {
      // not a quantity
    }
  }
  return out;
}

/** The JSON form, keys sorted as Go's encoder sorts map keys. */
export function resourceListToJSON(rl: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(rl).sort(compareGoStrings)) out[k] = rl[k].toString();
  return out;
}

/** Resource names sorted as Go's sort.Strings would. */
export const sortedNames = (rl: object): string[] => Object.keys(rl).sort(compareGoStrings);

/** addResourceList: list[k] += newList[k] (a missing key takes the value as is). */
export function addResourceList(list: ResourceList, newList: ResourceList): void {
  for (const [k, q] of Object.entries(newList)) list[k] = Object.hasOwn(list, k) ? list[k].add(q) : q;
}

/** maxResourceList: list[k] = max(list[k], newList[k]). */
export function maxResourceList(list: ResourceList, newList: ResourceList): void {
  for (const [k, q] of Object.entries(newList)) if (!Object.hasOwn(list, k) || q.cmp(list[k]) > 0) list[k] = q;
}

/** utilerrors.NewAggregate(...).Error(): one message bare, several deduplicated in brackets. */
export function aggregateMessage(msgs: readonly string[]): string {
  if (msgs.length === 0) return "";
  if (msgs.length === 1) return msgs[0];
  const seen: string[] = [];
  for (const m of msgs) if (!seen.includes(m)) seen.push(m);
  return seen.length === 1 ? seen[0] : `[${seen.join(", ")}]`;
}

export const podContainers = (pod: KObject): Obj[] =>
  Array.isArray(obj(pod.spec).containers) ? (obj(pod.spec).containers as unknown[]).filter(isPlainObject) : [];
export const podInitContainers = (pod: KObject): Obj[] =>
  Array.isArray(obj(pod.spec).initContainers) ? (obj(pod.spec).initContainers as unknown[]).filter(isPlainObject) : [];

const containerRequests = (c: Obj) => parseResourceList(obj(c.resources).requests);
const containerLimits = (c: Obj) => parseResourceList(obj(c.resources).limits);

/**
 * The pod-level total of one side (requests or limits) over the spec only: containers summed, restartable
 * (sidecar) init containers added and accumulated, and the pod needing at least the peak of any init container
 * plus the sidecars started before it.
 */
export function podResourceTotal(pod: KObject, side: "requests" | "limits"): ResourceList {
  const of = side === "requests" ? containerRequests : containerLimits;
  const total: ResourceList = {};
  for (const c of podContainers(pod)) addResourceList(total, of(c));
  const sidecars: ResourceList = {};
  const initPeak: ResourceList = {};
  for (const c of podInitContainers(pod)) {
    let use: ResourceList;
    if (c.restartPolicy === "Always") {
      addResourceList(total, of(c));
      addResourceList(sidecars, of(c));
      use = sidecars;
    } else {
      use = {};
      addResourceList(use, of(c));
      addResourceList(use, sidecars);
    }
    maxResourceList(initPeak, use);
  }
  maxResourceList(total, initPeak);
  return total;
}

// ---- LimitRange defaulting ----------------------------------------------------------------------------------

function limitItems(lr: KObject): Obj[] {
  const limits = obj(lr.spec).limits;
  return Array.isArray(limits) ? limits.filter(isPlainObject) : [];
}

/**
 * SetDefaults_LimitRangeItem (the registry's defaulting, defaults/core-extra.ts). Stored LimitRanges are already
 * defaulted; the admission functions apply it again to what they read (it is idempotent).
 */
export const setDefaultsLimitRange = defaultLimitRange;

const defaulted = (lr: KObject): KObject => {
  const copy = structuredClone(lr);
  setDefaultsLimitRange(copy);
  return copy;
};

// ---- mutation ------------------------------------------------------------------------------------------------

/** defaultContainerResourceRequirements: the Container items' defaultRequest/default, later items winning. */
function containerDefaults(lr: KObject): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of limitItems(lr)) {
    if (item.type !== "Container") continue;
    Object.assign(requests, parseResourceList(item.defaultRequest));
    Object.assign(limits, parseResourceList(item.default));
  }
  return { requests, limits };
}

function sortedObject(o: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(o).sort(compareGoStrings)) out[k] = o[k];
  return out;
}

/** mergeContainerResources: fills the missing names, returning the annotation parts for this container. */
function mergeContainer(c: Obj, defaults: { requests: ResourceList; limits: ResourceList }, prefix: string): string[] {
  const setRequests: string[] = [];
  const setLimits: string[] = [];
  const res = isPlainObject(c.resources) ? c.resources : {};
  const limits = isPlainObject(res.limits) ? { ...res.limits } : {};
  const requests = isPlainObject(res.requests) ? { ...res.requests } : {};
  for (const [k, q] of Object.entries(defaults.limits)) {
    if (Object.hasOwn(limits, k)) continue;
    limits[k] = q.toString();
    setLimits.push(k);
  }
  for (const [k, q] of Object.entries(defaults.requests)) {
    if (Object.hasOwn(requests, k)) continue;
    requests[k] = q.toString();
    setRequests.push(k);
  }
  if (setLimits.length || setRequests.length) {
    c.resources = res;
    if (setLimits.length) res.limits = sortedObject(limits);
    if (setRequests.length) res.requests = sortedObject(requests);
  }
  const name = typeof c.name === "string" ? c.name : "";
  const out: string[] = [];
  if (setRequests.length) out.push(`${setRequests.sort(compareGoStrings).join(", ")} request for ${prefix} ${name}`);
  if (setLimits.length) out.push(`${setLimits.sort(compareGoStrings).join(", ")} limit for ${prefix} ${name}`);
  return out;
}

/**
 * LimitRanger Admit for a pod being created: merges each LimitRange's container defaults (in order) into the
 * containers and init containers that lack them, and sets the kubernetes.io/limit-ranger annotation (the last
 * LimitRange that set anything wins, as in kube). Mutates the pod; returns whether anything was set.
 */
export function applyLimitRangeDefaults(pod: KObject, limitRanges: readonly KObject[]): boolean {
  let changed = false;
  for (const lr of limitRanges) {
    const defaults = containerDefaults(defaulted(lr));
    const parts: string[] = [];
    for (const c of podContainers(pod)) parts.push(...mergeContainer(c, defaults, "container"));
    for (const c of podInitContainers(pod)) parts.push(...mergeContainer(c, defaults, "init container"));
    if (parts.length === 0) continue;
    changed = true;
    pod.metadata.annotations = {
      ...(pod.metadata.annotations ?? {}),
      [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${parts.join("; ")}`,
    };
  }
  return changed;
}

// ---- validation ---------------------------------------------------------------------------------------------

/** resource.MaxMilliValue: the largest value whose milli-units fit in an int64. */
const MAX_MILLI_VALUE = (2n ** 63n - 1n) / 1000n;
const ZERO = quantityFromJSON("0");

/** requestLimitEnforcedValues: milli-units when all three fit, else whole units. */
function enforcedValues(req: Quantity, lim: Quantity, enforced: Quantity): [bigint, bigint, bigint] {
  const r = req.value();
  const l = lim.value();
  const e = enforced.value();
  if (r <= MAX_MILLI_VALUE && l <= MAX_MILLI_VALUE && e <= MAX_MILLI_VALUE)
    return [req.milliValue(), lim.milliValue(), enforced.milliValue()];
  return [r, l, e];
}

function minConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList) {
  const req = requests[name];
  const lim = limits[name];
  const [r, l, e] = enforcedValues(req ?? ZERO, lim ?? ZERO, enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  if (lim && l < e) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList) {
  const req = requests[name];
  const lim = limits[name];
  const [r, l, e] = enforcedValues(req ?? ZERO, lim ?? ZERO, enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  if (req && r > e) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

/** maxRequestConstraint: for PVCs, whose limits are not user input. */
function maxRequestConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList) {
  const req = requests[name];
  const [r, , e] = enforcedValues(req ?? ZERO, ZERO, enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, requests: ResourceList, limits: ResourceList) {
  const req = requests[name];
  const lim = limits[name];
  const [r, l] = enforcedValues(req ?? ZERO, lim ?? ZERO, enforced);
  if (!req || r === 0n)
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  if (!lim || l === 0n)
    return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  let observed = Number(l) / Number(r);
  const display = observed;
  let max = Number(enforced.value());
  if (enforced.value() <= MAX_MILLI_VALUE) {
    observed *= 1000;
    max = Number(enforced.milliValue());
  }
  if (observed > max)
    return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${display.toFixed(6)}`;
  return undefined;
}

function checkAll(
  type: string,
  item: Obj,
  requests: ResourceList,
  limits: ResourceList,
  errs: string[],
  pvc = false,
): void {
  const push = (m: string | undefined) => {
    if (m) errs.push(m);
  };
  const min = parseResourceList(item.min);
  for (const k of sortedNames(min)) push(minConstraint(type, k, min[k], requests, limits));
  const max = parseResourceList(item.max);
  for (const k of sortedNames(max))
    push(pvc ? maxRequestConstraint(type, k, max[k], requests) : maxConstraint(type, k, max[k], requests, limits));
  if (pvc) return;
  const ratio = parseResourceList(item.maxLimitRequestRatio);
  for (const k of sortedNames(ratio)) push(ratioConstraint(type, k, ratio[k], requests, limits));
}

/** PodValidateLimitFunc / PersistentVolumeClaimValidateLimitFunc: one LimitRange's messages, in kube's order. */
export function limitRangeViolations(object: KObject, limitRange: KObject): string[] {
  const errs: string[] = [];
  const isPVC = object.kind === "PersistentVolumeClaim";
  for (const item of limitItems(limitRange)) {
    const type = typeof item.type === "string" ? item.type : "";
    if (isPVC) {
      if (type !== "PersistentVolumeClaim") continue;
      const requests = parseResourceList(obj(obj(object.spec).resources).requests);
      checkAll(type, item, requests, {}, errs, true);
      continue;
    }
    if (type === "Container") {
      for (const c of [...podContainers(object), ...podInitContainers(object)]) {
        checkAll(type, item, containerRequests(c), containerLimits(c), errs);
      }
    } else if (type === "Pod") {
      checkAll(type, item, podResourceTotal(object, "requests"), podResourceTotal(object, "limits"), errs);
    }
  }
  return errs;
}

/** admission.NewForbidden's name: the object's name, else its generateName, else "Unknown". */
export function admissionName(object: KObject): string {
  const m = object.metadata ?? {};
  if (typeof m.name === "string" && m.name) return m.name;
  if (typeof m.generateName === "string" && m.generateName) return m.generateName;
  return "Unknown";
}

export interface LimitRangerOptions {
  operation?: "CREATE" | "UPDATE";
  oldObject?: KObject;
  subresource?: string;
}

/**
 * LimitRanger Validate for a Pod or PersistentVolumeClaim (by `kind`): the first LimitRange with violations
 * yields `pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, ...]` (403);
 * undefined when admitted. Pod updates, subresources and objects already being deleted are not checked.
 */
export function validateAgainstLimitRanges(
  object: KObject,
  limitRanges: readonly KObject[],
  opts: LimitRangerOptions = {},
): StatusError | undefined {
  const resource =
    object.kind === "Pod" ? "pods" : object.kind === "PersistentVolumeClaim" ? "persistentvolumeclaims" : undefined;
  if (!resource || opts.subresource) return undefined;
  if (resource === "pods" && opts.operation === "UPDATE") return undefined;
  if (opts.oldObject?.metadata?.deletionTimestamp) return undefined;
  for (const lr of limitRanges) {
    const errs = limitRangeViolations(object, defaulted(lr));
    if (errs.length) return forbidden({ group: "", resource }, admissionName(object), aggregateMessage(errs));
  }
  return undefined;
}
