/**
 * Defaulting of the smaller core/v1 kinds (pkg/apis/core/v1/defaults.go, Kubernetes 1.32) and the registry
 * steps that shape what `kubectl get -o yaml` shows for them: Service (SetDefaults_Service, the IP-family
 * fields the allocator fills, ClusterIP/ClusterIPs normalisation), Secret, Namespace, Event, Node, Endpoints.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isPlainObject) : []);
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

function specOf(o: KObject): Obj {
  if (!isPlainObject(o.spec)) o.spec = {};
  return o.spec as Obj;
}

// ---- Service ---------------------------------------------------------------------------------------------

export interface ServiceDefaultsOptions {
  /** The cluster's service IP families, primary first (single-stack IPv4 by default). */
  ipFamilies?: ("IPv4" | "IPv6")[];
}

const isIPv6Text = (ip: string) => ip.includes(":");

/** apiservice.ExternallyAccessible. */
const externallyAccessible = (spec: Obj) =>
  spec.type === "LoadBalancer" ||
  spec.type === "NodePort" ||
  (spec.type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);

/** SetDefaults_Service. */
export function setDefaultsService(svc: KObject): void {
  const spec = specOf(svc);
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") {
    const cfg = spec.sessionAffinityConfig;
    const timeout = isPlainObject(cfg) && isPlainObject(cfg.clientIP) ? cfg.clientIP.timeoutSeconds : undefined;
    if (typeof timeout !== "number") spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const p of arr(spec.ports)) {
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "")
      p.targetPort = p.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (!has(spec, "internalTrafficPolicy") && ["NodePort", "LoadBalancer", "ClusterIP"].includes(String(spec.type))) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer" && typeof spec.allocateLoadBalancerNodePorts !== "boolean")
    spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === "LoadBalancer") {
    const ingress =
      isPlainObject(svc.status) && isPlainObject(svc.status.loadBalancer) ? arr(svc.status.loadBalancer.ingress) : [];
    for (const ing of ingress) if (ing.ip && !ing.ipMode) ing.ipMode = "VIP";
  }
}

/** The IP-family fields the service allocator fills in before validation (initIPFamilyFields). */
export function defaultServiceIPFamilies(svc: KObject, opts: ServiceDefaultsOptions = {}): void {
  const spec = specOf(svc);
  if (spec.type === "ExternalName") return;
  const clusterFamilies = opts.ipFamilies?.length ? opts.ipFamilies : ["IPv4"];
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs.map(String) : [];
  const headless = ips.length === 1 && ips[0] === "None";
  const selectorless = !isPlainObject(spec.selector) || Object.keys(spec.selector).length === 0;
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies.map(String) : [];
  if (headless && selectorless) {
    if (!has(spec, "ipFamilyPolicy")) spec.ipFamilyPolicy = "RequireDualStack";
    if (families.length === 0) spec.ipFamilies = [...clusterFamilies];
    return;
  }
  if (!has(spec, "ipFamilyPolicy")) spec.ipFamilyPolicy = "SingleStack";
  if (families.length === 0) {
    const fromIPs = headless ? [] : ips.map((ip) => (isIPv6Text(ip) ? "IPv6" : "IPv4"));
    if (fromIPs.length) families.push(...fromIPs);
    else families.push(clusterFamilies[0]);
    if (spec.ipFamilyPolicy !== "SingleStack") {
      for (const f of clusterFamilies) if (!families.includes(f) && families.length < 2) families.push(f);
    }
    spec.ipFamilies = families;
  }
}

/** PrepareForCreate's NormalizeClusterIPs: an old client's clusterIP becomes clusterIPs[0]. */
export function normalizeServiceClusterIPsOnCreate(svc: KObject): void {
  const spec = specOf(svc);
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
}

/**
 * All Service defaults: SetDefaults_Service, clusterIPs from clusterIP, IP families, and the `status:
 * {loadBalancer: {}}` the API server always serializes.
 */
export function defaultService(svc: KObject, opts: ServiceDefaultsOptions = {}): void {
  setDefaultsService(svc);
  normalizeServiceClusterIPsOnCreate(svc);
  defaultServiceIPFamilies(svc, opts);
  if (!isPlainObject(svc.status)) svc.status = {};
  const status = svc.status as Obj;
  if (!isPlainObject(status.loadBalancer)) status.loadBalancer = {};
}

const sameStrings = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? a : []) === JSON.stringify(Array.isArray(b) ? b : []);

/**
 * What the service REST update does before validation: patchAllocatedValues (keep the allocated clusterIP(s),
 * node ports and health-check node port a client left out) then NormalizeClusterIPs(old, new).
 */
export function prepareServiceForUpdate(svc: KObject, old: KObject): void {
  const spec = specOf(svc);
  const oldSpec = isPlainObject(old.spec) ? old.spec : {};
  const needsClusterIP = (s: Obj) => s.type !== "ExternalName";
  const needsNodePort = (s: Obj) =>
    s.type === "NodePort" || (s.type === "LoadBalancer" && s.allocateLoadBalancerNodePorts !== false);
  const needsHC = (s: Obj) => s.type === "LoadBalancer" && s.externalTrafficPolicy === "Local";
  if (needsClusterIP(oldSpec) && needsClusterIP(spec)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if (
      !(Array.isArray(spec.clusterIPs) && spec.clusterIPs.length) &&
      Array.isArray(oldSpec.clusterIPs) &&
      oldSpec.clusterIPs.length
    ) {
      spec.clusterIPs = structuredClone(oldSpec.clusterIPs);
    }
    if (!(Array.isArray(spec.ipFamilies) && spec.ipFamilies.length) && Array.isArray(oldSpec.ipFamilies)) {
      spec.ipFamilies = structuredClone(oldSpec.ipFamilies);
    }
    if (!has(spec, "ipFamilyPolicy") && has(oldSpec, "ipFamilyPolicy")) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const usedBy = (s: Obj) =>
      new Set(
        arr(s.ports)
          .map((p) => p.nodePort)
          .filter((n) => typeof n === "number" && n !== 0),
      );
    const newUsed = usedBy(spec);
    const used = new Set([...usedBy(oldSpec)].filter((n) => newUsed.has(n)));
    const byName = new Map(arr(oldSpec.ports).map((p) => [String(p.name ?? ""), p.nodePort]));
    for (const p of arr(spec.ports)) {
      if (p.nodePort) continue;
      const oldVal = byName.get(String(p.name ?? ""));
      if (typeof oldVal === "number" && oldVal !== 0 && !used.has(oldVal)) p.nodePort = oldVal;
    }
  }
  if (needsHC(oldSpec) && needsHC(spec) && !spec.healthCheckNodePort)
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;

  // NormalizeClusterIPs.
  const oldIPs = Array.isArray(oldSpec.clusterIPs) ? oldSpec.clusterIPs : [];
  const newIPs = () => (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []);
  if (oldIPs.length > 0 && newIPs().length === 0 && (oldSpec.clusterIP ?? "") === (spec.clusterIP ?? "")) {
    spec.clusterIPs = structuredClone(oldIPs);
  }
  if ((oldSpec.clusterIP ?? "") !== (spec.clusterIP ?? "")) {
    const same = sameStrings(oldSpec.clusterIPs, spec.clusterIPs);
    if (oldSpec.clusterIP && !spec.clusterIP) {
      if (same) delete spec.clusterIPs;
    } else if (same) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

// ---- Secret ----------------------------------------------------------------------------------------------

function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** SetDefaults_Secret (type Opaque), and stringData merged into data as the v1 conversion does. */
export function defaultSecret(secret: KObject): void {
  const s = secret as Obj;
  if (!s.type) s.type = "Opaque";
  if (isPlainObject(s.stringData)) {
    if (!isPlainObject(s.data)) s.data = {};
    const data = s.data as Obj;
    for (const [k, v] of Object.entries(s.stringData)) data[k] = base64Utf8(String(v ?? ""));
  }
  delete s.stringData;
}

// ---- Namespace -------------------------------------------------------------------------------------------

/** SetDefaults_Namespace (the kubernetes.io/metadata.name label) and SetDefaults_NamespaceStatus. */
export function defaultNamespace(ns: KObject): void {
  if (ns.metadata.name)
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns.metadata.name };
  if (!isPlainObject(ns.status)) ns.status = {};
  const status = ns.status as Obj;
  if (!status.phase) status.phase = "Active";
}

/** The namespace strategy's PrepareForCreate: phase Active and the `kubernetes` finalizer. */
export function prepareNamespaceForCreate(ns: KObject): void {
  ns.status = { phase: "Active" };
  const spec = specOf(ns);
  const fins = Array.isArray(spec.finalizers) ? spec.finalizers : [];
  if (!fins.includes("kubernetes")) spec.finalizers = [...fins, "kubernetes"];
}

// ---- Event, Node, Endpoints -----------------------------------------------------------------------------------

/** The zero-valued Event fields the API server always serializes (eventTime: null, reportingComponent: "", ...). */
export function defaultEvent(ev: KObject): void {
  const e = ev as Obj;
  if (!("eventTime" in e) || e.eventTime === undefined) e.eventTime = null;
  if (!("firstTimestamp" in e) || e.firstTimestamp === undefined) e.firstTimestamp = null;
  if (!("lastTimestamp" in e) || e.lastTimestamp === undefined) e.lastTimestamp = null;
  if (typeof e.reportingComponent !== "string") e.reportingComponent = "";
  if (typeof e.reportingInstance !== "string") e.reportingInstance = "";
  if (!isPlainObject(e.involvedObject)) e.involvedObject = {};
  if (!isPlainObject(e.source)) e.source = {};
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function defaultNode(node: KObject): void {
  const n = node as Obj;
  if (!isPlainObject(n.status)) return;
  const status = n.status;
  if (!isPlainObject(status.allocatable) && isPlainObject(status.capacity))
    status.allocatable = structuredClone(status.capacity);
}

/** SetDefaults_Endpoints: port protocol TCP. */
export function defaultEndpoints(ep: KObject): void {
  for (const ss of arr((ep as Obj).subsets)) for (const p of arr(ss.ports)) if (!p.protocol) p.protocol = "TCP";
}
