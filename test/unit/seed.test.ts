import { describe, expect, it } from "vitest";
import { kindClusterObjects, podQOSClass } from "../../src/cluster/seed";
import type { KObject } from "../../src/kube/object";
import { nodeRoles, nodeStatus } from "../../src/kube/printers/node";
import { summarizePod } from "../../src/kube/printers/pod";
import { fieldSchema, resolve, type Schema } from "../../src/kube/schema/dsl";
import { daemonSetSchema, deploymentSchema, replicaSetSchema } from "../../src/kube/types/apps";
import { leaseSchema } from "../../src/kube/types/coordination";
import {
  configMapSchema,
  endpointsSchema,
  namespaceSchema,
  nodeSchema,
  serviceAccountSchema,
  serviceSchema,
} from "../../src/kube/types/core-other";
import { podSchema } from "../../src/kube/types/core-pod";
import { isDNS1123Label, isDNS1123Subdomain } from "../../src/kube/validation/names";

type J = Record<string, any>;

const NOW = Date.parse("2026-11-28T02:45:09.500Z");

function counterUid(): () => string {
  let n = 0;
  return () => {
    n++;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  };
}

const objects = kindClusterObjects("demo", NOW, counterUid());
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const get = (kind: string, name: string, namespace?: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === namespace);
  expect(o, `${kind} ${namespace ?? ""}/${name}`).toBeDefined();
  return o as J;
};
const pods = () => ofKind("Pod") as J[];
const podsLabeled = (key: string, value: string) => pods().filter((p) => p.metadata.labels?.[key] === value);

const SCHEMAS: Record<string, Schema> = {
  Namespace: namespaceSchema,
  Node: nodeSchema,
  Lease: leaseSchema,
  Service: serviceSchema,
  Endpoints: endpointsSchema,
  ConfigMap: configMapSchema,
  ServiceAccount: serviceAccountSchema,
  Pod: podSchema,
  Deployment: deploymentSchema,
  ReplicaSet: replicaSetSchema,
  DaemonSet: daemonSetSchema,
};

const CLUSTER_SCOPED = new Set(["Namespace", "Node"]);
const SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** Every field is declared by the kind's schema and has the declared JSON type. */
function schemaErrors(value: unknown, schema: Schema, path: string, out: string[]): void {
  if (value === null) return; // creationTimestamp: null in templates, lastProbeTime: null
  const s = resolve(schema);
  const fail = (msg: string): void => {
    out.push(`${path}: ${msg}`);
  };
  switch (s.kind) {
    case "string":
      if (typeof value !== "string") fail(`expected string, got ${JSON.stringify(value)}`);
      else if (s.enum && !s.enum.includes(value)) fail(`${value} not in ${s.enum.join(",")}`);
      return;
    case "integer":
      if (!Number.isInteger(value)) fail(`expected integer, got ${JSON.stringify(value)}`);
      return;
    case "number":
      if (typeof value !== "number") fail("expected number");
      return;
    case "boolean":
      if (typeof value !== "boolean") fail(`expected boolean, got ${JSON.stringify(value)}`);
      return;
    case "int-or-string":
      if (typeof value !== "string" && !Number.isInteger(value)) fail("expected int or string");
      return;
    case "quantity":
      if (typeof value !== "string" && typeof value !== "number") fail("expected quantity");
      return;
    case "time":
      if (typeof value !== "string" || !(s.micro ? MICROS : SECONDS).test(value)) {
        fail(`bad ${s.micro ? "micro" : ""}time ${JSON.stringify(value)}`);
      }
      return;
    case "any":
      return;
    case "array":
      if (!Array.isArray(value)) {
        fail("expected array");
        return;
      }
      value.forEach((v, i) => {
        schemaErrors(v, s.items, `${path}[${i}]`, out);
      });
      return;
    case "map":
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) {
        fail("expected object");
        return;
      }
      for (const [k, v] of Object.entries(value as J)) {
        if (v === undefined) fail(`${k} is undefined`);
        const child = fieldSchema(s, k);
        if (!child) fail(`unknown field ${k}`);
        else schemaErrors(v, child, `${path}.${k}`, out);
      }
      if (s.kind === "object") {
        for (const r of s.required ?? []) if (!(r in (value as J))) fail(`missing required ${r}`);
      }
      return;
    }
  }
}

describe("kindClusterObjects", () => {
  it("has the three nodes of kind's default multi-node cluster", () => {
    const nodes = ofKind("Node");
    expect(nodes.map((n) => n.metadata.name)).toEqual(["demo-control-plane", "demo-worker", "demo-worker2"]);
    expect(nodes.map(nodeStatus)).toEqual(["Ready", "Ready", "Ready"]);
    expect(nodes.map((n) => nodeRoles(n))).toEqual([["control-plane"], [], []]);

    const cp = get("Node", "demo-control-plane") as J;
    expect(cp.spec.taints).toEqual([{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }]);
    expect(cp.spec.providerID).toBe("kind://docker/demo/demo-control-plane");
    expect(cp.status.addresses).toEqual([
      { address: "172.18.0.2", type: "InternalIP" },
      { address: "demo-control-plane", type: "Hostname" },
    ]);
    expect(cp.status.nodeInfo).toMatchObject({
      kubeletVersion: "v1.32.4",
      osImage: "Debian GNU/Linux 12 (bookworm)",
      containerRuntimeVersion: "containerd://2.0.3",
      kernelVersion: "6.8.0-edgeplane",
    });
    expect(cp.status.capacity).toEqual(cp.status.allocatable);
    expect(cp.status.capacity.pods).toBe("110");
    const ready = cp.status.conditions.find((c: J) => c.type === "Ready");
    expect(ready).toMatchObject({ status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" });
    for (const t of ["MemoryPressure", "DiskPressure", "PIDPressure"]) {
      expect(cp.status.conditions.find((c: J) => c.type === t).status).toBe("False");
    }

    for (const [name, ip, cidr] of [
      ["demo-worker", "172.18.0.3", "10.244.1.0/24"],
      ["demo-worker2", "172.18.0.4", "10.244.2.0/24"],
    ]) {
      const w = get("Node", name) as J;
      expect(w.spec.taints).toBeUndefined();
      expect(w.spec.podCIDRs).toEqual([cidr]);
      expect(w.status.addresses[0]).toEqual({ address: ip, type: "InternalIP" });
      expect(w.metadata.labels["kubernetes.io/hostname"]).toBe(name);
    }
  });

  it("has the four kubeadm namespaces plus local-path-storage, created first", () => {
    const names = ofKind("Namespace").map((n) => n.metadata.name);
    expect(names).toEqual(["default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"]);
    expect(objects.slice(0, 5).every((o) => o.kind === "Namespace")).toBe(true);
    for (const ns of ofKind("Namespace") as J[]) {
      expect(ns.spec.finalizers).toEqual(["kubernetes"]);
      expect(ns.status.phase).toBe("Active");
      expect(ns.metadata.labels["kubernetes.io/metadata.name"]).toBe(ns.metadata.name);
    }
  });

  it("serves kubernetes at 10.96.0.1 and kube-dns at 10.96.0.10", () => {
    const k = get("Service", "kubernetes", "default");
    expect(k.spec).toMatchObject({
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      type: "ClusterIP",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
    });
    const dns = get("Service", "kube-dns", "kube-system");
    expect(dns.spec.clusterIP).toBe("10.96.0.10");
    expect(dns.spec.selector).toEqual({ "k8s-app": "kube-dns" });
    expect(dns.spec.ports.map((p: J) => `${p.name}:${p.port}/${p.protocol}`)).toEqual([
      "dns:53/UDP",
      "dns-tcp:53/TCP",
      "metrics:9153/TCP",
    ]);
    expect(dns.metadata.annotations).toEqual({ "prometheus.io/port": "9153", "prometheus.io/scrape": "true" });
  });

  it("runs two coredns pods on the control plane behind kube-dns", () => {
    const dns = podsLabeled("k8s-app", "kube-dns");
    expect(dns).toHaveLength(2);
    for (const p of dns) {
      expect(p.metadata.name).toMatch(/^coredns-668d6bf9bc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(summarizePod(p as KObject, NOW)).toMatchObject({ ready: "1/1", status: "Running", restarts: "0" });
      expect(p.spec.nodeName).toBe("demo-control-plane");
      expect(p.spec.priority).toBe(2000000000);
      expect(p.spec.priorityClassName).toBe("system-cluster-critical");
      expect(p.status.qosClass).toBe("Burstable");
      expect(p.spec.containers[0].resources).toEqual({
        limits: { memory: "170Mi" },
        requests: { cpu: "100m", memory: "70Mi" },
      });
    }
    expect(dns.map((p) => p.status.podIP).sort()).toEqual(["10.244.0.2", "10.244.0.3"]);

    const ep = get("Endpoints", "kube-dns", "kube-system");
    const addresses = ep.subsets[0].addresses;
    expect(addresses.map((a: J) => a.ip).sort()).toEqual(["10.244.0.2", "10.244.0.3"]);
    for (const a of addresses) {
      const pod = dns.find((p) => p.metadata.name === a.targetRef.name)!;
      expect(a.targetRef).toEqual({
        kind: "Pod",
        name: pod.metadata.name,
        namespace: "kube-system",
        uid: pod.metadata.uid,
      });
      expect(a.nodeName).toBe("demo-control-plane");
    }
    expect(get("Endpoints", "kubernetes", "default").subsets).toEqual([
      { addresses: [{ ip: "172.18.0.2" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] },
    ]);
  });

  it("has the coredns Deployment and ReplicaSet a learner sees with kubectl get deploy,rs", () => {
    const d = get("Deployment", "coredns", "kube-system");
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.strategy).toEqual({ rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 }, type: "RollingUpdate" });
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(d.status.conditions.map((c: J) => [c.type, c.status, c.reason])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ]);
    expect(d.status.conditions[1].message).toBe('ReplicaSet "coredns-668d6bf9bc" has successfully progressed.');
    const rs = get("ReplicaSet", "coredns-668d6bf9bc", "kube-system");
    expect(rs.metadata.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "2",
      "deployment.kubernetes.io/max-replicas": "3",
      "deployment.kubernetes.io/revision": "1",
    });
    expect(rs.spec.selector.matchLabels).toEqual({ "k8s-app": "kube-dns", "pod-template-hash": "668d6bf9bc" });

    const lp = get("Deployment", "local-path-provisioner", "local-path-storage");
    expect(lp.status.availableReplicas).toBe(1);
    const lpPod = pods().find((p) => p.metadata.namespace === "local-path-storage")!;
    expect(lpPod.metadata.name).toMatch(/^local-path-provisioner-58cc7856b6-[a-z0-9]{5}$/);
    expect(lpPod.status.podIP).toBe("10.244.0.4");
    expect(lpPod.status.qosClass).toBe("BestEffort");
  });

  it("runs kube-proxy and kindnet on every node, with the DaemonSet controller's additions", () => {
    for (const [name, qos] of [
      ["kube-proxy", "BestEffort"],
      ["kindnet", "Guaranteed"],
    ]) {
      const ds = get("DaemonSet", name, "kube-system");
      expect(ds.status).toMatchObject({
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
        numberMisscheduled: 0,
        observedGeneration: 1,
      });
      const dsPods = pods().filter((p) => p.metadata.ownerReferences?.[0]?.uid === ds.metadata.uid);
      expect(dsPods.map((p) => p.spec.nodeName)).toEqual(["demo-control-plane", "demo-worker", "demo-worker2"]);
      for (const p of dsPods) {
        const node = get("Node", p.spec.nodeName) as J;
        expect(p.status.podIP).toBe(node.status.addresses[0].address);
        expect(p.status.qosClass).toBe(qos);
        expect(p.metadata.labels["pod-template-generation"]).toBe("1");
        expect(p.metadata.labels["controller-revision-hash"]).toMatch(/^[a-z0-9]+$/);
        expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [p.spec.nodeName] }] }],
        });
        expect(p.spec.tolerations.map((t: J) => t.key ?? "")).toEqual([
          "",
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable",
          "node.kubernetes.io/disk-pressure",
          "node.kubernetes.io/memory-pressure",
          "node.kubernetes.io/pid-pressure",
          "node.kubernetes.io/unschedulable",
          "node.kubernetes.io/network-unavailable",
        ]);
        expect(p.spec.tolerations.some((t: J) => t.tolerationSeconds !== undefined)).toBe(false);
      }
    }
    const proxy = get("DaemonSet", "kube-proxy", "kube-system");
    expect(proxy.spec.template.spec.containers[0].image).toBe("registry.k8s.io/kube-proxy:v1.32.4");
    expect(proxy.spec.template.spec.priorityClassName).toBe("system-node-critical");
  });

  it("configures kube-proxy in iptables mode", () => {
    const cm = get("ConfigMap", "kube-proxy", "kube-system");
    expect(cm.data["config.conf"].split("\n")).toContain("mode: iptables");
    expect(cm.data["kubeconfig.conf"]).toContain("server: https://demo-control-plane:6443");
  });

  it("has the control-plane static pods owned by the node", () => {
    const cp = get("Node", "demo-control-plane");
    for (const component of ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]) {
      const p = get("Pod", `${component}-demo-control-plane`, "kube-system");
      expect(p.metadata.labels).toEqual({ component, tier: "control-plane" });
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: "v1", controller: true, kind: "Node", name: "demo-control-plane", uid: cp.metadata.uid },
      ]);
      expect(p.metadata.annotations["kubernetes.io/config.source"]).toBe("file");
      expect(p.metadata.annotations["kubernetes.io/config.hash"]).toBe(
        p.metadata.annotations["kubernetes.io/config.mirror"],
      );
      expect(p.spec.hostNetwork).toBe(true);
      expect(p.spec.priority).toBe(2000001000);
      expect(p.status.podIP).toBe("172.18.0.2");
      expect(p.status.qosClass).toBe("Burstable");
      expect(summarizePod(p as KObject, NOW).status).toBe("Running");
    }
  });

  it("writes every pod with kube's defaults and admission results", () => {
    for (const p of pods()) {
      expect(p.spec).toMatchObject({
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        terminationGracePeriodSeconds: 30,
        enableServiceLinks: true,
        preemptionPolicy: "PreemptLowerPriority",
      });
      expect(typeof p.spec.priority).toBe("number");
      for (const c of p.spec.containers) {
        expect(c.imagePullPolicy).toBe("IfNotPresent");
        expect(c.terminationMessagePath).toBe("/dev/termination-log");
        expect(c.terminationMessagePolicy).toBe("File");
      }
      expect(p.status.conditions.map((c: J) => `${c.type}=${c.status}`)).toEqual([
        "PodReadyToStartContainers=True",
        "Initialized=True",
        "Ready=True",
        "ContainersReady=True",
        "PodScheduled=True",
      ]);
      expect(p.status.qosClass).toBe(podQOSClass(p.spec.containers));
      for (const cs of p.status.containerStatuses) {
        expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
        expect(cs.state.running.startedAt).toMatch(SECONDS);
      }
      const controlled = p.metadata.ownerReferences?.[0]?.kind !== "Node";
      const token = (p.spec.volumes ?? []).find((v: J) => v.name.startsWith("kube-api-access-"));
      if (controlled) {
        expect(token?.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
        for (const c of p.spec.containers) {
          expect(c.volumeMounts).toContainEqual({
            mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
            name: token.name,
            readOnly: true,
          });
        }
        expect(p.spec.serviceAccount).toBe(p.spec.serviceAccountName);
      } else {
        expect(token).toBeUndefined();
      }
    }
    const coredns = podsLabeled("k8s-app", "kube-dns")[0];
    expect(coredns.spec.tolerations).toEqual([
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" },
      { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
      { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
    ]);
  });

  it("lists what kubectl get pods -A shows on a fresh kind cluster", () => {
    const rows = pods().map(
      (p) => `${p.metadata.namespace}/${p.metadata.generateName ? `${p.metadata.generateName}*` : p.metadata.name}`,
    );
    expect(rows.sort()).toEqual(
      [
        "kube-system/coredns-668d6bf9bc-*",
        "kube-system/coredns-668d6bf9bc-*",
        "kube-system/etcd-demo-control-plane",
        "kube-system/kindnet-*",
        "kube-system/kindnet-*",
        "kube-system/kindnet-*",
        "kube-system/kube-apiserver-demo-control-plane",
        "kube-system/kube-controller-manager-demo-control-plane",
        "kube-system/kube-proxy-*",
        "kube-system/kube-proxy-*",
        "kube-system/kube-proxy-*",
        "kube-system/kube-scheduler-demo-control-plane",
        "local-path-storage/local-path-provisioner-58cc7856b6-*",
      ].sort(),
    );
    expect(pods().every((p) => summarizePod(p as KObject, NOW).ready === "1/1")).toBe(true);
  });

  it("has node leases and leader-election leases", () => {
    for (const n of ofKind("Node")) {
      const l = get("Lease", n.metadata.name!, "kube-node-lease");
      expect(l.spec).toMatchObject({ holderIdentity: n.metadata.name, leaseDurationSeconds: 40 });
      expect(l.spec.renewTime).toMatch(MICROS);
      expect(l.metadata.ownerReferences).toEqual([
        { apiVersion: "v1", kind: "Node", name: n.metadata.name, uid: n.metadata.uid },
      ]);
    }
    for (const name of ["kube-controller-manager", "kube-scheduler"]) {
      const l = get("Lease", name, "kube-system");
      expect(l.spec.holderIdentity).toMatch(/^demo-control-plane_[0-9a-f-]{36}$/);
      expect(l.spec).toMatchObject({ leaseDurationSeconds: 15, leaseTransitions: 0 });
    }
  });

  it("has a default ServiceAccount and kube-root-ca.crt in every namespace, and the controller accounts", () => {
    for (const ns of ofKind("Namespace")) {
      get("ServiceAccount", "default", ns.metadata.name);
      const ca = get("ConfigMap", "kube-root-ca.crt", ns.metadata.name);
      expect(ca.data["ca.crt"]).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
      expect(ca.metadata.annotations["kubernetes.io/description"]).toMatch(/^Contains a CA bundle/);
    }
    const systemAccounts = ofKind("ServiceAccount")
      .filter((s) => s.metadata.namespace === "kube-system")
      .map((s) => s.metadata.name);
    for (const name of ["coredns", "kube-proxy", "kindnet", "deployment-controller", "replicaset-controller"]) {
      expect(systemAccounts).toContain(name);
    }
    expect(systemAccounts).toHaveLength(38);
    get("ServiceAccount", "local-path-provisioner-service-account", "local-path-storage");
    for (const name of ["coredns", "kubeadm-config", "kubelet-config", "extension-apiserver-authentication"]) {
      get("ConfigMap", name, "kube-system");
    }
    expect(get("ConfigMap", "coredns", "kube-system").data.Corefile).toContain("forward . /etc/resolv.conf");
    get("ConfigMap", "cluster-info", "kube-public");
    get("ConfigMap", "local-path-config", "local-path-storage");
  });

  it("keeps every ownerReference pointing at an earlier object of the right kind", () => {
    const seen = new Map<string, KObject>();
    let refs = 0;
    for (const o of objects) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        refs++;
        const owner = seen.get(ref.uid);
        expect(owner, `${o.kind} ${o.metadata.name} -> ${ref.kind} ${ref.name}`).toBeDefined();
        expect(owner!.kind).toBe(ref.kind);
        expect(owner!.apiVersion).toBe(ref.apiVersion);
        expect(owner!.metadata.name).toBe(ref.name);
        if (owner!.metadata.namespace) expect(owner!.metadata.namespace).toBe(o.metadata.namespace);
      }
      if ((o.metadata.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
        throw new Error(`${o.metadata.name} has two controllers`);
      }
      seen.set(o.metadata.uid!, o);
    }
    // 3 node leases, 4 mirror pods, 2 ReplicaSets, 3 ReplicaSet pods, 6 DaemonSet pods.
    expect(refs).toBe(18);
  });

  it("puts every namespaced object in an existing namespace and gives every object a valid name", () => {
    const namespaces = new Set(ofKind("Namespace").map((n) => n.metadata.name));
    const keys = new Set<string>();
    for (const o of objects) {
      const { name, namespace } = o.metadata;
      if (CLUSTER_SCOPED.has(o.kind!)) expect(namespace).toBeUndefined();
      else expect(namespaces.has(namespace), `${o.kind} ${name} in ${namespace}`).toBe(true);
      expect(isDNS1123Subdomain(name!), `${o.kind} ${name}`).toEqual([]);
      if (o.kind === "Namespace" || o.kind === "Service") expect(isDNS1123Label(name!)).toEqual([]);
      const key = `${o.kind}/${namespace ?? ""}/${name}`;
      expect(keys.has(key), `duplicate ${key}`).toBe(false);
      keys.add(key);
    }
  });

  it("writes complete metadata: unique uids, boot-staggered timestamps, no resourceVersion", () => {
    const uids = new Set(objects.map((o) => o.metadata.uid));
    expect(uids.size).toBe(objects.length);
    for (const o of objects) {
      expect(o.apiVersion).toBeTruthy();
      expect(o.metadata.resourceVersion).toBeUndefined();
      expect(o.metadata.creationTimestamp).toMatch(SECONDS);
      const t = Date.parse(o.metadata.creationTimestamp!);
      expect(t).toBeLessThanOrEqual(NOW);
      expect(t).toBeGreaterThan(NOW - 60_000);
    }
    const created = (kind: string, name: string, ns?: string) =>
      Date.parse(get(kind, name, ns).metadata.creationTimestamp);
    const firstPod = Math.min(...pods().map((p) => Date.parse(p.metadata.creationTimestamp)));
    expect(created("Pod", "etcd-demo-control-plane", "kube-system")).toBe(firstPod);
    expect(created("Node", "demo-worker")).toBeGreaterThan(created("Node", "demo-control-plane"));
  });

  it("matches the declared schemas of every kind (no unknown fields, right JSON types)", () => {
    const errors: string[] = [];
    for (const o of objects) {
      const schema = SCHEMAS[o.kind!];
      expect(schema, o.kind).toBeDefined();
      schemaErrors(o, schema, `${o.kind}/${o.metadata.name}`, errors);
    }
    expect(errors).toEqual([]);
  });

  it("is deterministic for a deterministic uid source and random otherwise", () => {
    expect(kindClusterObjects("demo", NOW, counterUid())).toEqual(objects);
    const a = kindClusterObjects("demo", NOW).filter((o) => o.kind === "Pod" && o.metadata.generateName);
    const b = kindClusterObjects("demo", NOW).filter((o) => o.kind === "Pod" && o.metadata.generateName);
    expect(a.map((p) => p.metadata.name)).not.toEqual(b.map((p) => p.metadata.name));
    const other = kindClusterObjects("lab", NOW);
    expect(other.filter((o) => o.kind === "Node").map((n) => n.metadata.name)).toEqual([
      "lab-control-plane",
      "lab-worker",
      "lab-worker2",
    ]);
  });

  it("computes QoS classes like kube", () => {
    expect(podQOSClass([{ name: "a" }])).toBe("BestEffort");
    expect(podQOSClass([{ resources: { requests: { cpu: "100m" } } }])).toBe("Burstable");
    expect(
      podQOSClass([{ resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1Gi" } } }]),
    ).toBe("Guaranteed");
    expect(
      podQOSClass([{ resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "1Gi" } } }]),
    ).toBe("Burstable");
  });
});
