/**
 * The objects of a freshly created kind cluster (kind v0.27, Kubernetes v1.32.4): one control plane and two
 * workers, exactly as `kind create cluster` leaves them after kubeadm init/join, the kindnet CNI and the
 * local-path storage provisioner have been installed. Options pick another supported minor (versions.ts) and
 * a worker template (count, capacity, labels, taints), as a kind config with that node image and those
 * `role: worker` nodes would; without options the cluster is kind's default one.
 *
 * Every object is written as the API server would store it after defaulting and admission (pod priorities,
 * injected service-account volumes, default tolerations, DaemonSet tolerations and node affinity...), with the
 * status its controllers would have written. Timestamps are staggered over ~30 seconds before `now` like a real
 * boot: the kubelet starts the static control-plane pods first, then the API server creates its namespaces,
 * system PriorityClasses and RBAC bootstrap policy (seed-rbac.ts), kubeadm adds its roles and installs its
 * addons, kind installs kindnet and local-path-storage (with the default StorageClass) and finally the
 * workers join. Controllers' by-products are included: ControllerRevisions of the DaemonSets, the
 * EndpointSlices next to the Endpoints, the aggregated admin/edit/view ClusterRoles.
 *
 * NOTE: the pods are written with a Running status directly because no simulated kubelet exists yet; issue 4
 * will run them (the kubelet simulation will then own container and pod status).
 *
 * Pure: no I/O. Randomness (name suffixes, container IDs, machine IDs) is drawn from a generator seeded by the
 * first `uid()`, so a deterministic `uid` gives a deterministic cluster.
 */
import type { KObject, OwnerReference } from "../kube/object";
import { quantityFromJSON } from "../kube/quantity";
import { addDaemonTolerations, pinToNode } from "../kube/scheduling/daemon-pod";
import { hash32, stableHex } from "../kubelet/ids";
import { computeHash } from "../reconcile/workloads/controller-revision";
import {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapNamespacePolicy,
  kindnetRbac,
  kubeadmRbac,
  localPathRbac,
  type RbacSpec,
} from "./seed-rbac";
import type { KubernetesMinor, NodeTemplate } from "./spec";
// The spec validation refuses more workers than this; the seed clamps to it.
import { MAX_WORKERS } from "./spec-validate";
import { componentImages, type VersionInfo, versionInfo } from "./versions";

type J = Record<string, any>;

// ---- versions and addresses -----------------------------------------------------------------------------

// Kubernetes' own images (apiserver, etcd, CoreDNS, pause...) depend on the minor: see versions.ts. kind's
// images come with its base image and are the same for every minor.
const KINDNETD_IMAGE = "docker.io/kindest/kindnetd:v20250214-acbabc1a";
const LOCAL_PATH_PROVISIONER_IMAGE = "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a";
const LOCAL_PATH_HELPER_IMAGE = "docker.io/kindest/local-path-helper:v20241212-8ac705d0";

const POD_SUBNET = "10.244.0.0/16";
const SERVICE_SUBNET = "10.96.0.0/16";
const KUBERNETES_SERVICE_IP = "10.96.0.1";
const DNS_SERVICE_IP = "10.96.0.10";
const CRI_SOCKET = "unix:///run/containerd/containerd.sock";

const SYSTEM_NODE_CRITICAL = "system-node-critical";
const SYSTEM_CLUSTER_CRITICAL = "system-cluster-critical";
const PRIORITIES: Record<string, number> = {
  [SYSTEM_CLUSTER_CRITICAL]: 2000000000,
  [SYSTEM_NODE_CRITICAL]: 2000001000,
};
/** scheduling.SystemPriorityClasses(), in the order the API server creates them. */
const SYSTEM_PRIORITY_CLASSES = [
  {
    name: SYSTEM_NODE_CRITICAL,
    description: "Used for system critical pods that must not be moved from their current node.",
  },
  {
    name: SYSTEM_CLUSTER_CRITICAL,
    description:
      "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  },
];

/** k8s.io/apimachinery/pkg/util/rand alphabet: consonants and digits that cannot spell words. */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

const LOCAL_PATH_POD_TEMPLATE_HASH = "58cc7856b6";
const KINDNET_REVISION_HASH = "5f7b7b4f9c";

const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/** Node capacity of a typical laptop running kind (and identical allocatable: kind reserves nothing). */
const NODE_CAPACITY = {
  cpu: "8",
  "ephemeral-storage": "263112772Ki",
  "hugepages-1Gi": "0",
  "hugepages-2Mi": "0",
  memory: "16365308Ki",
  pods: "110",
};

/** kind's default cluster: one control plane and two workers. */
const DEFAULT_WORKERS = 2;

/** How the cluster differs from `kind create cluster` with no config. */
export interface SeedOptions {
  kubernetesVersion?: KubernetesMinor;
  /** The workers; the control-plane node always exists and keeps kind's defaults. */
  nodes?: NodeTemplate;
}

/**
 * A worker's capacity (= allocatable): the template's quantities over the defaults, each serialized as the
 * API server would (Quantity.String()). The spec validation reports bad quantities; here they are a bug.
 */
function workerCapacity(template: NodeTemplate | undefined): Record<string, string> {
  const capacity: Record<string, string> = { ...NODE_CAPACITY };
  for (const [name, value] of Object.entries(template?.capacity ?? {})) {
    if (value === undefined) continue;
    const q = quantityFromJSON(value);
    if (q.sign() < 0) throw new RangeError(`node capacity ${name}: ${value} is negative`);
    capacity[name] = q.toString();
  }
  return capacity;
}

/** Object with its keys sorted, as Go marshals a map (node labels). */
function sortedKeys(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, m[k]]),
  );
}

// ---- small pure helpers ---------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** metav1.Time: RFC 3339, second precision. */
function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** metav1.MicroTime: RFC 3339 with six fractional digits. */
function rfc3339Micro(ms: number, micros: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}.${pad(micros, 6)}Z`;
}

/** time.Time with nanoseconds, as the kubelet writes kubernetes.io/config.seen. */
function rfc3339Nano(ms: number, nanos: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}.${pad(nanos, 9)}Z`;
}

function base64(s: string): string {
  return btoa(s);
}

/** JSON with object keys sorted, as Go marshals map[string]interface{} (kubectl last-applied-configuration). */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as J;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Drops undefined members so the objects are plain JSON. */
function prune<T>(v: T): T {
  if (Array.isArray(v)) return v.map(prune) as T;
  if (v !== null && typeof v === "object") {
    const out: J = {};
    for (const [k, x] of Object.entries(v as J)) if (x !== undefined) out[k] = prune(x);
    return out as T;
  }
  return v;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

// ---- resource quantities and QoS ------------------------------------------------------------------------

const QUANTITY_SUFFIXES: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

function parseQuantity(q: string | number): number {
  if (typeof q === "number") return q;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) return Number.NaN;
  return Number(m[1]) * (QUANTITY_SUFFIXES[m[2]] ?? Number.NaN);
}

/** qos.GetPodQOS, restricted to what these pods use (cpu and memory, no init containers). */
export function podQOSClass(containers: J[]): "Guaranteed" | "Burstable" | "BestEffort" {
  const supported = (name: string) => name === "cpu" || name === "memory";
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of containers) {
    for (const [name, q] of Object.entries((c.resources?.requests ?? {}) as J)) {
      const v = parseQuantity(q);
      if (supported(name) && v !== 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries((c.resources?.limits ?? {}) as J)) {
      const v = parseQuantity(q);
      if (supported(name) && v !== 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + v);
      }
    }
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

// ---- defaulting (pkg/apis/core/v1/defaults.go, apps/v1 defaults) ----------------------------------------

function defaultPullPolicy(image: string): string {
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "";
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(p: J | undefined): J | undefined {
  if (!p) return undefined;
  return {
    ...p,
    httpGet: p.httpGet ? { ...p.httpGet, scheme: p.httpGet.scheme ?? "HTTP" } : undefined,
    failureThreshold: p.failureThreshold ?? 3,
    periodSeconds: p.periodSeconds ?? 10,
    successThreshold: p.successThreshold ?? 1,
    timeoutSeconds: p.timeoutSeconds ?? 1,
  };
}

function defaultContainer(c: J, hostNetwork: boolean): J {
  return {
    ...c,
    env: c.env?.map((e: J) =>
      e.valueFrom?.fieldRef
        ? { ...e, valueFrom: { fieldRef: { apiVersion: "v1", ...e.valueFrom.fieldRef } } }
        : { ...e },
    ),
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(c.image),
    ports: c.ports?.map((p: J) => ({
      ...p,
      hostPort: p.hostPort ?? (hostNetwork ? p.containerPort : undefined),
      protocol: p.protocol ?? "TCP",
    })),
    livenessProbe: defaultProbe(c.livenessProbe),
    readinessProbe: defaultProbe(c.readinessProbe),
    startupProbe: defaultProbe(c.startupProbe),
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? "/dev/termination-log",
    terminationMessagePolicy: c.terminationMessagePolicy ?? "File",
  };
}

function defaultVolume(v: J): J {
  if (v.configMap) return { ...v, configMap: { ...v.configMap, defaultMode: v.configMap.defaultMode ?? 420 } };
  if (v.secret) return { ...v, secret: { ...v.secret, defaultMode: v.secret.defaultMode ?? 420 } };
  if (v.projected) return { ...v, projected: { ...v.projected, defaultMode: v.projected.defaultMode ?? 420 } };
  if (v.hostPath) return { ...v, hostPath: { ...v.hostPath, type: v.hostPath.type ?? "" } };
  return { ...v };
}

/** SetDefaults_PodSpec (applies to templates and pods alike). */
function defaultPodSpec(spec: J): J {
  const hostNetwork = spec.hostNetwork === true;
  return {
    ...spec,
    containers: spec.containers.map((c: J) => defaultContainer(c, hostNetwork)),
    volumes: spec.volumes?.map(defaultVolume),
    dnsPolicy: spec.dnsPolicy ?? "ClusterFirst",
    restartPolicy: spec.restartPolicy ?? "Always",
    schedulerName: spec.schedulerName ?? "default-scheduler",
    securityContext: spec.securityContext ?? {},
    serviceAccount: spec.serviceAccountName,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
  };
}

function templateOf(labels: Record<string, string>, spec: J): J {
  return { metadata: { creationTimestamp: null, labels }, spec: defaultPodSpec(spec) };
}

// ---- the builder ----------------------------------------------------------------------------------------

interface NodePlan {
  name: string;
  ip: string;
  podCIDR: string;
  controlPlane: boolean;
  /** --node-labels, --register-with-taints and the capacity the kubelet reports (workers' come from the template). */
  labels: Record<string, string>;
  taints?: J[];
  capacity: Record<string, string>;
  /** Boot second at which the kubelet registered the node. */
  registered: number;
  /** Boot second at which the node became Ready (CNI configured). */
  ready: number;
  /** Boot second of the last renewal of its kube-node-lease Lease. */
  leaseRenewed: number;
  obj?: KObject;
}

/** The pod times the kubelet and scheduler would have written, in boot seconds. */
interface PodTimes {
  created: number;
  scheduled: number;
  sandboxReady: number;
  started: number;
  ready: number;
}

class ClusterSeed {
  private readonly objects: KObject[] = [];
  private readonly rnd: () => number;
  /** Millisecond instant of boot second 0; the whole boot ends ~10s before `now`. */
  private readonly t0: number;
  private readonly usedNames = new Set<string>();
  private readonly cp: NodePlan;
  private readonly nodes: NodePlan[];
  private caPEM = "";
  private dnsService?: KObject;
  private readonly version: VersionInfo;
  private readonly images: ReturnType<typeof componentImages>;

  constructor(
    private readonly cluster: string,
    now: number,
    private readonly uid: () => string,
    options: SeedOptions = {},
  ) {
    this.version = versionInfo(options.kubernetesVersion);
    this.images = componentImages(this.version);
    this.rnd = seededRandom(hash32(`${cluster}|${uid()}|${Math.floor(now)}`));
    this.t0 = Math.floor(now / 1000) * 1000 - 40_000;
    this.cp = {
      name: `${cluster}-control-plane`,
      ip: "172.18.0.2",
      podCIDR: "10.244.0.0/24",
      controlPlane: true,
      labels: {
        "node-role.kubernetes.io/control-plane": "",
        "node.kubernetes.io/exclude-from-external-load-balancers": "",
      },
      taints: [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }],
      capacity: { ...NODE_CAPACITY },
      registered: 6,
      ready: 17,
      leaseRenewed: 37,
    };
    this.nodes = [this.cp, ...this.workers(options.nodes)];
  }

  /**
   * The workers as kind names and addresses them: <cluster>-worker, -worker2, -worker3... on the docker
   * network after the control plane (172.18.0.3, .4...), each given the next /24 of the pod subnet by the
   * node IPAM controller. They join together, so their boot times barely differ.
   */
  private workers(template: NodeTemplate | undefined): NodePlan[] {
    const requested = template?.count ?? DEFAULT_WORKERS;
    const count = Math.max(0, Math.min(MAX_WORKERS, Math.floor(Number.isFinite(requested) ? requested : 0)));
    const capacity = workerCapacity(template);
    const taints = template?.taints?.map((t) => ({ effect: t.effect, key: t.key, value: t.value || undefined }));
    const plans: NodePlan[] = [];
    for (let i = 0; i < count; i++) {
      plans.push({
        name: `${this.cluster}-worker${i === 0 ? "" : i + 1}`,
        ip: `172.18.0.${3 + i}`,
        podCIDR: `10.244.${1 + i}.0/24`,
        controlPlane: false,
        labels: { ...(template?.labels ?? {}) },
        taints: taints?.length ? taints.map((t) => ({ ...t })) : undefined,
        capacity: { ...capacity },
        registered: 20,
        ready: 28 + (i % 2),
        leaseRenewed: 30 + (i % 8),
      });
    }
    return plans;
  }

  // ---- randomness and time ----

  private int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  private chars(n: number, alphabet = ALPHANUMS): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  private hex(n: number): string {
    return this.chars(n, "0123456789abcdef");
  }

  /** A generated name (prefix + 5 random characters) not used by any other object of this seed. */
  private generated(prefix: string): string {
    for (;;) {
      const name = prefix + this.chars(5);
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
  }

  private ms(second: number): number {
    return this.t0 + second * 1000;
  }

  private ts(second: number): string {
    return rfc3339(this.ms(second));
  }

  private micro(second: number): string {
    return rfc3339Micro(this.ms(second), this.int(1_000_000));
  }

  // ---- object scaffolding ----

  private add<T extends KObject>(o: T): T {
    this.objects.push(prune(o));
    return this.objects[this.objects.length - 1] as T;
  }

  private meta(
    name: string,
    namespace: string | undefined,
    created: number,
    extra: {
      generateName?: string;
      generation?: number;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      ownerReferences?: OwnerReference[];
    } = {},
  ): J {
    return {
      name,
      generateName: extra.generateName,
      namespace,
      uid: this.uid(),
      generation: extra.generation,
      creationTimestamp: this.ts(created),
      labels: extra.labels,
      annotations: extra.annotations,
      ownerReferences: extra.ownerReferences,
    };
  }

  private controllerRef(owner: KObject): OwnerReference {
    return {
      apiVersion: owner.apiVersion!,
      kind: owner.kind!,
      name: owner.metadata.name!,
      uid: owner.metadata.uid!,
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  // ---- build ----

  build(): KObject[] {
    this.caPEM = this.pem();
    const ns = this.namespaces();
    this.apiserverBootstrap();
    this.nodeObjects();
    this.leases();
    this.services();
    this.configMaps(ns);
    this.serviceAccounts(ns);
    this.kubeadmRbac();
    this.staticPods();
    const dnsPods = this.coreDNS();
    this.kubeProxy();
    this.kindnet();
    this.localPathProvisioner();
    this.endpoints(dnsPods);
    this.nodeEvents();
    return this.objects;
  }

  /**
   * The events a kind node's boot leaves (what `kubectl describe node` and `kubectl get events` show in a
   * fresh cluster): the kubelet starting and reporting its conditions, the node controller registering it,
   * kube-proxy starting, and NodeReady. They expire an hour later like any event.
   */
  private nodeEvents(): void {
    for (const n of this.nodes) {
      const name = n.name;
      const events: { at: number; reason: string; message: string; component: string }[] = [
        { at: n.registered - 1, reason: "Starting", message: "Starting kubelet.", component: "kubelet" },
        {
          at: n.registered - 1,
          reason: "NodeHasSufficientMemory",
          message: `Node ${name} status is now: NodeHasSufficientMemory`,
          component: "kubelet",
        },
        {
          at: n.registered - 1,
          reason: "NodeHasNoDiskPressure",
          message: `Node ${name} status is now: NodeHasNoDiskPressure`,
          component: "kubelet",
        },
        {
          at: n.registered - 1,
          reason: "NodeHasSufficientPID",
          message: `Node ${name} status is now: NodeHasSufficientPID`,
          component: "kubelet",
        },
        {
          at: n.registered,
          reason: "NodeAllocatableEnforced",
          message: "Updated Node Allocatable limit across pods",
          component: "kubelet",
        },
        {
          at: n.registered + 4,
          reason: "RegisteredNode",
          message: `Node ${name} event: Registered Node ${name} in Controller`,
          component: "node-controller",
        },
        { at: n.registered + 6, reason: "Starting", message: "", component: "kube-proxy" },
        { at: n.ready, reason: "NodeReady", message: `Node ${name} status is now: NodeReady`, component: "kubelet" },
      ];
      for (const e of events) {
        const stamp = this.ts(e.at);
        // kubelet and kube-proxy refer to their node by name, with the name as its uid.
        const byNode = e.component !== "node-controller";
        this.add({
          apiVersion: "v1",
          kind: "Event",
          metadata: {
            name: `${name}.${(BigInt(this.ms(e.at)) * 1_000_000n + BigInt(this.int(1_000_000))).toString(16)}`,
            namespace: "default",
            uid: this.uid(),
            creationTimestamp: stamp,
          },
          involvedObject: {
            kind: "Node",
            name,
            uid: byNode ? name : n.obj?.metadata.uid,
            ...(byNode ? {} : { apiVersion: "v1" }),
          },
          reason: e.reason,
          message: e.message || undefined,
          source:
            e.component === "node-controller" ? { component: e.component } : { component: e.component, host: name },
          firstTimestamp: stamp,
          lastTimestamp: stamp,
          count: 1,
          type: "Normal",
          eventTime: null,
          reportingComponent: e.component,
          reportingInstance: e.component === "node-controller" ? "" : name,
        });
      }
    }
  }

  private namespaces(): { name: string; created: number }[] {
    const all = [
      { name: "default", created: 5 },
      { name: "kube-node-lease", created: 5 },
      { name: "kube-public", created: 5 },
      { name: "kube-system", created: 5 },
      { name: "local-path-storage", created: 15 },
    ];
    for (const { name, created } of all) {
      const annotations =
        name === "local-path-storage"
          ? lastApplied({ apiVersion: "v1", kind: "Namespace", metadata: { name } })
          : undefined;
      this.add({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: this.meta(name, undefined, created, {
          labels: { "kubernetes.io/metadata.name": name },
          annotations,
        }),
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      });
    }
    return all;
  }

  /**
   * What kube-apiserver's post-start hooks create at boot: the two system PriorityClasses
   * (scheduling/bootstrap-system-priority-classes) and the RBAC bootstrap policy (rbac/bootstrap-roles).
   */
  private apiserverBootstrap(): void {
    for (const pc of SYSTEM_PRIORITY_CLASSES) {
      // globalDefault is false, which Go omits (omitempty); the priorityclass strategy starts generation at 1.
      this.add({
        apiVersion: "scheduling.k8s.io/v1",
        kind: "PriorityClass",
        metadata: this.meta(pc.name, undefined, 5, { generation: 1 }),
        value: PRIORITIES[pc.name],
        description: pc.description,
        preemptionPolicy: "PreemptLowerPriority",
      });
    }
    for (const spec of bootstrapClusterRoles()) this.rbac(spec, 5);
    for (const spec of bootstrapClusterRoleBindings()) this.rbac(spec, 5);
    for (const spec of bootstrapNamespacePolicy()) this.rbac(spec, 5);
  }

  /** One rbac.authorization.k8s.io/v1 object from its spec (fields in the Go structs' order). */
  private rbac(spec: RbacSpec, created: number, annotations?: Record<string, string>): KObject {
    return this.add({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: spec.kind,
      metadata: this.meta(spec.name, spec.namespace, created, {
        labels: spec.labels,
        annotations: annotations ?? spec.annotations,
      }),
      rules: spec.rules ? clone(spec.rules) : undefined,
      aggregationRule: spec.aggregationRule ? clone(spec.aggregationRule) : undefined,
      subjects: spec.subjects ? clone(spec.subjects) : undefined,
      roleRef: spec.roleRef ? { ...spec.roleRef } : undefined,
    });
  }

  /** The roles and bindings `kubeadm init` creates for joining nodes, kube-proxy, CoreDNS and admins. */
  private kubeadmRbac(): void {
    for (const { created, spec } of kubeadmRbac()) this.rbac(spec, created);
  }

  private nodeObjects(): void {
    const images = nodeImages(this.version);
    for (const n of this.nodes) {
      // The kubelet's own labels, then --node-labels over them (kubelet initialNode), as a sorted Go map.
      const labels = sortedKeys({
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": n.name,
        "kubernetes.io/os": "linux",
        ...n.labels,
      });
      const registered = this.ts(n.registered);
      const ready = this.ts(n.ready);
      const condition = (type: string, status: string, reason: string, message: string, since: string): J => ({
        lastHeartbeatTime: ready,
        lastTransitionTime: since,
        message,
        reason,
        status,
        type,
      });
      const runtimeHandler = (name: string): J => ({
        features: { recursiveReadOnlyMounts: true, userNamespaces: true },
        name,
      });
      n.obj = this.add({
        apiVersion: "v1",
        kind: "Node",
        metadata: this.meta(n.name, undefined, n.registered, {
          labels,
          annotations: {
            "kubeadm.alpha.kubernetes.io/cri-socket": CRI_SOCKET,
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true",
          },
        }),
        spec: {
          podCIDR: n.podCIDR,
          podCIDRs: [n.podCIDR],
          providerID: `kind://docker/${this.cluster}/${n.name}`,
          taints: n.taints ? clone(n.taints) : undefined,
        },
        status: {
          addresses: [
            { address: n.ip, type: "InternalIP" },
            { address: n.name, type: "Hostname" },
          ],
          allocatable: { ...n.capacity },
          capacity: { ...n.capacity },
          conditions: [
            condition(
              "MemoryPressure",
              "False",
              "KubeletHasSufficientMemory",
              "kubelet has sufficient memory available",
              registered,
            ),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", registered),
            condition(
              "PIDPressure",
              "False",
              "KubeletHasSufficientPID",
              "kubelet has sufficient PID available",
              registered,
            ),
            condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", ready),
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          images,
          nodeInfo: {
            architecture: "amd64",
            bootID: this.uid(),
            containerRuntimeVersion: `containerd://${this.version.containerd}`,
            kernelVersion: "6.8.0-edgeplane",
            kubeProxyVersion: this.version.kubeProxyVersion,
            kubeletVersion: this.version.kubernetes,
            machineID: this.hex(32),
            operatingSystem: "linux",
            osImage: "Debian GNU/Linux 12 (bookworm)",
            systemUUID: this.uid(),
          },
          runtimeHandlers: [runtimeHandler(""), runtimeHandler("runc"), runtimeHandler("test-handler")],
        },
      });
    }
  }

  private leases(): void {
    // The kubelet's heartbeat Lease; its owner reference carries neither controller nor blockOwnerDeletion.
    for (const n of this.nodes) {
      this.add({
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: this.meta(n.name, "kube-node-lease", n.registered, {
          ownerReferences: [{ apiVersion: "v1", kind: "Node", name: n.name, uid: n.obj!.metadata.uid! }],
        }),
        spec: { holderIdentity: n.name, leaseDurationSeconds: 40, renewTime: this.micro(n.leaseRenewed) },
      });
    }
    // The API server's identity lease: apiserver-<base32 of the hostname's hash>.
    const apiserverId = `apiserver-${base32Lower(stableHex(`apiserver/${this.cp.name}`, 32))}`;
    this.add({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: this.meta(apiserverId, "kube-system", 5, {
        labels: { "apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": this.cp.name },
      }),
      spec: {
        holderIdentity: `${apiserverId}_${this.uid()}`,
        leaseDurationSeconds: 3600,
        renewTime: this.micro(35),
      },
    });
    // Leader election of the controller manager and the scheduler.
    for (const component of ["kube-controller-manager", "kube-scheduler"]) {
      this.add({
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: this.meta(component, "kube-system", 9),
        spec: {
          acquireTime: this.micro(9),
          holderIdentity: `${this.cp.name}_${this.uid()}`,
          leaseDurationSeconds: 15,
          leaseTransitions: 0,
          renewTime: this.micro(39),
        },
      });
    }
  }

  private services(): void {
    const clusterIPService = (clusterIP: string, ports: J[], selector?: Record<string, string>): J => ({
      clusterIP,
      clusterIPs: [clusterIP],
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports,
      selector,
      sessionAffinity: "None",
      type: "ClusterIP",
    });
    this.add({
      apiVersion: "v1",
      kind: "Service",
      metadata: this.meta("kubernetes", "default", 5, {
        labels: { component: "apiserver", provider: "kubernetes" },
      }),
      spec: clusterIPService(KUBERNETES_SERVICE_IP, [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }]),
      status: { loadBalancer: {} },
    });
    this.dnsService = this.add({
      apiVersion: "v1",
      kind: "Service",
      metadata: this.meta("kube-dns", "kube-system", 11, {
        labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
        annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      }),
      spec: clusterIPService(
        DNS_SERVICE_IP,
        [
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
        ],
        { "k8s-app": "kube-dns" },
      ),
      status: { loadBalancer: {} },
    });
  }

  private configMap(
    name: string,
    namespace: string,
    created: number,
    data: Record<string, string>,
    extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
  ): KObject {
    return this.add({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: this.meta(name, namespace, created, extra),
      data,
    });
  }

  private configMaps(namespaces: { name: string; created: number }[]): void {
    const cp = this.cp;
    const endpoint = `${cp.name}:6443`;
    const headerList = (s: string) => `["${s}"]`;
    const frontProxyCA = this.pem();
    this.configMap("extension-apiserver-authentication", "kube-system", 5, {
      "client-ca-file": this.caPEM,
      "requestheader-allowed-names": headerList("front-proxy-client"),
      "requestheader-client-ca-file": frontProxyCA,
      "requestheader-extra-headers-prefix": headerList("X-Remote-Extra-"),
      "requestheader-group-headers": headerList("X-Remote-Group"),
      "requestheader-username-headers": headerList("X-Remote-User"),
    });
    this.configMap("kube-apiserver-legacy-service-account-token-tracking", "kube-system", 5, {
      since: this.ts(5).slice(0, 10),
    });
    this.configMap("kubeadm-config", "kube-system", 9, {
      ClusterConfiguration: kubeadmClusterConfiguration(this.cluster, this.version),
    });
    this.configMap("kubelet-config", "kube-system", 9, { kubelet: kubeletConfiguration(this.version) });
    const kubeconfig = [
      "apiVersion: v1",
      "clusters:",
      "- cluster:",
      `    certificate-authority-data: ${base64(this.caPEM)}`,
      `    server: https://${endpoint}`,
      '  name: ""',
      "contexts: null",
      'current-context: ""',
      "kind: Config",
      "preferences: {}",
      "users: null",
      "",
    ].join("\n");
    this.configMap("cluster-info", "kube-public", 10, {
      "jws-kubeconfig-abcdef": `eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..${this.chars(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}`,
      kubeconfig,
    });
    this.configMap("coredns", "kube-system", 11, { Corefile: COREFILE });
    this.configMap(
      "kube-proxy",
      "kube-system",
      11,
      { "config.conf": KUBE_PROXY_CONFIGURATION, "kubeconfig.conf": kubeProxyKubeconfig(endpoint) },
      { labels: { app: "kube-proxy" } },
    );
    const localPathData = localPathConfigData();
    this.configMap("local-path-config", "local-path-storage", 15, localPathData, {
      annotations: lastApplied({
        apiVersion: "v1",
        data: localPathData,
        kind: "ConfigMap",
        metadata: { name: "local-path-config", namespace: "local-path-storage" },
      }),
    });
    // root-ca-cert-publisher: one per namespace, shortly after the controller manager starts.
    for (const ns of namespaces) {
      this.configMap(
        "kube-root-ca.crt",
        ns.name,
        Math.max(ns.created, 12),
        { "ca.crt": this.caPEM },
        { annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION } },
      );
    }
  }

  private serviceAccounts(namespaces: { name: string; created: number }[]): void {
    const sa = (name: string, namespace: string, created: number, annotations?: Record<string, string>) =>
      this.add({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: this.meta(name, namespace, created, { annotations }),
      });
    // The service-account controller creates "default" in every namespace.
    for (const ns of namespaces) sa("default", ns.name, Math.max(ns.created, 12));
    // --use-service-account-credentials: one account per controller of kube-controller-manager.
    for (const name of CONTROLLER_SERVICE_ACCOUNTS) sa(name, "kube-system", 10);
    sa("coredns", "kube-system", 11);
    sa("kube-proxy", "kube-system", 11);
    sa("kindnet", "kube-system", 14);
    const lp = "local-path-provisioner-service-account";
    sa(
      lp,
      "local-path-storage",
      15,
      lastApplied({
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: lp, namespace: "local-path-storage" },
      }),
    );
  }

  // ---- pods ----

  /** The container statuses and pod status a kubelet reports for a running pod. */
  private runningStatus(spec: J, hostIP: string, podIP: string, times: PodTimes, containerStart?: number[]): J {
    const cond = (type: string, second: number): J => ({
      lastProbeTime: null,
      lastTransitionTime: this.ts(second),
      status: "True",
      type,
    });
    return {
      conditions: [
        cond("PodReadyToStartContainers", times.sandboxReady),
        cond("Initialized", times.scheduled),
        cond("Ready", times.ready),
        cond("ContainersReady", times.ready),
        cond("PodScheduled", times.scheduled),
      ],
      containerStatuses: spec.containers.map((c: J, i: number) => ({
        containerID: `containerd://${this.hex(64)}`,
        image: statusImage(c.image),
        imageID: imageID(c.image),
        lastState: {},
        name: c.name,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: this.ts(containerStart?.[i] ?? times.started) } },
        volumeMounts: (c.volumeMounts ?? []).map((m: J) =>
          m.readOnly
            ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: "Disabled" }
            : { mountPath: m.mountPath, name: m.name },
        ),
      })),
      hostIP,
      hostIPs: [{ ip: hostIP }],
      phase: "Running",
      podIP,
      podIPs: [{ ip: podIP }],
      qosClass: podQOSClass(spec.containers),
      startTime: this.ts(times.scheduled),
    };
  }

  /** Admission and defaulting that only pods get (SetDefaults_Pod, Priority, ServiceAccount, DefaultTolerationSeconds). */
  private admitPodSpec(template: J, node: NodePlan, opts: { daemonSet?: boolean; injectToken?: boolean }): J {
    const spec = clone(template);
    spec.nodeName = node.name;
    spec.enableServiceLinks = true;
    // SetDefaults_Pod: limits stand in for missing requests.
    for (const c of spec.containers) {
      const limits = c.resources?.limits;
      if (limits) c.resources.requests = { ...limits, ...(c.resources.requests ?? {}) };
    }
    if (opts.daemonSet) {
      // The DaemonSet controller pins the pod to its node and adds its tolerations.
      pinToNode(spec, node.name);
      addDaemonTolerations(spec);
    }
    if (opts.injectToken) {
      const volumeName = `kube-api-access-${this.chars(5)}`;
      spec.volumes = [
        ...(spec.volumes ?? []),
        {
          name: volumeName,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
              {
                downwardAPI: {
                  items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
                },
              },
            ],
          },
        },
      ];
      for (const c of spec.containers) {
        c.volumeMounts = [
          ...(c.volumeMounts ?? []),
          { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: volumeName, readOnly: true },
        ];
      }
    }
    // DefaultTolerationSeconds: not-ready and unreachable NoExecute for 300s unless already tolerated.
    const tolerations: J[] = [...(spec.tolerations ?? [])];
    for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
      const tolerated = tolerations.some((t) => (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect));
      if (!tolerated) {
        tolerations.push({ effect: "NoExecute", key, operator: "Exists", tolerationSeconds: 300 });
      }
    }
    spec.tolerations = tolerations;
    spec.priority = PRIORITIES[spec.priorityClassName] ?? 0;
    spec.preemptionPolicy = "PreemptLowerPriority";
    return spec;
  }

  private staticPods(): void {
    const cp = this.cp;
    const hostPathVolume = (name: string, path: string, type: string): J => ({ hostPath: { path, type }, name });
    const caVolumes = [
      hostPathVolume("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"),
      hostPathVolume("etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate"),
      hostPathVolume("k8s-certs", "/etc/kubernetes/pki", "DirectoryOrCreate"),
      hostPathVolume("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate"),
      hostPathVolume("usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate"),
    ];
    const caMounts = [
      { mountPath: "/etc/ssl/certs", name: "ca-certs", readOnly: true },
      { mountPath: "/etc/ca-certificates", name: "etc-ca-certificates", readOnly: true },
      { mountPath: "/etc/kubernetes/pki", name: "k8s-certs", readOnly: true },
      { mountPath: "/usr/local/share/ca-certificates", name: "usr-local-share-ca-certificates", readOnly: true },
      { mountPath: "/usr/share/ca-certificates", name: "usr-share-ca-certificates", readOnly: true },
    ];
    const httpProbe = (host: string, path: string, port: number, scheme: string, extra: J): J => ({
      httpGet: { host, path, port, scheme },
      ...extra,
    });
    const liveness = { failureThreshold: 8, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 };
    const startup = { failureThreshold: 24, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 };
    const readiness = { failureThreshold: 3, periodSeconds: 1, timeoutSeconds: 15 };

    const components: {
      component: string;
      image: string;
      command: string[];
      cpu: string;
      memory?: string;
      probes: J;
      mounts: J[];
      volumes: J[];
      annotations?: Record<string, string>;
      created: number;
      started: number;
    }[] = [
      {
        component: "etcd",
        image: this.images.etcd,
        command: [
          "etcd",
          `--advertise-client-urls=https://${cp.ip}:2379`,
          "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
          "--client-cert-auth=true",
          "--data-dir=/var/lib/etcd",
          "--experimental-initial-corrupt-check=true",
          "--experimental-watch-progress-notify-interval=5s",
          `--initial-advertise-peer-urls=https://${cp.ip}:2380`,
          `--initial-cluster=${cp.name}=https://${cp.ip}:2380`,
          "--key-file=/etc/kubernetes/pki/etcd/server.key",
          `--listen-client-urls=https://127.0.0.1:2379,https://${cp.ip}:2379`,
          "--listen-metrics-urls=http://127.0.0.1:2381",
          `--listen-peer-urls=https://${cp.ip}:2380`,
          `--name=${cp.name}`,
          "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
          "--peer-client-cert-auth=true",
          "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
          "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
          "--snapshot-count=10000",
          "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        ],
        cpu: "100m",
        memory: "100Mi",
        probes: {
          livenessProbe: httpProbe("127.0.0.1", "/livez", 2381, "HTTP", liveness),
          readinessProbe: httpProbe("127.0.0.1", "/readyz", 2381, "HTTP", readiness),
          startupProbe: httpProbe("127.0.0.1", "/readyz", 2381, "HTTP", startup),
        },
        mounts: [
          { mountPath: "/var/lib/etcd", name: "etcd-data" },
          { mountPath: "/etc/kubernetes/pki/etcd", name: "etcd-certs" },
        ],
        volumes: [
          hostPathVolume("etcd-certs", "/etc/kubernetes/pki/etcd", "DirectoryOrCreate"),
          hostPathVolume("etcd-data", "/var/lib/etcd", "DirectoryOrCreate"),
        ],
        annotations: { "kubeadm.kubernetes.io/etcd.advertise-client-urls": `https://${cp.ip}:2379` },
        created: 7,
        started: 1,
      },
      {
        component: "kube-apiserver",
        image: this.images.kube("kube-apiserver"),
        command: [
          "kube-apiserver",
          `--advertise-address=${cp.ip}`,
          "--allow-privileged=true",
          "--authorization-mode=Node,RBAC",
          "--client-ca-file=/etc/kubernetes/pki/ca.crt",
          "--enable-admission-plugins=NodeRestriction",
          "--enable-bootstrap-token-auth=true",
          "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
          "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
          "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
          "--etcd-servers=https://127.0.0.1:2379",
          "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
          "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
          "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
          "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
          "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
          "--requestheader-allowed-names=front-proxy-client",
          "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
          "--requestheader-extra-headers-prefix=X-Remote-Extra-",
          "--requestheader-group-headers=X-Remote-Group",
          "--requestheader-username-headers=X-Remote-User",
          "--runtime-config=",
          "--secure-port=6443",
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
          "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
          "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
          `--service-cluster-ip-range=${SERVICE_SUBNET}`,
          "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
          "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
        ],
        cpu: "250m",
        probes: {
          livenessProbe: httpProbe(cp.ip, "/livez", 6443, "HTTPS", liveness),
          readinessProbe: httpProbe(cp.ip, "/readyz", 6443, "HTTPS", readiness),
          startupProbe: httpProbe(cp.ip, "/livez", 6443, "HTTPS", startup),
        },
        mounts: caMounts,
        volumes: caVolumes,
        annotations: { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${cp.ip}:6443` },
        created: 7,
        started: 1,
      },
      {
        component: "kube-controller-manager",
        image: this.images.kube("kube-controller-manager"),
        command: [
          "kube-controller-manager",
          "--allocate-node-cidrs=true",
          "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
          "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
          "--bind-address=127.0.0.1",
          "--client-ca-file=/etc/kubernetes/pki/ca.crt",
          `--cluster-cidr=${POD_SUBNET}`,
          `--cluster-name=${this.cluster}`,
          "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
          "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
          "--controllers=*,bootstrapsigner,tokencleaner",
          "--enable-hostpath-provisioner=true",
          "--kubeconfig=/etc/kubernetes/controller-manager.conf",
          "--leader-elect=true",
          "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
          "--root-ca-file=/etc/kubernetes/pki/ca.crt",
          "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
          `--service-cluster-ip-range=${SERVICE_SUBNET}`,
          "--use-service-account-credentials=true",
        ],
        cpu: "200m",
        probes: {
          livenessProbe: httpProbe("127.0.0.1", "/healthz", 10257, "HTTPS", liveness),
          startupProbe: httpProbe("127.0.0.1", "/healthz", 10257, "HTTPS", startup),
        },
        mounts: [
          caMounts[0],
          caMounts[1],
          { mountPath: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", name: "flexvolume-dir" },
          caMounts[2],
          { mountPath: "/etc/kubernetes/controller-manager.conf", name: "kubeconfig", readOnly: true },
          caMounts[3],
          caMounts[4],
        ],
        volumes: [
          caVolumes[0],
          caVolumes[1],
          hostPathVolume("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "DirectoryOrCreate"),
          caVolumes[2],
          hostPathVolume("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate"),
          caVolumes[3],
          caVolumes[4],
        ],
        created: 8,
        started: 2,
      },
      {
        component: "kube-scheduler",
        image: this.images.kube("kube-scheduler"),
        command: [
          "kube-scheduler",
          "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
          "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
          "--bind-address=127.0.0.1",
          "--kubeconfig=/etc/kubernetes/scheduler.conf",
          "--leader-elect=true",
        ],
        cpu: "100m",
        probes: {
          livenessProbe: httpProbe("127.0.0.1", "/healthz", 10259, "HTTPS", liveness),
          startupProbe: httpProbe("127.0.0.1", "/healthz", 10259, "HTTPS", startup),
        },
        mounts: [{ mountPath: "/etc/kubernetes/scheduler.conf", name: "kubeconfig", readOnly: true }],
        volumes: [hostPathVolume("kubeconfig", "/etc/kubernetes/scheduler.conf", "FileOrCreate")],
        created: 8,
        started: 2,
      },
    ];

    for (const c of components) {
      const hash = stableHex(`${this.cluster}/${c.component}/${cp.ip}`, 32);
      const template = defaultPodSpec({
        containers: [
          {
            command: c.command,
            image: c.image,
            imagePullPolicy: "IfNotPresent",
            ...c.probes,
            name: c.component,
            resources: { requests: c.memory ? { cpu: c.cpu, memory: c.memory } : { cpu: c.cpu } },
            volumeMounts: c.mounts,
          },
        ],
        hostNetwork: true,
        priorityClassName: SYSTEM_NODE_CRITICAL,
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        tolerations: [{ effect: "NoExecute", operator: "Exists" }],
        volumes: c.volumes,
      });
      const spec = this.admitPodSpec(template, cp, {});
      const times: PodTimes = {
        created: c.created,
        scheduled: c.created,
        sandboxReady: c.created,
        started: c.started,
        ready: c.created + 8,
      };
      this.add({
        apiVersion: "v1",
        kind: "Pod",
        metadata: this.meta(`${c.component}-${cp.name}`, "kube-system", c.created, {
          labels: { component: c.component, tier: "control-plane" },
          annotations: {
            ...(c.annotations ?? {}),
            "kubernetes.io/config.hash": hash,
            "kubernetes.io/config.mirror": hash,
            "kubernetes.io/config.seen": rfc3339Nano(this.ms(0), this.int(1_000_000_000)),
            "kubernetes.io/config.source": "file",
          },
          // Mirror pods are owned by their node (controller, without blockOwnerDeletion).
          ownerReferences: [
            { apiVersion: "v1", controller: true, kind: "Node", name: cp.name, uid: cp.obj!.metadata.uid! },
          ],
        }),
        spec,
        status: this.runningStatus(spec, cp.ip, cp.ip, times),
      });
    }
  }

  /** A Deployment with its single ReplicaSet and that ReplicaSet's pods. */
  private deployment(opts: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    selector: Record<string, string>;
    replicas: number;
    strategy: J;
    maxSurge: number;
    template: J;
    podTemplateHash: string;
    created: number;
    rsCreated: number;
    pods: { node: NodePlan; ip: string; times: PodTimes }[];
  }): KObject[] {
    const availableAt = Math.max(...opts.pods.map((p) => p.times.ready));
    const rsName = `${opts.name}-${opts.podTemplateHash}`;
    const deployment = this.add({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: this.meta(opts.name, opts.namespace, opts.created, {
        generation: 1,
        labels: opts.labels,
        annotations: { "deployment.kubernetes.io/revision": "1", ...(opts.annotations ?? {}) },
      }),
      spec: {
        progressDeadlineSeconds: 600,
        replicas: opts.replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: opts.selector },
        strategy: opts.strategy,
        template: opts.template,
      },
      status: {
        availableReplicas: opts.replicas,
        conditions: [
          {
            lastTransitionTime: this.ts(availableAt),
            lastUpdateTime: this.ts(availableAt),
            message: "Deployment has minimum availability.",
            reason: "MinimumReplicasAvailable",
            status: "True",
            type: "Available",
          },
          {
            lastTransitionTime: this.ts(opts.rsCreated),
            lastUpdateTime: this.ts(availableAt),
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
            reason: "NewReplicaSetAvailable",
            status: "True",
            type: "Progressing",
          },
        ],
        observedGeneration: 1,
        readyReplicas: opts.replicas,
        replicas: opts.replicas,
        updatedReplicas: opts.replicas,
      },
    });
    const podLabels = { ...opts.template.metadata.labels, "pod-template-hash": opts.podTemplateHash };
    const rsTemplate = clone(opts.template);
    rsTemplate.metadata.labels = podLabels;
    const replicaSet = this.add({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: this.meta(rsName, opts.namespace, opts.rsCreated, {
        generation: 1,
        labels: podLabels,
        annotations: {
          "deployment.kubernetes.io/desired-replicas": String(opts.replicas),
          "deployment.kubernetes.io/max-replicas": String(opts.replicas + opts.maxSurge),
          "deployment.kubernetes.io/revision": "1",
        },
        ownerReferences: [this.controllerRef(deployment)],
      }),
      spec: {
        replicas: opts.replicas,
        selector: { matchLabels: { ...opts.selector, "pod-template-hash": opts.podTemplateHash } },
        template: rsTemplate,
      },
      status: {
        availableReplicas: opts.replicas,
        fullyLabeledReplicas: opts.replicas,
        observedGeneration: 1,
        readyReplicas: opts.replicas,
        replicas: opts.replicas,
      },
    });
    return opts.pods.map((p) => {
      const spec = this.admitPodSpec(rsTemplate.spec, p.node, { injectToken: true });
      return this.add({
        apiVersion: "v1",
        kind: "Pod",
        metadata: this.meta(this.generated(`${rsName}-`), opts.namespace, p.times.created, {
          generateName: `${rsName}-`,
          labels: { ...podLabels },
          ownerReferences: [this.controllerRef(replicaSet)],
        }),
        spec,
        status: this.runningStatus(spec, p.node.ip, p.ip, p.times),
      });
    });
  }

  /** A DaemonSet with one pod per node. */
  private daemonSet(opts: {
    name: string;
    labels: Record<string, string>;
    selector: Record<string, string>;
    template: J;
    revisionHash: string;
    created: number;
    podTimes: (node: NodePlan) => PodTimes;
  }): void {
    const n = this.nodes.length;
    const ds = this.add({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: this.meta(opts.name, "kube-system", opts.created, {
        generation: 1,
        labels: opts.labels,
        annotations: { "deprecated.daemonset.template.generation": "1" },
      }),
      spec: {
        revisionHistoryLimit: 10,
        selector: { matchLabels: opts.selector },
        template: opts.template,
        updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: "RollingUpdate" },
      },
      status: {
        currentNumberScheduled: n,
        desiredNumberScheduled: n,
        numberAvailable: n,
        numberMisscheduled: 0,
        numberReady: n,
        observedGeneration: 1,
        updatedNumberScheduled: n,
      },
    });
    // The DaemonSet controller snapshots the template before creating pods: the ControllerRevision is named
    // after the hash the pods carry, holds the template as a strategic-merge patch (map keys sorted, as Go
    // re-marshals it) and copies the DaemonSet's annotations.
    this.add({
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: this.meta(`${opts.name}-${opts.revisionHash}`, "kube-system", opts.created, {
        labels: { ...opts.template.metadata.labels, "controller-revision-hash": opts.revisionHash },
        annotations: { ...(ds.metadata.annotations ?? {}) },
        ownerReferences: [this.controllerRef(ds)],
      }),
      data: JSON.parse(sortedJson({ spec: { template: { ...(ds.spec as J).template, $patch: "replace" } } })),
      revision: 1,
    });
    for (const node of this.nodes) {
      const times = opts.podTimes(node);
      const spec = this.admitPodSpec(opts.template.spec, node, { daemonSet: true, injectToken: true });
      this.add({
        apiVersion: "v1",
        kind: "Pod",
        metadata: this.meta(this.generated(`${opts.name}-`), "kube-system", times.created, {
          generateName: `${opts.name}-`,
          labels: {
            ...opts.template.metadata.labels,
            "controller-revision-hash": opts.revisionHash,
            "pod-template-generation": "1",
          },
          ownerReferences: [this.controllerRef(ds)],
        }),
        spec,
        status: this.runningStatus(spec, node.ip, node.ip, times),
      });
    }
  }

  private coreDNS(): KObject[] {
    const labels = { "k8s-app": "kube-dns" };
    const template = templateOf(labels, {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              podAffinityTerm: {
                labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] },
                topologyKey: "kubernetes.io/hostname",
              },
              weight: 100,
            },
          ],
        },
      },
      containers: [
        {
          args: ["-conf", "/etc/coredns/Corefile"],
          image: this.images.coredns,
          imagePullPolicy: "IfNotPresent",
          livenessProbe: {
            failureThreshold: 5,
            httpGet: { path: "/health", port: 8080, scheme: "HTTP" },
            initialDelaySeconds: 60,
            timeoutSeconds: 5,
          },
          name: "coredns",
          ports: [
            { containerPort: 53, name: "dns", protocol: "UDP" },
            { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
            { containerPort: 9153, name: "metrics", protocol: "TCP" },
          ],
          readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" } },
          resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [{ mountPath: "/etc/coredns", name: "config-volume", readOnly: true }],
        },
      ],
      dnsPolicy: "Default",
      nodeSelector: { "kubernetes.io/os": "linux" },
      priorityClassName: SYSTEM_CLUSTER_CRITICAL,
      serviceAccountName: "coredns",
      tolerations: [
        { key: "CriticalAddonsOnly", operator: "Exists" },
        { effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" },
      ],
      volumes: [
        { configMap: { items: [{ key: "Corefile", path: "Corefile" }], name: "coredns" }, name: "config-volume" },
      ],
    });
    // Both replicas land on the control plane: it is the only Ready node when the scheduler places them.
    const times: PodTimes = { created: 12, scheduled: 17, sandboxReady: 18, started: 18, ready: 19 };
    return this.deployment({
      name: "coredns",
      namespace: "kube-system",
      labels,
      selector: labels,
      replicas: 2,
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 }, type: "RollingUpdate" },
      maxSurge: 1,
      template,
      podTemplateHash: this.version.coreDNSPodTemplateHash,
      created: 11,
      rsCreated: 12,
      pods: [
        { node: this.cp, ip: "10.244.0.2", times },
        { node: this.cp, ip: "10.244.0.3", times },
      ],
    });
  }

  private kubeProxy(): void {
    const labels = { "k8s-app": "kube-proxy" };
    const template = templateOf(labels, {
      containers: [
        {
          command: [
            "/usr/local/bin/kube-proxy",
            "--config=/var/lib/kube-proxy/config.conf",
            "--hostname-override=$(NODE_NAME)",
          ],
          env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
          image: this.images.kube("kube-proxy"),
          imagePullPolicy: "IfNotPresent",
          name: "kube-proxy",
          securityContext: { privileged: true },
          volumeMounts: [
            { mountPath: "/var/lib/kube-proxy", name: "kube-proxy" },
            { mountPath: "/run/xtables.lock", name: "xtables-lock" },
            { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
          ],
        },
      ],
      hostNetwork: true,
      nodeSelector: { "kubernetes.io/os": "linux" },
      priorityClassName: SYSTEM_NODE_CRITICAL,
      serviceAccountName: "kube-proxy",
      tolerations: [{ operator: "Exists" }],
      volumes: [
        { configMap: { name: "kube-proxy" }, name: "kube-proxy" },
        { hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" }, name: "xtables-lock" },
        { hostPath: { path: "/lib/modules" }, name: "lib-modules" },
      ],
    });
    this.daemonSet({
      name: "kube-proxy",
      labels,
      selector: labels,
      template,
      // Known from a real cluster for the default minor; otherwise what the DaemonSet controller would compute.
      revisionHash: this.version.kubeProxyRevisionHash ?? computeHash(prune(template)),
      created: 11,
      podTimes: (node) =>
        node.controlPlane
          ? { created: 12, scheduled: 12, sandboxReady: 13, started: 13, ready: 13 }
          : { created: 21, scheduled: 21, sandboxReady: 22, started: 22, ready: 22 },
    });
  }

  private kindnet(): void {
    const labels = { app: "kindnet", "k8s-app": "kindnet", tier: "node" };
    const template = templateOf(labels, {
      containers: [
        {
          env: [
            { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
            { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            { name: "POD_SUBNET", value: POD_SUBNET },
            { name: "CONTROL_PLANE_ENDPOINT", value: `${this.cp.name}:6443` },
          ],
          image: KINDNETD_IMAGE,
          name: "kindnet-cni",
          resources: { limits: { cpu: "100m", memory: "50Mi" }, requests: { cpu: "100m", memory: "50Mi" } },
          securityContext: { capabilities: { add: ["NET_RAW", "NET_ADMIN"] }, privileged: false },
          volumeMounts: [
            { mountPath: "/etc/cni/net.d", name: "cni-cfg" },
            { mountPath: "/run/xtables.lock", name: "xtables-lock" },
            { mountPath: "/lib/modules", name: "lib-modules", readOnly: true },
            { mountPath: "/var/run/nri", name: "nri-plugin" },
          ],
        },
      ],
      hostNetwork: true,
      nodeSelector: { "kubernetes.io/os": "linux" },
      serviceAccountName: "kindnet",
      tolerations: [{ operator: "Exists" }],
      volumes: [
        { hostPath: { path: "/etc/cni/net.d", type: "DirectoryOrCreate" }, name: "cni-cfg" },
        { hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" }, name: "xtables-lock" },
        { hostPath: { path: "/lib/modules" }, name: "lib-modules" },
        { hostPath: { path: "/var/run/nri" }, name: "nri-plugin" },
      ],
    });
    // kind's CNI manifest (kubectl create): ClusterRole and binding first, then the DaemonSet.
    for (const spec of kindnetRbac()) this.rbac(spec, 14);
    this.daemonSet({
      name: "kindnet",
      labels,
      selector: { app: "kindnet" },
      template,
      revisionHash: KINDNET_REVISION_HASH,
      created: 14,
      podTimes: (node) =>
        node.controlPlane
          ? { created: 14, scheduled: 14, sandboxReady: 15, started: 15, ready: 15 }
          : { created: 21, scheduled: 21, sandboxReady: 22, started: 23, ready: 23 },
    });
  }

  private localPathProvisioner(): void {
    const labels = { app: "local-path-provisioner" };
    const manifestSpec = {
      containers: [
        {
          command: [
            "local-path-provisioner",
            "--debug",
            "start",
            "--helper-image",
            LOCAL_PATH_HELPER_IMAGE,
            "--config",
            "/etc/config/config.json",
          ],
          env: [{ name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }],
          image: LOCAL_PATH_PROVISIONER_IMAGE,
          imagePullPolicy: "IfNotPresent",
          name: "local-path-provisioner",
          volumeMounts: [{ mountPath: "/etc/config/", name: "config-volume" }],
        },
      ],
      nodeSelector: { "kubernetes.io/os": "linux" },
      serviceAccountName: "local-path-provisioner-service-account",
      tolerations: [
        { effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane", operator: "Equal" },
        { effect: "NoSchedule", key: "node-role.kubernetes.io/master", operator: "Equal" },
      ],
      volumes: [{ configMap: { name: "local-path-config" }, name: "config-volume" }],
    };
    const applied = lastApplied({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "local-path-provisioner", namespace: "local-path-storage" },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: manifestSpec },
      },
    });
    // kind's storage manifest (kubectl apply), in its order: RBAC, the Deployment, then the StorageClass.
    for (const spec of localPathRbac()) {
      const manifest =
        spec.kind === "ClusterRole" ? { rules: spec.rules } : { roleRef: spec.roleRef, subjects: spec.subjects };
      this.rbac(
        spec,
        15,
        lastApplied({
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: spec.kind,
          metadata: { name: spec.name },
          ...manifest,
        }),
      );
    }
    this.deployment({
      name: "local-path-provisioner",
      namespace: "local-path-storage",
      annotations: applied,
      selector: labels,
      replicas: 1,
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      maxSurge: 1,
      template: templateOf(labels, clone(manifestSpec)),
      podTemplateHash: LOCAL_PATH_POD_TEMPLATE_HASH,
      created: 15,
      rsCreated: 15,
      pods: [
        {
          node: this.cp,
          ip: "10.244.0.4",
          times: { created: 15, scheduled: 17, sandboxReady: 18, started: 18, ready: 19 },
        },
      ],
    });
    // The manifest gives the StorageClass a namespace; kubectl drops it (cluster-scoped) before recording
    // last-applied-configuration.
    const defaultClass = { "storageclass.kubernetes.io/is-default-class": "true" };
    const storageClass = {
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    };
    this.add({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: this.meta("standard", undefined, 15, {
        annotations: {
          ...lastApplied({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { annotations: defaultClass, name: "standard" },
            ...storageClass,
          }),
          ...defaultClass,
        },
      }),
      ...storageClass,
    });
  }

  /**
   * The Endpoints and EndpointSlices of the two Services. The API server's endpoint reconciler writes both for
   * `kubernetes` (the slice named after the Service, only the service-name label, ready-only conditions); the
   * endpoints and endpointslice controllers write kube-dns's.
   */
  private endpoints(dnsPods: KObject[]): void {
    const apiserverPorts = [{ name: "https", port: 6443, protocol: "TCP" }];
    this.add({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: this.meta("kubernetes", "default", 5, {
        labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
      }),
      subsets: [{ addresses: [{ ip: this.cp.ip }], ports: apiserverPorts }],
    });
    this.add({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: this.meta("kubernetes", "default", 5, {
        generation: 1,
        labels: { "kubernetes.io/service-name": "kubernetes" },
      }),
      addressType: "IPv4",
      endpoints: [{ addresses: [this.cp.ip], conditions: { ready: true } }],
      ports: clone(apiserverPorts),
    });
    const addresses = dnsPods.map((p) => {
      const status = p.status as J;
      const spec = p.spec as J;
      return {
        ip: status.podIP,
        nodeName: spec.nodeName,
        targetRef: { kind: "Pod", name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
      };
    });
    const readyAt = Math.max(
      ...dnsPods.map((p) =>
        Date.parse(((p.status as J).conditions as J[]).find((c) => c.type === "Ready")!.lastTransitionTime),
      ),
    );
    const dnsPorts = [
      { name: "dns-tcp", port: 53, protocol: "TCP" },
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "metrics", port: 9153, protocol: "TCP" },
    ];
    const triggerTime = { "endpoints.kubernetes.io/last-change-trigger-time": rfc3339(readyAt) };
    const svc = this.dnsService!;
    this.add({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: this.meta("kube-dns", "kube-system", 11, {
        labels: { ...svc.metadata.labels },
        annotations: { ...triggerTime },
      }),
      subsets: [{ addresses, ports: dnsPorts }],
    });
    // The endpointslice controller created a placeholder slice with the Service (11s) and filled it in place
    // when the pods got their IPs (18s) and turned ready (19s): generation 3. It copies the Service's labels.
    this.add({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: this.meta(this.generated("kube-dns-"), "kube-system", 11, {
        generateName: "kube-dns-",
        generation: 3,
        labels: {
          "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
          ...svc.metadata.labels,
          "kubernetes.io/service-name": "kube-dns",
        },
        annotations: { ...triggerTime },
        ownerReferences: [this.controllerRef(svc)],
      }),
      addressType: "IPv4",
      endpoints: addresses.map((a) => ({
        addresses: [a.ip],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { ...a.targetRef },
        nodeName: a.nodeName,
      })),
      ports: clone(dnsPorts),
    });
  }

  /** A PEM block that looks like a kubeadm CA certificate (random DER-ish base64; never parsed). */
  private pem(): string {
    const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const body = `MIIDBTCCAe2gAwIBAgII${this.chars(1040, b64)}=`;
    const lines: string[] = [];
    for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
    return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
  }
}

// ---- static data ----------------------------------------------------------------------------------------

function lastApplied(manifest: J): Record<string, string> {
  const m = clone(manifest);
  m.metadata = { annotations: {}, ...m.metadata };
  return { "kubectl.kubernetes.io/last-applied-configuration": `${sortedJson(m)}\n` };
}

/** RFC 4648 base32 (lower case, unpadded) of a hex string's bytes. */
function base32Lower(hex: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = "";
  for (let i = 0; i < hex.length; i += 2)
    bits += Number.parseInt(hex.slice(i, i + 2), 16)
      .toString(2)
      .padStart(8, "0");
  let out = "";
  for (let i = 0; i < bits.length; i += 5) out += alphabet[Number.parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out;
}

/** kind loads the Kubernetes images from tarballs, so the runtime reports their -amd64 names. */
function statusImage(image: string): string {
  const m = /^registry\.k8s\.io\/(kube-(?:apiserver|controller-manager|scheduler|proxy)):(.*)$/.exec(image);
  return m ? `registry.k8s.io/${m[1]}-amd64:${m[2]}` : image;
}

function imageID(image: string): string {
  return `sha256:${stableHex(`image/${image}`, 64)}`;
}

/** The images preloaded in the kindest/node image, largest first as the kubelet reports them. */
function nodeImages(version: VersionInfo): J[] {
  const images = componentImages(version);
  const kube = (component: string, size: number): J => ({
    names: [
      `docker.io/library/import-${version.imageImportDate}@sha256:${stableHex(`import/${component}`, 64)}`,
      statusImage(images.kube(component)),
      images.kube(component),
    ],
    sizeBytes: size,
  });
  return [
    kube("kube-apiserver", 98051552),
    kube("kube-proxy", 95271321),
    kube("kube-controller-manager", 90793286),
    kube("kube-scheduler", 70649156),
    { names: [images.etcd], sizeBytes: 57680541 },
    { names: [KINDNETD_IMAGE], sizeBytes: 44375501 },
    { names: [LOCAL_PATH_PROVISIONER_IMAGE], sizeBytes: 22541737 },
    { names: [images.coredns], sizeBytes: 18562039 },
    { names: [LOCAL_PATH_HELPER_IMAGE], sizeBytes: 3084671 },
    { names: [images.pause], sizeBytes: 320368 },
  ];
}

const CONTROLLER_SERVICE_ACCOUNTS = [
  "attachdetach-controller",
  "bootstrap-signer",
  "certificate-controller",
  "clusterrole-aggregation-controller",
  "cronjob-controller",
  "daemon-set-controller",
  "deployment-controller",
  "disruption-controller",
  "endpoint-controller",
  "endpointslice-controller",
  "endpointslicemirroring-controller",
  "ephemeral-volume-controller",
  "expand-controller",
  "generic-garbage-collector",
  "horizontal-pod-autoscaler",
  "job-controller",
  "legacy-service-account-token-cleaner",
  "namespace-controller",
  "node-controller",
  "persistent-volume-binder",
  "pod-garbage-collector",
  "pv-protection-controller",
  "pvc-protection-controller",
  "replicaset-controller",
  "replication-controller",
  "resourcequota-controller",
  "root-ca-cert-publisher",
  "service-account-controller",
  "service-controller",
  "statefulset-controller",
  "token-cleaner",
  "ttl-after-finished-controller",
  "ttl-controller",
  "validatingadmissionpolicy-status-controller",
];

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

/** kubeadm's KubeProxyConfiguration with kind's settings (iptables mode, conntrack maxPerCore 0). */
const KUBE_PROXY_CONFIGURATION = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${POD_SUBNET}
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: iptables
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
`;

function kubeProxyKubeconfig(endpoint: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${endpoint}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`;
}

/**
 * The ClusterConfiguration kubeadm stores in kubeadm-config, in its storage version: v1beta4 from 1.31
 * (extraArgs as name/value lists, certificate validity periods, encryptionAlgorithm, proxy), v1beta3 before
 * (extraArgs as maps, the defaulted authorization-mode and timeoutForControlPlane).
 */
function kubeadmClusterConfiguration(cluster: string, version: VersionInfo): string {
  if (version.kubeadmAPIVersion === "kubeadm.k8s.io/v1beta3") {
    return `apiServer:
  certSANs:
  - localhost
  - 127.0.0.1
  extraArgs:
    authorization-mode: Node,RBAC
    runtime-config: ""
  timeoutForControlPlane: 4m0s
apiVersion: kubeadm.k8s.io/v1beta3
certificatesDir: /etc/kubernetes/pki
clusterName: ${cluster}
controlPlaneEndpoint: ${cluster}-control-plane:6443
controllerManager:
  extraArgs:
    enable-hostpath-provisioner: "true"
dns: {}
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${version.kubernetes}
networking:
  dnsDomain: cluster.local
  podSubnet: ${POD_SUBNET}
  serviceSubnet: ${SERVICE_SUBNET}
scheduler: {}
`;
  }
  return `apiServer:
  certSANs:
  - localhost
  - 127.0.0.1
  extraArgs:
  - name: runtime-config
    value: ""
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: ${cluster}
controlPlaneEndpoint: ${cluster}-control-plane:6443
controllerManager:
  extraArgs:
  - name: enable-hostpath-provisioner
    value: "true"
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${version.kubernetes}
networking:
  dnsDomain: cluster.local
  podSubnet: ${POD_SUBNET}
  serviceSubnet: ${SERVICE_SUBNET}
proxy: {}
scheduler: {}
`;
}

/** kubeadm's KubeletConfiguration with kind's settings; crashLoopBackOff exists from 1.32. */
function kubeletConfiguration(version: VersionInfo): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
cgroupRoot: /kubelet
clusterDNS:
- ${DNS_SERVICE_IP}
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
${version.kubeletCrashLoopBackOff ? "crashLoopBackOff: {}\n" : ""}evictionHard:
  imagefs.available: 0%
  nodefs.available: 0%
  nodefs.inodesFree: 0%
evictionPressureTransitionPeriod: 0s
failSwapOn: false
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageGCHighThresholdPercent: 100
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;
}

function localPathConfigData(): Record<string, string> {
  return {
    "config.json": `{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}`,
    "helperPod.yaml": `apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  containers:
  - name: helper-pod
    image: ${LOCAL_PATH_HELPER_IMAGE}
    imagePullPolicy: IfNotPresent`,
    setup: `#!/bin/sh
set -eu
mkdir -m 0777 -p "$VOL_DIR"`,
    teardown: `#!/bin/sh
set -eu
rm -rf "$VOL_DIR"`,
  };
}

// ---- entry point ----------------------------------------------------------------------------------------

/**
 * Every object of a new kind-like cluster named `cluster`, in creation order (namespaces first, owners before
 * their dependents), timestamped as a boot that finished shortly before `now`. resourceVersion is left to the
 * store.
 */
export function kindClusterObjects(
  cluster: string,
  now: number,
  uid: () => string = () => crypto.randomUUID(),
  options: SeedOptions = {},
): KObject[] {
  return new ClusterSeed(cluster, now, uid, options).build();
}
