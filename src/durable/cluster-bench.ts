/**
 * Whole-cluster figures measured inside the Durable Object for `npm run bench` (routes under /_dev/bench/,
 * which exist only when EDGEPLANE_DEV=1):
 *
 * - scheduler: the scheduling core's pods per second over N synthetic nodes (benchmarkScheduler).
 * - cluster-size: a fresh cluster grown to N nodes and M Running pods, written straight into the store in
 *   transactions (the shape a kubelet-reported, long-running cluster has, without waiting for every pod's
 *   start-up), then every controller run until nothing is due; reports object count, SQLite size, build and
 *   settle time, how many objects the controllers rewrote while adopting it, and whatever memory figure the
 *   runtime exposes.
 *
 * The extra nodes are copies of the seeded `<cluster>-worker` (new name, uid, IP, podCIDR), each with its
 * Lease and its own kindnet and kube-proxy pods (copies of the worker's, as the DaemonSet controller would
 * have made them); the remaining pods are plain nginx pods in namespace `bench`, spread evenly over the new
 * nodes, with the Running status a kubelet reports.
 */
import { generateName, rfc3339, rfc3339Micro } from "../apiserver/time";
import type { KObject } from "../kube/object";
import type { Registry } from "../kube/registry/registry";
import { storageKey } from "../kube/registry/registry";
import type { ControllerEngine } from "../reconcile/engine";
import { benchmarkScheduler } from "../scheduler/bench";
import type { KvStore } from "./store/kv-store";

type J = Record<string, any>;

/** Objects written per transaction while building: large enough to be fast, small enough to stay bounded. */
const BATCH = 500;

export function benchSchedulerRoute(url: URL): Record<string, unknown> {
  const nodes = clamp(Number(url.searchParams.get("nodes") ?? 1000), 1, 5000);
  const pods = clamp(Number(url.searchParams.get("pods") ?? 3000), 1, 20000);
  // One warm-up pass so the figure is the JIT-compiled steady state, as a long-running scheduler is.
  benchmarkScheduler(Math.min(nodes, 100), 300);
  return { nodes, pods, ...benchmarkScheduler(nodes, pods) };
}

export interface ClusterSizeDeps {
  kv: KvStore;
  registry: Registry;
  engine: ControllerEngine;
  clusterName: string;
  now: () => number;
  databaseSize: () => number;
}

export async function benchClusterSize(deps: ClusterSizeDeps, url: URL): Promise<Record<string, unknown>> {
  const nodeCount = clamp(Number(url.searchParams.get("nodes") ?? 1000), 1, 5000);
  const podCount = clamp(Number(url.searchParams.get("pods") ?? 30000), 0, 200_000);
  const heapBefore = heapUsed();
  const report = await buildBenchCluster(deps, nodeCount, podCount);
  return { ...report, js_heap: heapReport(heapBefore) };
}

/**
 * Grows the cluster to `nodeCount` more nodes and `podCount` Running pods, settles the controllers, then
 * schedules one more pod (the scheduler's first pod loads its cache of every node and pod). Shared by the
 * Durable Object route and the plain-Node memory measurement (test/bench/).
 */
export async function buildBenchCluster(
  deps: ClusterSizeDeps,
  nodeCount: number,
  podCount: number,
): Promise<Record<string, unknown>> {
  const { kv, registry, engine, clusterName } = deps;
  const decl = (group: string, plural: string) => {
    const d = registry.byResource(group, plural);
    if (!d) throw new Error(`no kind for ${group}/${plural}`);
    return d;
  };
  const nodes = decl("", "nodes");
  const pods = decl("", "pods");
  const leases = decl("coordination.k8s.io", "leases");
  const namespaces = decl("", "namespaces");
  const key = (d: typeof nodes, ns: string | undefined, name: string) => storageKey(d, ns, name);
  if (kv.get(key(nodes, undefined, "bench-node-00000"))) {
    throw new Error("this cluster already holds the bench nodes: use a fresh cluster name");
  }

  // Templates: the seeded worker, its Lease, and its DaemonSet pods.
  const worker = `${clusterName}-worker`;
  const nodeTemplate = kv.get(key(nodes, undefined, worker))?.object;
  const leaseTemplate = kv.get(key(leases, "kube-node-lease", worker))?.object;
  if (!nodeTemplate || !leaseTemplate) throw new Error(`seeded node ${worker} or its Lease is missing`);
  const dsTemplates = kv
    .rawQuery(
      `SELECT value FROM objects WHERE key >= 'core/pods/kube-system/' AND key < 'core/pods/kube-system0'
         AND json_extract(value, '$.spec.nodeName') = ?`,
      worker,
    )
    .map((r) => JSON.parse(String(r.value)) as KObject)
    .filter((p) => p.metadata.ownerReferences?.some((o) => o.kind === "DaemonSet"));

  const before = { rev: kv.revision(), objects: kv.count(), dbBytes: deps.databaseSize() };
  const createdAt = rfc3339(deps.now());
  const t0 = performance.now();
  let written = 0;
  let batch: [string, KObject][] = [];
  const put = (k: string, o: KObject) => {
    batch.push([k, o]);
    if (batch.length >= BATCH) flush();
  };
  const flush = () => {
    const items = batch;
    batch = [];
    if (!items.length) return;
    kv.transaction(() => {
      for (const [k, o] of items) kv.create(k, o);
    });
    written += items.length;
  };

  // Nodes and Leases first: a node's arrival makes the kubelet look for pods bound to it, cheap while none are.
  const nodeNames: string[] = [];
  const nodeIPs: string[] = [];
  const nodeCIDRs: string[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const name = `bench-node-${String(i).padStart(5, "0")}`;
    const ip = `172.19.${Math.floor(i / 250)}.${(i % 250) + 2}`;
    const cidr = `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`;
    nodeNames.push(name);
    nodeIPs.push(ip);
    nodeCIDRs.push(cidr);
    const node = cloneNode(nodeTemplate, name, ip, cidr, createdAt);
    put(key(nodes, undefined, name), node);
    const lease = structuredClone(leaseTemplate);
    lease.metadata = {
      ...lease.metadata,
      name,
      uid: crypto.randomUUID(),
      creationTimestamp: createdAt,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: String(node.metadata.uid) }],
      managedFields: undefined,
    };
    (lease.spec as J).holderIdentity = name;
    (lease.spec as J).renewTime = rfc3339Micro(deps.now());
    put(key(leases, "kube-node-lease", name), lease);
  }
  flush();
  const nodesBuiltMs = performance.now() - t0;

  // The pods: a kindnet and a kube-proxy per node, then nginx pods round-robin over the nodes.
  let podsMade = 0;
  for (let i = 0; i < nodeCount && podsMade < podCount; i++) {
    for (const tpl of dsTemplates) {
      if (podsMade >= podCount) break;
      const pod = cloneDaemonPod(tpl, nodeNames[i], nodeIPs[i], worker, createdAt);
      put(key(pods, "kube-system", String(pod.metadata.name)), pod);
      podsMade++;
    }
  }
  const nginxTemplate = nginxPod(dsTemplates[0], createdAt);
  if (podsMade < podCount) {
    put(key(namespaces, undefined, "bench"), {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "bench",
        uid: crypto.randomUUID(),
        creationTimestamp: createdAt,
        labels: { "kubernetes.io/metadata.name": "bench" },
      },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  }
  for (let j = 0; podsMade < podCount; j++, podsMade++) {
    const n = j % nodeCount;
    const slot = Math.floor(j / nodeCount);
    const pod = structuredClone(nginxTemplate);
    const name = `web-${String(j).padStart(6, "0")}`;
    pod.metadata = { ...pod.metadata, name, uid: crypto.randomUUID(), labels: { app: `web-${j % 30}` } };
    const spec = pod.spec as J;
    const status = pod.status as J;
    spec.nodeName = nodeNames[n];
    const podIP = nodeCIDRs[n].replace(/0\/24$/, String(slot + 2));
    Object.assign(status, {
      hostIP: nodeIPs[n],
      hostIPs: [{ ip: nodeIPs[n] }],
      podIP,
      podIPs: [{ ip: podIP }],
    });
    status.containerStatuses[0].containerID = `containerd://${hex64()}`;
    put(key(pods, "bench", name), pod);
  }
  flush();
  const buildMs = performance.now() - t0;
  const afterBuild = { rev: kv.revision(), objects: kv.count(), queued: engine.pending() };

  // Settle: run every controller until nothing is due now (work due later — probes, heartbeats — stays queued).
  const t1 = performance.now();
  let reconciled = 0;
  let rounds = 0;
  for (;;) {
    const ran = await engine.runDue(5000);
    reconciled += ran;
    rounds++;
    if (ran === 0 || performance.now() - t1 > 600_000) break;
  }
  const settleMs = performance.now() - t1;
  const afterSettle = { rev: kv.revision(), queued: engine.pending() };

  // One more pod, unbound: the scheduler places it against the whole cluster (loading its cache first).
  const t2 = performance.now();
  const extra = structuredClone(nginxTemplate);
  extra.metadata = { ...extra.metadata, name: "web-extra", uid: crypto.randomUUID(), labels: { app: "web-extra" } };
  extra.status = { phase: "Pending", qosClass: "Burstable" };
  if (!kv.get(key(namespaces, undefined, "bench"))) extra.metadata.namespace = "default";
  const extraKey = key(pods, extra.metadata.namespace, "web-extra");
  kv.create(extraKey, extra);
  let scheduledOn: string | undefined;
  for (let i = 0; i < 2000 && !scheduledOn; i++) {
    if ((await engine.runDue(1)) === 0) break;
    scheduledOn = (kv.get(extraKey)?.object.spec as J | undefined)?.nodeName;
  }
  const firstScheduleMs = performance.now() - t2;
  const writesByKind = kv.rawQuery(
    `SELECT substr(key, 1, instr(substr(key, instr(key, '/') + 1), '/') + instr(key, '/')) AS kind, COUNT(*) AS n
       FROM log WHERE rev > ? AND rev <= ? GROUP BY kind ORDER BY n DESC`,
    afterBuild.rev,
    afterSettle.rev,
  );
  return {
    nodes: nodeCount,
    pods: podCount,
    objects_before: before.objects,
    objects_written: written,
    objects: kv.count(),
    build_ms: Math.round(buildMs),
    build_nodes_ms: Math.round(nodesBuiltMs),
    queued_after_build: afterBuild.queued,
    settle_ms: Math.round(settleMs),
    settle_reconciles: reconciled,
    settle_rounds: rounds,
    settle_writes: afterSettle.rev - afterBuild.rev,
    settle_writes_by_prefix: Object.fromEntries(writesByKind.map((r) => [String(r.kind), Number(r.n)])),
    queued_after_settle: afterSettle.queued,
    extra_pod_scheduled_on: scheduledOn ?? null,
    extra_pod_schedule_ms: Math.round(firstScheduleMs),
    sqlite_bytes_before: before.dbBytes,
    sqlite_bytes: deps.databaseSize(),
    sqlite_tables: tableSizes(kv),
  };
}

/** Rows per table, and page bytes per table when SQLite's dbstat is available, to see where the bytes go. */
function tableSizes(kv: KvStore): Record<string, unknown> {
  const tables = kv
    .rawQuery(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    )
    .map((r) => String(r.name));
  const out: Record<string, unknown> = {};
  for (const t of tables) {
    const rows = Number(kv.rawQuery(`SELECT COUNT(*) AS n FROM "${t}"`)[0]?.n ?? 0);
    out[t] = { rows };
  }
  const columns: [string, string][] = [
    ["objects", "value"],
    ["log", "value"],
    ["kubelet_pods", "state"],
    ["kubelet_runs", "input"],
  ];
  for (const [t, col] of columns) {
    if (!out[t]) continue;
    const bytes = Number(kv.rawQuery(`SELECT SUM(length(${col})) AS b FROM ${t}`)[0]?.b ?? 0);
    out[t] = { ...(out[t] as object), json_bytes: bytes };
  }
  try {
    for (const r of kv.rawQuery("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name")) {
      const t = String(r.name);
      out[t] = { ...((out[t] as object) ?? {}), page_bytes: Number(r.bytes) };
    }
  } catch {
    // dbstat is not compiled in or not allowed here
  }
  return out;
}

function cloneNode(tpl: KObject, name: string, ip: string, cidr: string, createdAt: string): KObject {
  const node = structuredClone(tpl);
  node.metadata = {
    ...node.metadata,
    name,
    uid: crypto.randomUUID(),
    creationTimestamp: createdAt,
    labels: { ...node.metadata.labels, "kubernetes.io/hostname": name },
    managedFields: undefined,
  };
  const spec = node.spec as J;
  spec.podCIDR = cidr;
  spec.podCIDRs = [cidr];
  spec.providerID = `kind://docker/bench/${name}`;
  const status = node.status as J;
  status.addresses = [
    { address: ip, type: "InternalIP" },
    { address: name, type: "Hostname" },
  ];
  status.nodeInfo = { ...status.nodeInfo, bootID: crypto.randomUUID(), systemUUID: crypto.randomUUID() };
  return node;
}

function cloneDaemonPod(tpl: KObject, node: string, ip: string, templateNode: string, createdAt: string): KObject {
  // Swapping the node name everywhere it appears (nodeName, the DaemonSet's node affinity) keeps the copy
  // exactly what the DaemonSet controller and the kubelet would have made for that node.
  const pod = JSON.parse(JSON.stringify(tpl).split(`"${templateNode}"`).join(`"${node}"`)) as KObject;
  const base = String(tpl.metadata.generateName ?? `${tpl.metadata.name}-`);
  pod.metadata = {
    ...pod.metadata,
    name: generateName(base),
    uid: crypto.randomUUID(),
    creationTimestamp: createdAt,
    managedFields: undefined,
  };
  const status = pod.status as J;
  Object.assign(status, { hostIP: ip, hostIPs: [{ ip }], podIP: ip, podIPs: [{ ip }] });
  for (const cs of status.containerStatuses ?? []) cs.containerID = `containerd://${hex64()}`;
  return pod;
}

/** A plain nginx pod as admission and the kubelet leave it, built on a seeded pod's defaulted pod fields. */
function nginxPod(base: KObject | undefined, createdAt: string): KObject {
  const bs = (base?.status ?? {}) as J;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "", namespace: "bench", creationTimestamp: createdAt },
    spec: {
      containers: [
        {
          name: "nginx",
          image: "nginx:1.27",
          imagePullPolicy: "IfNotPresent",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          resources: { requests: { cpu: "100m", memory: "128Mi" } },
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      serviceAccount: "default",
      serviceAccountName: "default",
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
        { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
      ],
    },
    status: {
      conditions: bs.conditions ?? [],
      containerStatuses: [
        {
          containerID: "",
          image: "docker.io/library/nginx:1.27",
          imageID: "docker.io/library/nginx@sha256:6784fb0834aa7dbbe12e3d7471e69c290df3e6ba810dc38b34ae33d3c1c05f7d",
          lastState: {},
          name: "nginx",
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: bs.startTime ?? createdAt } },
        },
      ],
      phase: "Running",
      qosClass: "Burstable",
      startTime: bs.startTime ?? createdAt,
    },
  };
}

/** What the runtime tells about its JavaScript heap, if anything (workerd may expose nothing real). */
function heapUsed(): number | undefined {
  const perf = performance as unknown as { memory?: { usedJSHeapSize?: number } };
  if (typeof perf.memory?.usedJSHeapSize === "number" && perf.memory.usedJSHeapSize > 0) {
    return perf.memory.usedJSHeapSize;
  }
  const proc = (globalThis as { process?: { memoryUsage?: () => { heapUsed?: number } } }).process;
  try {
    const h = proc?.memoryUsage?.().heapUsed;
    if (typeof h === "number" && h > 0) return h;
  } catch {
    // not implemented in this runtime
  }
  return undefined;
}

function heapReport(before: number | undefined): Record<string, unknown> {
  const perf = performance as unknown as { memory?: unknown };
  const proc = (globalThis as { process?: { memoryUsage?: () => unknown } }).process;
  let memoryUsage: unknown = "absent";
  try {
    memoryUsage = proc?.memoryUsage ? proc.memoryUsage() : "absent";
  } catch (e) {
    memoryUsage = `throws: ${e instanceof Error ? e.message : String(e)}`;
  }
  const after = heapUsed();
  return {
    performance_memory: perf.memory ?? "absent",
    process_memoryUsage: memoryUsage,
    heap_used_before: before ?? null,
    heap_used_after: after ?? null,
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.max(lo, Math.min(hi, Math.floor(n))) : lo;
}

function hex64(): string {
  return (crypto.randomUUID() + crypto.randomUUID()).replace(/-/g, "");
}
