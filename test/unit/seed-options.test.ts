import { describe, expect, it } from "vitest";
import { KUBE_VERSION } from "../../src/apiserver/server";
import { kindClusterObjects, type SeedOptions } from "../../src/cluster/seed";
import { versionInfo } from "../../src/cluster/versions";
import type { KObject } from "../../src/kube/object";
import type { AdmissionContext, ClusterView, KindDeclaration } from "../../src/kube/registry/kind";
import { KINDS } from "../../src/kube/registry/kinds";
import { storageKey } from "../../src/kube/registry/registry";
import { groupOfApiVersion } from "../../src/reconcile/controller-context";
import { createTestCluster } from "./harness/memory-cluster";

type J = Record<string, any>;

const NOW = Date.parse("2026-11-28T02:45:09.500Z");

function counterUid(): () => string {
  let n = 0;
  return () => {
    n++;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  };
}

const seed = (options?: SeedOptions) => kindClusterObjects("demo", NOW, counterUid(), options);
const ofKind = (objects: KObject[], kind: string) => objects.filter((o) => o.kind === kind) as J[];
const nodeNames = (objects: KObject[]) => ofKind(objects, "Node").map((n) => n.metadata.name);
const podsOf = (objects: KObject[], app: string) =>
  ofKind(objects, "Pod").filter((p) => p.metadata.labels?.["k8s-app"] === app);
const named = (objects: KObject[], kind: string, name: string, namespace?: string): J => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === namespace);
  expect(o, `${kind} ${namespace ?? ""}/${name}`).toBeDefined();
  return o as J;
};

function declOf(o: KObject): KindDeclaration | undefined {
  const apiVersion = o.apiVersion ?? "";
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return KINDS.find((k) => k.group === group && k.version === version && k.kind === o.kind && !k.virtual);
}

/** What every node must have for `kubectl get nodes/pods -o wide` and the controllers to see a healthy cluster. */
function expectWholeNodes(objects: KObject[]): void {
  const nodes = ofKind(objects, "Node");
  for (const app of ["kube-proxy", "kindnet"]) {
    const pods = podsOf(objects, app);
    expect(pods.map((p) => p.spec.nodeName).sort(), app).toEqual(nodes.map((n) => n.metadata.name).sort());
    for (const p of pods) {
      const node = nodes.find((n) => n.metadata.name === p.spec.nodeName)!;
      const ip = node.status.addresses.find((a: J) => a.type === "InternalIP").address;
      expect(p.status.hostIP).toBe(ip);
      expect(p.status.podIP).toBe(ip); // hostNetwork
    }
    const ds = named(objects, "DaemonSet", app, "kube-system");
    for (const field of [
      "desiredNumberScheduled",
      "currentNumberScheduled",
      "numberReady",
      "numberAvailable",
      "updatedNumberScheduled",
    ]) {
      expect(ds.status[field], `${app} ${field}`).toBe(nodes.length);
    }
  }
  const leases = ofKind(objects, "Lease").filter((l) => l.metadata.namespace === "kube-node-lease");
  expect(leases.map((l) => l.metadata.name).sort()).toEqual(nodes.map((n) => n.metadata.name).sort());
  for (const n of nodes) {
    const lease = leases.find((l) => l.metadata.name === n.metadata.name)!;
    expect(lease.metadata.ownerReferences[0].uid).toBe(n.metadata.uid);
    const events = ofKind(objects, "Event").filter((e) => e.involvedObject.name === n.metadata.name);
    expect(events.map((e) => e.reason)).toContain("NodeReady");
    expect(events.map((e) => e.reason)).toContain("RegisteredNode");
  }
  for (const o of objects) expect(Date.parse(o.metadata.creationTimestamp!)).toBeLessThanOrEqual(NOW);
}

/** Every object passes the API server's create validation (like seed.test.ts checks the default cluster). */
function validationErrors(objects: KObject[]): string[] {
  const view: ClusterView = {
    list: (group, plural, namespace) =>
      objects.filter((o) => {
        const d = declOf(o);
        return d?.group === group && d.plural === plural && (!namespace || o.metadata.namespace === namespace);
      }),
    get: (group, plural, namespace, name) => view.list(group, plural, namespace).find((o) => o.metadata.name === name),
  };
  const ctx: AdmissionContext = { now: NOW, operation: "CREATE", view };
  const errors: string[] = [];
  for (const o of objects) {
    const decl = declOf(o)!;
    const created = structuredClone(o);
    decl.defaults?.(created, ctx);
    for (const e of decl.validate?.(created, undefined, ctx) ?? []) {
      errors.push(`${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}: ${JSON.stringify(e)}`);
    }
  }
  return errors;
}

describe("kindClusterObjects options", () => {
  it("leaves the default cluster exactly as it was when the options say what the default is", () => {
    const plain = kindClusterObjects("demo", NOW, counterUid());
    expect(seed({})).toEqual(plain);
    expect(seed({ kubernetesVersion: "1.32", nodes: { count: 2 } })).toEqual(plain);
    expect(nodeNames(plain)).toEqual(["demo-control-plane", "demo-worker", "demo-worker2"]);
  });

  it("creates only the control plane for count 0, with its own kube-proxy and kindnet", () => {
    const objects = seed({ nodes: { count: 0 } });
    expect(nodeNames(objects)).toEqual(["demo-control-plane"]);
    expectWholeNodes(objects);
    // The control plane's own pods are all there.
    expect(ofKind(objects, "Pod").every((p) => p.spec.nodeName === "demo-control-plane")).toBe(true);
    expect(podsOf(objects, "kube-dns")).toHaveLength(2);
  });

  it("names, addresses and equips workers the way kind does", () => {
    const one = seed({ nodes: { count: 1 } });
    expect(nodeNames(one)).toEqual(["demo-control-plane", "demo-worker"]);
    expectWholeNodes(one);

    const objects = seed({ nodes: { count: 5 } });
    expect(nodeNames(objects)).toEqual([
      "demo-control-plane",
      "demo-worker",
      "demo-worker2",
      "demo-worker3",
      "demo-worker4",
      "demo-worker5",
    ]);
    expectWholeNodes(objects);
    const nodes = ofKind(objects, "Node");
    const ips = nodes.map((n) => n.status.addresses[0].address);
    expect(ips).toEqual(["172.18.0.2", "172.18.0.3", "172.18.0.4", "172.18.0.5", "172.18.0.6", "172.18.0.7"]);
    const cidrs = nodes.map((n) => n.spec.podCIDR);
    expect(cidrs).toEqual([
      "10.244.0.0/24",
      "10.244.1.0/24",
      "10.244.2.0/24",
      "10.244.3.0/24",
      "10.244.4.0/24",
      "10.244.5.0/24",
    ]);
    for (const n of nodes) {
      expect(n.spec.podCIDRs).toEqual([n.spec.podCIDR]);
      expect(n.metadata.labels["kubernetes.io/hostname"]).toBe(n.metadata.name);
      expect(n.spec.providerID).toBe(`kind://docker/demo/${n.metadata.name}`);
    }
    // Generated names stay unique however many pods there are.
    const podNames = ofKind(objects, "Pod").map((p) => p.metadata.name);
    expect(new Set(podNames).size).toBe(podNames.length);
    expect(validationErrors(objects)).toEqual([]);
  });

  it("bounds the worker count to 0..50", () => {
    expect(nodeNames(seed({ nodes: { count: 99 } }))).toHaveLength(51);
    expect(nodeNames(seed({ nodes: { count: 99 } })).at(-1)).toBe("demo-worker50");
    expect(nodeNames(seed({ nodes: { count: -3 } }))).toEqual(["demo-control-plane"]);
  });

  it("gives workers the template's capacity, labels and taints and leaves the control plane alone", () => {
    const objects = seed({
      nodes: {
        count: 3,
        capacity: { cpu: "4", memory: "8192Mi", pods: "30" },
        labels: { disktype: "ssd", "topology.kubernetes.io/zone": "eu-1a" },
        taints: [
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
          { key: "spot", effect: "PreferNoSchedule" },
        ],
      },
    });
    const [cp, ...workers] = ofKind(objects, "Node");
    expect(workers).toHaveLength(3);
    for (const w of workers) {
      expect(w.status.capacity).toEqual({
        cpu: "4",
        "ephemeral-storage": "263112772Ki",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        memory: "8Gi", // serialized as the API server would: 8192Mi is 8Gi
        pods: "30",
      });
      expect(w.status.allocatable).toEqual(w.status.capacity);
      expect(w.metadata.labels).toMatchObject({
        disktype: "ssd",
        "topology.kubernetes.io/zone": "eu-1a",
        "kubernetes.io/hostname": w.metadata.name,
        "kubernetes.io/os": "linux",
      });
      expect(w.spec.taints).toEqual([
        { effect: "NoSchedule", key: "dedicated", value: "gpu" },
        { effect: "PreferNoSchedule", key: "spot" },
      ]);
    }
    expect(cp.status.capacity.cpu).toBe("8");
    expect(cp.metadata.labels.disktype).toBeUndefined();
    expect(cp.spec.taints).toEqual([{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }]);
    // The DaemonSets tolerate every taint, so tainted workers still run kube-proxy and kindnet.
    expectWholeNodes(objects);
    expect(validationErrors(objects)).toEqual([]);
  });

  it("refuses a capacity that is not a quantity rather than writing a broken node", () => {
    expect(() => seed({ nodes: { count: 1, capacity: { cpu: "lots" } } })).toThrow(/quantities must match/);
    expect(() => seed({ nodes: { count: 1, capacity: { memory: "-1Gi" } } })).toThrow(/negative/);
  });

  it("reports the chosen minor everywhere a kind cluster of that version shows it", () => {
    const objects = seed({ kubernetesVersion: "1.30" });
    for (const n of ofKind(objects, "Node")) {
      expect(n.status.nodeInfo.kubeletVersion).toBe("v1.30.10");
      const names = n.status.images.flatMap((i: J) => i.names);
      expect(names).toContain("registry.k8s.io/kube-apiserver:v1.30.10");
      expect(names).toContain("registry.k8s.io/pause:3.9");
      expect(names.filter((x: string) => /:v1\.32/.test(x))).toEqual([]);
    }
    const image = (name: string) => named(objects, "Pod", name, "kube-system").spec.containers[0].image;
    expect(image("kube-apiserver-demo-control-plane")).toBe("registry.k8s.io/kube-apiserver:v1.30.10");
    expect(image("kube-controller-manager-demo-control-plane")).toBe(
      "registry.k8s.io/kube-controller-manager:v1.30.10",
    );
    expect(image("kube-scheduler-demo-control-plane")).toBe("registry.k8s.io/kube-scheduler:v1.30.10");
    expect(image("etcd-demo-control-plane")).toBe("registry.k8s.io/etcd:3.5.15-0");
    for (const p of podsOf(objects, "kube-proxy")) {
      expect(p.spec.containers[0].image).toBe("registry.k8s.io/kube-proxy:v1.30.10");
    }
    const dns = podsOf(objects, "kube-dns");
    expect(dns.map((p) => p.spec.containers[0].image)).toEqual([
      "registry.k8s.io/coredns/coredns:v1.11.1",
      "registry.k8s.io/coredns/coredns:v1.11.1",
    ]);
    // kubectl get pods -A shows 1.30's CoreDNS ReplicaSet hash.
    for (const p of dns) expect(p.metadata.name).toMatch(/^coredns-7db6d8ff4d-[a-z0-9]{5}$/);
    const kubeadm = named(objects, "ConfigMap", "kubeadm-config", "kube-system").data.ClusterConfiguration;
    expect(kubeadm).toContain("kubernetesVersion: v1.30.10\n");
    expect(kubeadm).toContain("apiVersion: kubeadm.k8s.io/v1beta3\n");
    // The kube-proxy DaemonSet's revision is named after the hash its pods carry.
    const hash = podsOf(objects, "kube-proxy")[0].metadata.labels["controller-revision-hash"];
    expect(hash).not.toBe("7bb84c4984");
    named(objects, "ControllerRevision", `kube-proxy-${hash}`, "kube-system");
    expect(validationErrors(objects)).toEqual([]);

    const v131 = seed({ kubernetesVersion: "1.31", nodes: { count: 1 } });
    expect(ofKind(v131, "Node").map((n) => n.status.nodeInfo.kubeletVersion)).toEqual(["v1.31.6", "v1.31.6"]);
    expect(named(v131, "ConfigMap", "kubeadm-config", "kube-system").data.ClusterConfiguration).toContain(
      "kubernetesVersion: v1.31.6\n",
    );
    expect(podsOf(v131, "kube-dns")[0].metadata.name).toMatch(/^coredns-6f6b679f8f-/);
  });

  it("keeps /version and the seeded nodes of the default minor in step", () => {
    const info = versionInfo();
    expect(info.version).toEqual(KUBE_VERSION);
    expect(ofKind(seed(), "Node")[0].status.nodeInfo.kubeletVersion).toBe(KUBE_VERSION.gitVersion.split("+")[0]);
    for (const minor of ["1.30", "1.31", "1.32"] as const) {
      const v = versionInfo(minor);
      expect(`${v.version.major}.${v.version.minor}`).toBe(minor);
      expect(v.version.gitVersion.startsWith(`${v.kubernetes}+`)).toBe(true);
    }
    expect(() => versionInfo("1.20" as never)).toThrow(/unsupported/);
  });
});

describe("a cluster seeded with options, run by every controller", () => {
  const name = "opts";
  function seededCluster(options: SeedOptions) {
    const c = createTestCluster({ seed: false, name });
    c.kv.transaction(() => {
      for (const obj of kindClusterObjects(name, c.now(), undefined, options)) {
        const d = c.registry.byKind(groupOfApiVersion(obj.apiVersion ?? "v1"), obj.kind ?? "")!;
        c.kv.create(storageKey(d, obj.metadata.namespace, obj.metadata.name ?? ""), obj);
      }
    });
    // As the harness does for the default seed: the seed is history, not work.
    c.storage.sql.exec("DELETE FROM work_queue WHERE controller != 'event-ttl'");
    return c;
  }

  it("keeps the seeded DaemonSet pods and schedules workloads onto the tainted, labelled workers", async () => {
    const c = seededCluster({
      kubernetesVersion: "1.31",
      nodes: {
        count: 4,
        labels: { disktype: "ssd" },
        taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
      },
    });
    const systemPods = () =>
      c
        .list("pods", "kube-system")
        .map((p) => `${p.metadata.name}/${p.metadata.uid}`)
        .sort();
    const before = systemPods();
    c.engine.enqueue("daemonset-controller", "apps/daemonsets/kube-system/kindnet");
    c.engine.enqueue("daemonset-controller", "apps/daemonsets/kube-system/kube-proxy");
    await c.settle();
    await c.advance(60_000);
    expect(systemPods()).toEqual(before);

    const labels = { app: "web" };
    c.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: "web", image: "nginx:1.27" }],
            nodeSelector: { disktype: "ssd" },
            tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }],
          },
        },
      },
    });
    c.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "intolerant", namespace: "default" },
      spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
    });
    await c.advance(60_000);
    const nodes = c.list("nodes") as J[];
    const web = (c.list("pods", "default") as J[]).filter((p) => p.metadata.labels?.app === "web");
    expect(web).toHaveLength(3);
    for (const p of web) {
      expect(p.status.phase).toBe("Running");
      expect(p.spec.nodeName).toMatch(/^opts-worker\d*$/);
      const node = nodes.find((n) => n.metadata.name === p.spec.nodeName)!;
      const subnet = node.spec.podCIDR.split(".").slice(0, 3).join(".");
      expect(p.status.podIP.startsWith(`${subnet}.`), `${p.status.podIP} in ${node.spec.podCIDR}`).toBe(true);
    }
    const intolerant = c.get("pods", "default", "intolerant") as J;
    expect(intolerant.status.phase).toBe("Pending");
    expect(c.events("default", "intolerant").map((e) => e.message)).toContain(
      "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling..", // kube's own double period
    );
  });
});
