/**
 * The lifecycle API's cluster-creation body, untrusted JSON, turned into a ClusterSpec or into field errors
 * worded as kube-apiserver words them (`spec.nodes.count: Invalid value: 99: must be between 0 and 50`), so a
 * client sees the same kind of message whether it talks to us or to the cluster.
 *
 * Accepted shape: { kubernetesVersion?, nodes?: { count?, capacity?, labels?, taints? }, clock?, ttl? (a Go
 * duration such as "2h") | ttlSeconds? }. null means "not set", as in Kubernetes' JSON decoding; unknown
 * members are refused rather than ignored so a typo ("node") does not silently create the default cluster.
 */
import { parseGoDuration } from "../kube/duration";
import { type FieldError, forbiddenField, invalidValue, notSupported } from "../kube/errors";
import { isPlainObject } from "../kube/object";
import { validateNodeTaints } from "../kube/validation/core-misc";
import { isKubernetesDomain, isQualifiedName, validateLabels } from "../kube/validation/names";
import { IS_NOT_POSITIVE } from "../kube/validation/object-meta";
import { parseQuantityOrError, validateResourceQuantityValue } from "../kube/validation/pod";
import { goDuration } from "../kubelet/images";
import {
  type ClusterSpec,
  DEFAULT_CLUSTER_SPEC,
  type KubernetesMinor,
  type NodeTaint,
  type NodeTemplate,
  SUPPORTED_MINORS,
} from "./spec";

/** The most workers a cluster may have (a kind cluster on one host rarely has more). */
export const MAX_WORKERS = 50;
export const MIN_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

const CLOCKS = ["real", "virtual"] as const;
const CAPACITY_RESOURCES = ["cpu", "ephemeral-storage", "memory", "pods"] as const;
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

/**
 * Labels the kubelet accepts in the kubernetes.io and k8s.io namespaces with --node-labels (kind applies a
 * node's labels that way): pkg/kubelet/apis kubeletLabels and the kubelet.kubernetes.io / node.kubernetes.io
 * namespaces. Anything else there makes the kubelet refuse to start, so `node-role.kubernetes.io/worker` has
 * to be added with `kubectl label` after creation, as in kind.
 */
const KUBELET_LABELS = [
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/instance-type",
  "beta.kubernetes.io/os",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "kubernetes.io/arch",
  "kubernetes.io/hostname",
  "kubernetes.io/os",
  "node.kubernetes.io/instance-type",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
];
const KUBELET_LABEL_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];

export type ClusterSpecResult = { ok: true; spec: ClusterSpec } | { ok: false; errors: FieldError[] };

/** The JSON type name the OpenAPI validator prints for a decoded value. */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** kube-openapi's type error: `spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"`. */
function typeError(path: string, expected: string, v: unknown): FieldError {
  const actual = jsonType(v);
  return {
    type: "FieldValueTypeInvalid",
    field: path,
    value: actual,
    detail: `${path} in body must be of type ${expected}: "${actual}"`,
  };
}

/** Members not in `known`, reported at the object's own path with the accepted names. */
function unknownMembers(o: Record<string, unknown>, known: readonly string[], path: string): FieldError[] {
  return Object.keys(o)
    .filter((k) => !known.includes(k))
    .map((k) => notSupported(path, k, [...known].sort()));
}

const rangeError = (path: string, value: unknown, lo: string | number, hi: string | number): FieldError =>
  invalidValue(path, value, `must be between ${lo} and ${hi}`);

/** kubeletapis.IsKubeletLabel: the allowed set, or a kubelet.kubernetes.io / node.kubernetes.io (sub)namespace. */
function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.includes(key)) return true;
  const slash = key.indexOf("/");
  const ns = slash < 0 ? "" : key.slice(0, slash);
  return KUBELET_LABEL_NAMESPACES.some((allowed) => ns === allowed || ns.endsWith(`.${allowed}`));
}

function validateVersion(v: unknown, errs: FieldError[]): KubernetesMinor {
  const path = "spec.kubernetesVersion";
  if (v === undefined || v === null) return DEFAULT_CLUSTER_SPEC.kubernetesVersion;
  if (typeof v !== "string") {
    errs.push(typeError(path, "string", v));
  } else if (!(SUPPORTED_MINORS as readonly string[]).includes(v)) {
    errs.push(notSupported(path, v, SUPPORTED_MINORS));
  } else {
    return v as KubernetesMinor;
  }
  return DEFAULT_CLUSTER_SPEC.kubernetesVersion;
}

function validateCount(v: unknown, errs: FieldError[]): number {
  const path = "spec.nodes.count";
  if (v === undefined || v === null) return DEFAULT_CLUSTER_SPEC.nodes.count;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    errs.push(typeError(path, "integer", v));
    return 0;
  }
  if (v < 0 || v > MAX_WORKERS) errs.push(rangeError(path, v, 0, MAX_WORKERS));
  return v;
}

function validateCapacity(v: unknown, errs: FieldError[]): NodeTemplate["capacity"] {
  const path = "spec.nodes.capacity";
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) {
    errs.push(typeError(path, "object", v));
    return undefined;
  }
  errs.push(...unknownMembers(v, CAPACITY_RESOURCES, path));
  const out: Record<string, string> = {};
  for (const name of CAPACITY_RESOURCES) {
    const raw = v[name];
    if (raw === undefined || raw === null) continue;
    const p = `${path}.${name}`;
    if (typeof raw !== "string" && typeof raw !== "number") {
      errs.push(typeError(p, "string", raw));
      continue;
    }
    const found = validateResourceQuantityValue(name, raw, p);
    const q = parseQuantityOrError(raw);
    if (found.length || typeof q === "string") {
      errs.push(...found);
      continue;
    }
    // A node without CPU, memory, room for pods or disk could not even run its kube-proxy and kindnet pods.
    if (q.sign() <= 0) {
      errs.push(invalidValue(p, q.toString(), IS_NOT_POSITIVE));
      continue;
    }
    out[name] = q.toString();
  }
  return Object.keys(out).length ? out : undefined;
}

function validateNodeLabels(v: unknown, errs: FieldError[]): Record<string, string> | undefined {
  const path = "spec.nodes.labels";
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) {
    errs.push(typeError(path, "object", v));
    return undefined;
  }
  const labels: Record<string, string> = {};
  let typed = true;
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== "string") {
      errs.push(typeError(`${path}.${k}`, "string", value));
      typed = false;
    } else labels[k] = value;
  }
  if (!typed) return undefined;
  errs.push(...validateLabels(labels, path));
  for (const k of Object.keys(labels).sort()) {
    const slash = k.indexOf("/");
    const restricted = slash >= 0 && isKubernetesDomain(k.slice(0, slash)) && !isKubeletLabel(k);
    if (restricted && isQualifiedName(k).length === 0) {
      errs.push(
        invalidValue(
          path,
          k,
          `labels in the 'kubernetes.io' and 'k8s.io' namespaces must begin with an allowed prefix (${KUBELET_LABEL_NAMESPACES.join(", ")}) or be in the specifically allowed set (${KUBELET_LABELS.join(", ")})`,
        ),
      );
    }
  }
  return Object.keys(labels).length ? labels : undefined;
}

function validateTaints(v: unknown, errs: FieldError[]): NodeTaint[] | undefined {
  const path = "spec.nodes.taints";
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    errs.push(typeError(path, "array", v));
    return undefined;
  }
  const taints: NodeTaint[] = [];
  let typed = true;
  v.forEach((raw, i) => {
    const p = `${path}[${i}]`;
    if (!isPlainObject(raw)) {
      errs.push(typeError(p, "object", raw));
      typed = false;
      return;
    }
    errs.push(...unknownMembers(raw, ["effect", "key", "value"], p));
    for (const member of ["effect", "key", "value"]) {
      const m = raw[member];
      if (m !== undefined && m !== null && typeof m !== "string") {
        errs.push(typeError(`${p}.${member}`, "string", m));
        typed = false;
      }
    }
    const value = typeof raw.value === "string" && raw.value !== "" ? raw.value : undefined;
    taints.push({
      key: typeof raw.key === "string" ? raw.key : "",
      ...(value === undefined ? {} : { value }),
      effect: (typeof raw.effect === "string" ? raw.effect : "") as NodeTaint["effect"],
    });
  });
  if (!typed) return undefined;
  // ValidateNode's taint rules (key syntax, value syntax, effect required and supported, unique key+effect).
  errs.push(...validateNodeTaints(taints, path));
  return taints.length && taints.every((t) => TAINT_EFFECTS.includes(t.effect)) ? taints : undefined;
}

function validateNodes(v: unknown, errs: FieldError[]): NodeTemplate {
  const path = "spec.nodes";
  if (v === undefined || v === null) return { ...DEFAULT_CLUSTER_SPEC.nodes };
  if (!isPlainObject(v)) {
    errs.push(typeError(path, "object", v));
    return { ...DEFAULT_CLUSTER_SPEC.nodes };
  }
  errs.push(...unknownMembers(v, ["capacity", "count", "labels", "taints"], path));
  const nodes: NodeTemplate = { count: validateCount(v.count, errs) };
  const capacity = validateCapacity(v.capacity, errs);
  if (capacity) nodes.capacity = capacity;
  const labels = validateNodeLabels(v.labels, errs);
  if (labels) nodes.labels = labels;
  const taints = validateTaints(v.taints, errs);
  if (taints) nodes.taints = taints;
  return nodes;
}

function validateClock(v: unknown, errs: FieldError[]): ClusterSpec["clock"] {
  const path = "spec.clock";
  if (v === undefined || v === null) return DEFAULT_CLUSTER_SPEC.clock;
  if (typeof v !== "string") errs.push(typeError(path, "string", v));
  else if (!(CLOCKS as readonly string[]).includes(v)) errs.push(notSupported(path, v, CLOCKS));
  else return v as ClusterSpec["clock"];
  return DEFAULT_CLUSTER_SPEC.clock;
}

/** The lifetime in whole seconds, from `ttl` (Go duration) or `ttlSeconds`, never both. */
function validateTTL(ttl: unknown, ttlSeconds: unknown, errs: FieldError[]): number | undefined {
  const hasTTL = ttl !== undefined && ttl !== null;
  const hasSeconds = ttlSeconds !== undefined && ttlSeconds !== null;
  if (hasTTL && hasSeconds) {
    errs.push(forbiddenField("spec.ttlSeconds", "may not be set together with spec.ttl"));
    return undefined;
  }
  if (hasTTL) {
    if (typeof ttl !== "string") {
      errs.push(typeError("spec.ttl", "string", ttl));
      return undefined;
    }
    const ms = parseGoDuration(ttl);
    if (ms === undefined) {
      errs.push(invalidValue("spec.ttl", ttl, 'must be a duration such as "2h" or "90m"'));
      return undefined;
    }
    const seconds = Math.floor(ms / 1000);
    if (seconds < MIN_TTL_SECONDS || seconds > MAX_TTL_SECONDS) {
      errs.push(rangeError("spec.ttl", ttl, goDuration(MIN_TTL_SECONDS * 1000), goDuration(MAX_TTL_SECONDS * 1000)));
      return undefined;
    }
    return seconds;
  }
  if (hasSeconds) {
    if (typeof ttlSeconds !== "number" || !Number.isInteger(ttlSeconds)) {
      errs.push(typeError("spec.ttlSeconds", "integer", ttlSeconds));
      return undefined;
    }
    if (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
      errs.push(rangeError("spec.ttlSeconds", ttlSeconds, MIN_TTL_SECONDS, MAX_TTL_SECONDS));
      return undefined;
    }
    return ttlSeconds;
  }
  return undefined;
}

/**
 * A ClusterSpec from an untrusted request body, with defaults for what is left out (DEFAULT_CLUSTER_SPEC), or
 * every problem found, in field order. Quantities come back in their canonical form ("1024Mi" → "1Gi").
 */
export function validateClusterSpec(input: unknown): ClusterSpecResult {
  const errs: FieldError[] = [];
  if (input === undefined || input === null) return { ok: true, spec: structuredClone(DEFAULT_CLUSTER_SPEC) };
  if (!isPlainObject(input)) return { ok: false, errors: [typeError("spec", "object", input)] };
  errs.push(...unknownMembers(input, ["clock", "kubernetesVersion", "nodes", "ttl", "ttlSeconds"], "spec"));
  const spec: ClusterSpec = {
    kubernetesVersion: validateVersion(input.kubernetesVersion, errs),
    nodes: validateNodes(input.nodes, errs),
    clock: validateClock(input.clock, errs),
  };
  const ttlSeconds = validateTTL(input.ttl, input.ttlSeconds, errs);
  if (ttlSeconds !== undefined) spec.ttlSeconds = ttlSeconds;
  return errs.length ? { ok: false, errors: errs } : { ok: true, spec };
}
