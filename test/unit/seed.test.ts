import { describe, expect, it } from "vitest";
import { kindClusterObjects, podQOSClass } from "../../src/cluster/seed";
import { CONTROLLER_ROLE_NAMES } from "../../src/cluster/seed-rbac";
import type { FieldError } from "../../src/kube/errors";
import type { KObject } from "../../src/kube/object";
import { controllerName, isDefaultStorageClass } from "../../src/kube/printers";
import { nodeRoles, nodeStatus } from "../../src/kube/printers/node";
import { summarizePod } from "../../src/kube/printers/pod";
import type { AdmissionContext, ClusterView, KindDeclaration } from "../../src/kube/registry/kind";
import { KINDS } from "../../src/kube/registry/kinds";
import { fieldSchema, resolve, type Schema } from "../../src/kube/schema/dsl";
import { validateObjectMeta } from "../../src/kube/validation/object-meta";
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from "../../src/kube/validation/rbac";

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

/** The declaration serving an object (by the group of its apiVersion and its kind). */
function declOf(o: KObject): KindDeclaration | undefined {
  const apiVersion = o.apiVersion ?? "";
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return KINDS.find((k) => k.group === group && k.version === version && k.kind === o.kind && !k.virtual);
}

/** The seeded cluster as admission and validation see it. */
const view: ClusterView = {
  list: (group, plural, namespace) =>
    objects.filter((o) => {
      const d = declOf(o);
      return d?.group === group && d.plural === plural && (!namespace || o.metadata.namespace === namespace);
    }),
  get: (group, plural, namespace, name) => view.list(group, plural, namespace).find((o) => o.metadata.name === name),
};
const ctx: AdmissionContext = { now: NOW, operation: "CREATE", view };

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
    // 3 node leases, 4 mirror pods, 2 ReplicaSets, 3 ReplicaSet pods, 2 ControllerRevisions, 6 DaemonSet pods,
    // the kube-dns EndpointSlice.
    expect(refs).toBe(21);
  });

  it("puts every namespaced object in an existing namespace and gives every object a valid name", () => {
    const namespaces = new Set(ofKind("Namespace").map((n) => n.metadata.name));
    const keys = new Set<string>();
    for (const o of objects) {
      const { name, namespace } = o.metadata;
      const decl = declOf(o)!;
      if (!decl.namespaced) expect(namespace).toBeUndefined();
      else expect(namespaces.has(namespace), `${o.kind} ${name} in ${namespace}`).toBe(true);
      // The kind's name rule: DNS subdomain, DNS label (Namespace, Service) or path segment (RBAC).
      expect(validateObjectMeta({ name }, { namespaced: false, nameRule: decl.nameRule }), `${o.kind} ${name}`).toEqual(
        [],
      );
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

  it("only seeds kinds the API server serves", () => {
    for (const o of objects) expect(declOf(o), `${o.apiVersion} ${o.kind}`).toBeDefined();
  });

  it("matches the declared schemas of every kind (no unknown fields, right JSON types)", () => {
    const errors: string[] = [];
    for (const o of objects) schemaErrors(o, declOf(o)!.schema, `${o.kind}/${o.metadata.name}`, errors);
    expect(errors).toEqual([]);
  });

  it("passes the API server's validation of every kind, as a create would", () => {
    // Validators written but not (yet) wired into their kind declarations are run as well.
    const extra: Record<string, (o: KObject) => FieldError[]> = {
      Role: (o) => validateRole(o),
      ClusterRole: (o) => validateClusterRole(o),
      RoleBinding: (o) => validateRoleBinding(o),
      ClusterRoleBinding: (o) => validateClusterRoleBinding(o),
    };
    const errors: string[] = [];
    for (const o of objects) {
      const decl = declOf(o)!;
      const created = structuredClone(o);
      decl.defaults?.(created, ctx);
      const errs = [
        ...validateObjectMeta(o.metadata, { namespaced: decl.namespaced, nameRule: decl.nameRule }),
        ...(decl.validate?.(created, undefined, ctx) ?? []),
        ...(decl.validate ? [] : (extra[o.kind!]?.(created) ?? [])),
      ];
      for (const e of errs)
        errors.push(`${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}: ${JSON.stringify(e)}`);
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

  it("has kind's default StorageClass standard, as kubectl apply left it", () => {
    const classes = ofKind("StorageClass");
    expect(classes.map((c) => c.metadata.name)).toEqual(["standard"]);
    const sc = get("StorageClass", "standard");
    expect(isDefaultStorageClass(sc as KObject)).toBe(true);
    expect(sc).toMatchObject({
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    });
    expect(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"]).toBe("true");
    expect(JSON.parse(sc.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"])).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" }, name: "standard" },
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
    });
  });

  it("has the system PriorityClasses the pods' priorities come from", () => {
    const classes = ofKind("PriorityClass") as J[];
    expect(classes.map((c) => [c.metadata.name, c.value, c.globalDefault ?? false, c.preemptionPolicy])).toEqual([
      ["system-node-critical", 2000001000, false, "PreemptLowerPriority"],
      ["system-cluster-critical", 2000000000, false, "PreemptLowerPriority"],
    ]);
    expect(get("PriorityClass", "system-node-critical").description).toBe(
      "Used for system critical pods that must not be moved from their current node.",
    );
    expect(get("PriorityClass", "system-cluster-critical").description).toMatch(/^Used for system critical pods/);
    for (const p of pods().filter((x) => x.spec.priorityClassName)) {
      expect(p.spec.priority).toBe(get("PriorityClass", p.spec.priorityClassName).value);
    }
  });

  it("keeps a ControllerRevision per DaemonSet named after the pods' controller-revision-hash", () => {
    const revisions = ofKind("ControllerRevision") as J[];
    expect(revisions.map((r) => r.metadata.name)).toEqual(["kube-proxy-7bb84c4984", "kindnet-5f7b7b4f9c"]);
    for (const name of ["kube-proxy", "kindnet"]) {
      const ds = get("DaemonSet", name, "kube-system");
      const cr = revisions.find((r) => r.metadata.ownerReferences[0].uid === ds.metadata.uid)!;
      expect(cr.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "DaemonSet",
          name,
          uid: ds.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(controllerName(cr as KObject)).toBe(`daemonset.apps/${name}`);
      expect(cr.revision).toBe(1);
      const hash = cr.metadata.labels["controller-revision-hash"];
      expect(cr.metadata.name).toBe(`${name}-${hash}`);
      expect(cr.metadata.labels).toEqual({ ...ds.spec.template.metadata.labels, "controller-revision-hash": hash });
      expect(cr.metadata.annotations).toEqual(ds.metadata.annotations);
      const dsPods = pods().filter((p) => p.metadata.ownerReferences?.[0]?.uid === ds.metadata.uid);
      expect(dsPods).toHaveLength(3);
      for (const p of dsPods) expect(p.metadata.labels["controller-revision-hash"]).toBe(hash);
      // The data is the template as a replacing strategic-merge patch, with Go's sorted map keys.
      const { $patch, ...template } = cr.data.spec.template;
      expect($patch).toBe("replace");
      expect(template).toEqual(ds.spec.template);
      expect(Object.keys(cr.data.spec.template)).toEqual(["$patch", "metadata", "spec"]);
      expect(Object.keys(cr.data.spec.template.spec)).toEqual(Object.keys(ds.spec.template.spec).sort());
      expect(Date.parse(cr.metadata.creationTimestamp)).toBe(Date.parse(ds.metadata.creationTimestamp));
    }
  });

  it("mirrors both Endpoints in EndpointSlices", () => {
    const slices = ofKind("EndpointSlice") as J[];
    expect(slices).toHaveLength(2);
    for (const slice of slices) {
      const service = slice.metadata.labels["kubernetes.io/service-name"];
      const ep = get("Endpoints", service, slice.metadata.namespace);
      expect(slice.addressType).toBe("IPv4");
      expect(slice.endpoints.map((e: J) => e.addresses[0]).sort()).toEqual(
        ep.subsets[0].addresses.map((a: J) => a.ip).sort(),
      );
      expect(slice.ports).toEqual(ep.subsets[0].ports);
      for (const a of ep.subsets[0].addresses) {
        const e = slice.endpoints.find((x: J) => x.addresses[0] === a.ip);
        expect(e.nodeName).toBe(a.nodeName);
        expect(e.targetRef).toEqual(a.targetRef);
        expect(e.conditions.ready).toBe(true);
        expect(e.zone).toBeUndefined();
      }
    }
    // The API server's own slice for kubernetes: fixed name, no managed-by label, no owner.
    const k = get("EndpointSlice", "kubernetes", "default");
    expect(k.metadata.labels).toEqual({ "kubernetes.io/service-name": "kubernetes" });
    expect(k.metadata.ownerReferences).toBeUndefined();
    expect(k.endpoints).toEqual([{ addresses: ["172.18.0.2"], conditions: { ready: true } }]);

    const dns = slices.find((x) => x.metadata.namespace === "kube-system")!;
    const svc = get("Service", "kube-dns", "kube-system");
    expect(dns.metadata.generateName).toBe("kube-dns-");
    expect(dns.metadata.name).toMatch(/^kube-dns-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(dns.metadata.labels).toEqual({
      ...svc.metadata.labels,
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
      "kubernetes.io/service-name": "kube-dns",
    });
    expect(dns.metadata.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        kind: "Service",
        name: "kube-dns",
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(dns.ports.map((p: J) => p.name)).toEqual(["dns-tcp", "dns", "metrics"]);
    for (const e of dns.endpoints) expect(e.conditions).toEqual({ ready: true, serving: true, terminating: false });
  });

  describe("RBAC", () => {
    const clusterRoles = ofKind("ClusterRole") as J[];
    const role = (name: string) => get("ClusterRole", name) as J;
    const ruleKey = (r: J) => JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);

    it("gives cluster-admin everything and binds it to system:masters and kubeadm:cluster-admins", () => {
      expect(role("cluster-admin").rules).toEqual([
        { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
        { verbs: ["*"], nonResourceURLs: ["*"] },
      ]);
      expect(get("ClusterRoleBinding", "cluster-admin").subjects).toEqual([
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "system:masters" },
      ]);
      const kubeadm = get("ClusterRoleBinding", "kubeadm:cluster-admins");
      expect(kubeadm.roleRef).toEqual({
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "cluster-admin",
      });
      expect(kubeadm.subjects).toEqual([
        { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "kubeadm:cluster-admins" },
      ]);
    });

    it("marks the bootstrap policy for reconciliation", () => {
      for (const name of [
        "cluster-admin",
        "admin",
        "edit",
        "view",
        "system:node",
        "system:controller:job-controller",
      ]) {
        const r = role(name);
        expect(r.metadata.labels["kubernetes.io/bootstrapping"]).toBe("rbac-defaults");
        expect(r.metadata.annotations).toEqual({ "rbac.authorization.kubernetes.io/autoupdate": "true" });
      }
      for (const o of objects.filter((x) => x.metadata.labels?.["kubernetes.io/bootstrapping"])) {
        expect(o.metadata.annotations?.["rbac.authorization.kubernetes.io/autoupdate"], o.metadata.name).toBe("true");
      }
      expect(role("kubeadm:get-nodes").metadata.labels).toBeUndefined();
    });

    it("aggregates admin, edit and view like the clusterrole-aggregation controller", () => {
      for (const [name, label, target] of [
        ["admin", "aggregate-to-admin", undefined],
        ["edit", "aggregate-to-edit", "admin"],
        ["view", "aggregate-to-view", "edit"],
      ] as const) {
        const r = role(name);
        expect(r.aggregationRule).toEqual({
          clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/${label}`]: "true" } }],
        });
        if (target) expect(r.metadata.labels[`rbac.authorization.k8s.io/aggregate-to-${target}`]).toBe("true");
        const selected = clusterRoles
          .filter(
            (c) => c.metadata.name !== name && c.metadata.labels?.[`rbac.authorization.k8s.io/${label}`] === "true",
          )
          .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
        const expected = [...new Map(selected.flatMap((c) => c.rules).map((x: J) => [ruleKey(x), x])).values()];
        expect(r.rules, name).toEqual(expected);
        expect(r.rules.length).toBeGreaterThan(5);
      }
      const can = (r: J, verb: string, group: string, resource: string) =>
        r.rules.some(
          (x: J) =>
            (x.verbs.includes(verb) || x.verbs.includes("*")) &&
            x.apiGroups?.includes(group) &&
            x.resources?.includes(resource),
        );
      expect(can(role("view"), "list", "", "pods")).toBe(true);
      expect(can(role("view"), "get", "", "secrets")).toBe(false);
      expect(can(role("edit"), "create", "apps", "deployments")).toBe(true);
      expect(can(role("edit"), "create", "rbac.authorization.k8s.io", "roles")).toBe(false);
      expect(can(role("admin"), "create", "rbac.authorization.k8s.io", "rolebindings")).toBe(true);
      expect(can(role("admin"), "get", "", "pods")).toBe(true);
    });

    it("has the bootstrap roles, one controller role per controller, and kubeadm's and kind's roles", () => {
      const names = clusterRoles.map((c) => c.metadata.name);
      for (const name of [
        "system:aggregate-to-admin",
        "system:aggregate-to-edit",
        "system:aggregate-to-view",
        "system:basic-user",
        "system:discovery",
        "system:public-info-viewer",
        "system:monitoring",
        "system:node",
        "system:node-proxier",
        "system:kube-dns",
        "system:kube-scheduler",
        "system:kube-controller-manager",
        "system:auth-delegator",
        "system:volume-scheduler",
        "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
        "kubeadm:get-nodes",
        "system:coredns",
        "kindnet",
        "local-path-provisioner-role",
      ]) {
        expect(names).toContain(name);
      }
      // Every per-controller account of kube-controller-manager has its role (route-controller's exists too,
      // though kind runs no route controller); bootstrap-signer and token-cleaner get namespaced Roles.
      const notControllers = ["default", "coredns", "kube-proxy", "kindnet", "bootstrap-signer", "token-cleaner"];
      const accounts = ofKind("ServiceAccount")
        .filter((a) => a.metadata.namespace === "kube-system" && !notControllers.includes(a.metadata.name!))
        .map((a) => a.metadata.name!);
      expect(accounts).toHaveLength(32);
      for (const account of accounts) expect(CONTROLLER_ROLE_NAMES, account).toContain(account);
      for (const c of CONTROLLER_ROLE_NAMES) {
        expect(role(`system:controller:${c}`).rules.length).toBeGreaterThan(0);
        expect(get("ClusterRoleBinding", `system:controller:${c}`).subjects).toEqual([
          { kind: "ServiceAccount", name: c, namespace: "kube-system" },
        ]);
      }
      expect(names).toHaveLength(71);
      expect(new Set(names).size).toBe(names.length);
      expect(role("system:basic-user").rules).toContainEqual({
        verbs: ["create"],
        apiGroups: ["authorization.k8s.io"],
        resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
      });
      expect(role("system:public-info-viewer").rules).toEqual([
        { verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"] },
      ]);
    });

    it("binds every subject the way kube-apiserver and kubeadm do", () => {
      const crb = (name: string) => get("ClusterRoleBinding", name) as J;
      const groupSubject = (name: string) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
      expect(crb("system:basic-user").subjects).toEqual([groupSubject("system:authenticated")]);
      expect(crb("system:discovery").subjects).toEqual([groupSubject("system:authenticated")]);
      expect(crb("system:public-info-viewer").subjects).toEqual([
        groupSubject("system:authenticated"),
        groupSubject("system:unauthenticated"),
      ]);
      expect(crb("system:node").subjects).toBeUndefined();
      expect(crb("system:node-proxier").subjects).toEqual([
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "system:kube-proxy" },
      ]);
      expect(crb("kubeadm:node-proxier").subjects).toEqual([
        { kind: "ServiceAccount", name: "kube-proxy", namespace: "kube-system" },
      ]);
      expect(crb("system:kube-dns").subjects).toEqual([
        { kind: "ServiceAccount", name: "kube-dns", namespace: "kube-system" },
      ]);
      expect(crb("system:coredns").subjects).toEqual([
        { kind: "ServiceAccount", name: "coredns", namespace: "kube-system" },
      ]);
      expect(ofKind("ClusterRoleBinding")).toHaveLength(59);

      const roles = ofKind("Role").map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
      expect(roles.sort()).toEqual(
        [
          "kube-public/kubeadm:bootstrap-signer-clusterinfo",
          "kube-public/system:controller:bootstrap-signer",
          "kube-system/extension-apiserver-authentication-reader",
          "kube-system/kube-proxy",
          "kube-system/kubeadm:kubelet-config",
          "kube-system/kubeadm:nodes-kubeadm-config",
          "kube-system/system::leader-locking-kube-controller-manager",
          "kube-system/system::leader-locking-kube-scheduler",
          "kube-system/system:controller:bootstrap-signer",
          "kube-system/system:controller:cloud-provider",
          "kube-system/system:controller:token-cleaner",
        ].sort(),
      );
      expect(ofKind("RoleBinding")).toHaveLength(11);
      expect(get("RoleBinding", "kubeadm:bootstrap-signer-clusterinfo", "kube-public").subjects).toEqual([
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "system:anonymous" },
      ]);
      expect(get("Role", "kube-proxy", "kube-system").rules).toEqual([
        { verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["kube-proxy"] },
      ]);
    });

    it("points every binding at an existing role and every rule at something", () => {
      for (const b of [...ofKind("ClusterRoleBinding"), ...ofKind("RoleBinding")] as J[]) {
        const ref = b.roleRef;
        expect(ref.apiGroup).toBe("rbac.authorization.k8s.io");
        if (ref.kind === "ClusterRole") get("ClusterRole", ref.name);
        else get("Role", ref.name, b.metadata.namespace);
        for (const s of b.subjects ?? []) {
          if (s.kind === "ServiceAccount") {
            expect(s.apiGroup).toBeUndefined();
            expect(s.namespace).toBeTruthy();
          } else expect(s.apiGroup).toBe("rbac.authorization.k8s.io");
        }
      }
      for (const r of [...ofKind("ClusterRole"), ...ofKind("Role")] as J[]) {
        for (const rule of r.rules ?? []) {
          expect(rule.verbs.length, r.metadata.name).toBeGreaterThan(0);
          expect(Boolean(rule.resources) !== Boolean(rule.nonResourceURLs), r.metadata.name).toBe(true);
          if (rule.resources) expect(rule.apiGroups?.length, r.metadata.name).toBeGreaterThan(0);
        }
      }
    });

    it("stays small enough for the Worker bundle", () => {
      const rbac = objects.filter((o) => o.apiVersion === "rbac.authorization.k8s.io/v1");
      expect(JSON.stringify(rbac).length).toBeLessThan(200_000);
    });
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
