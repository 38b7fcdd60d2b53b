import { describe, expect, it } from "vitest";
import { applyLimitRangeDefaults } from "../../../src/kube/admission/limit-range";
import {
  admitResourceQuota,
  checkQuota,
  matchingResources,
  podMatchesScope,
  quotaMatches,
  quotaResource,
  recomputeQuotaStatus,
  resourceListToJSON,
  usageOf,
} from "../../../src/kube/admission/resource-quota";
import type { KObject } from "../../../src/kube/object";
import { Quantity } from "../../../src/kube/quantity";

type Res = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
type C = { name: string; resources?: Res; restartPolicy?: string };

function pod(name: string, containers: C[], extra: Record<string, unknown> = {}, init: C[] = []): KObject {
  const spec: Record<string, unknown> = { containers: containers.map((c) => ({ image: "nginx", ...c })), ...extra };
  if (init.length) spec.initContainers = init;
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "dev" }, spec };
}

function quota(
  name: string,
  hard: Record<string, string>,
  used?: Record<string, string>,
  spec: Record<string, unknown> = {},
): KObject {
  const status: Record<string, unknown> = { hard };
  if (used) status.used = used;
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name, namespace: "dev" },
    spec: { hard, ...spec },
    status,
  };
}

const usage = (o: KObject, kind?: string, now?: string) => resourceListToJSON(usageOf(o, kind, { now }));
const guaranteed = { requests: { cpu: "500m", memory: "128Mi" }, limits: { cpu: "500m", memory: "128Mi" } };

describe("quotaResource", () => {
  it("maps kinds to group-qualified resources", () => {
    expect(quotaResource("Pod")).toBe("pods");
    expect(quotaResource("Deployment")).toBe("deployments.apps");
    expect(quotaResource("CronJob")).toBe("cronjobs.batch");
    expect(quotaResource("Ingress")).toBe("ingresses.networking.k8s.io");
    expect(quotaResource("Widget")).toBe("widgets");
    expect(quotaResource("Policy")).toBe("policies");
    expect(quotaResource("deployments.apps")).toBe("deployments.apps");
  });
});

describe("usageOf: pods", () => {
  it("sums requests and limits over containers", () => {
    const p = pod("web", [
      { name: "a", resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "500m" } } },
      { name: "b", resources: { requests: { cpu: "200m", memory: "64Mi" } } },
    ]);
    expect(usage(p)).toEqual({
      "count/pods": "1",
      cpu: "300m",
      "limits.cpu": "500m",
      memory: "128Mi",
      pods: "1",
      "requests.cpu": "300m",
      "requests.memory": "128Mi",
    });
  });

  it("counts a best-effort pod", () => {
    expect(usage(pod("web", [{ name: "a" }]))).toEqual({ "count/pods": "1", pods: "1" });
  });

  it("applies the init-container max rule and adds sidecars", () => {
    const p = pod("web", [{ name: "a", resources: { requests: { cpu: "300m" }, limits: { cpu: "300m" } } }], {}, [
      { name: "side", restartPolicy: "Always", resources: { requests: { cpu: "100m" }, limits: { cpu: "100m" } } },
      { name: "init", resources: { requests: { cpu: "1" }, limits: { cpu: "2" } } },
    ]);
    // requests: max(300m + 100m, 100m + 1) = 1100m; limits: max(400m, 2100m) = 2100m
    expect(usage(p)).toMatchObject({ "requests.cpu": "1100m", "limits.cpu": "2100m" });
  });

  it("adds pod overhead to requests and to the limits that are set", () => {
    const p = pod(
      "web",
      [{ name: "a", resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "250m" } } }],
      {
        overhead: { cpu: "250m", memory: "120Mi" },
      },
    );
    expect(usage(p)).toMatchObject({
      "requests.cpu": "500m",
      "requests.memory": "184Mi",
      "limits.cpu": "500m",
    });
    expect(usage(p)["limits.memory"]).toBeUndefined();
  });

  it("keeps only count/pods for terminal pods and pods past their grace period", () => {
    const done = pod("job", [{ name: "a", resources: guaranteed }]);
    done.status = { phase: "Succeeded" };
    expect(usage(done)).toEqual({ "count/pods": "1" });
    const dying = pod("web", [{ name: "a", resources: guaranteed }]);
    dying.metadata.deletionTimestamp = "2024-01-01T00:00:30Z";
    dying.metadata.deletionGracePeriodSeconds = 30;
    expect(usage(dying, undefined, "2024-01-01T00:00:59Z")["requests.cpu"]).toBe("500m");
    expect(usage(dying, undefined, "2024-01-01T00:01:01Z")).toEqual({ "count/pods": "1" });
  });

  it("tracks ephemeral storage, hugepages and extended resources", () => {
    const p = pod("gpu", [
      {
        name: "a",
        resources: {
          requests: { "ephemeral-storage": "1Gi", "hugepages-2Mi": "10Mi", "nvidia.com/gpu": "1" },
          limits: { "ephemeral-storage": "2Gi", "hugepages-2Mi": "10Mi", "nvidia.com/gpu": "1" },
        },
      },
    ]);
    expect(usage(p)).toEqual({
      "count/pods": "1",
      "ephemeral-storage": "1Gi",
      "hugepages-2Mi": "10Mi",
      "limits.ephemeral-storage": "2Gi",
      pods: "1",
      "requests.ephemeral-storage": "1Gi",
      "requests.hugepages-2Mi": "10Mi",
      "requests.nvidia.com/gpu": "1",
    });
  });

  it("keeps the text Go keeps for single quantities and canonicalises sums", () => {
    const one = pod("a", [{ name: "a", resources: { requests: { cpu: "0.5", memory: "1024Mi" } } }]);
    expect(usage(one)).toMatchObject({ "requests.cpu": "500m", "requests.memory": "1Gi" });
    const mixed = pod("b", [
      { name: "a", resources: { requests: { memory: "1Gi" } } },
      { name: "b", resources: { requests: { memory: "500M" } } },
    ]);
    expect(usage(mixed)["requests.memory"]).toBe("1573741824");
  });
});

describe("usageOf: other resources", () => {
  const svc = (spec: Record<string, unknown>): KObject => ({ kind: "Service", metadata: { name: "s" }, spec });

  it("counts services, node ports and load balancers", () => {
    expect(usage(svc({ type: "ClusterIP", ports: [{ port: 80 }] }))).toEqual({
      "count/services": "1",
      services: "1",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
    expect(usage(svc({ type: "NodePort", ports: [{ port: 80 }, { port: 443 }] }))["services.nodeports"]).toBe("2");
    expect(usage(svc({ type: "LoadBalancer", ports: [{ port: 80 }, { port: 443 }] }))).toMatchObject({
      "services.loadbalancers": "1",
      "services.nodeports": "2",
    });
    expect(
      usage(
        svc({
          type: "LoadBalancer",
          allocateLoadBalancerNodePorts: false,
          ports: [{ port: 80 }, { port: 443, nodePort: 30443 }],
        }),
      )["services.nodeports"],
    ).toBe("1");
  });

  it("counts claims and storage, also per storage class", () => {
    const claim: KObject = {
      kind: "PersistentVolumeClaim",
      metadata: { name: "data" },
      spec: { storageClassName: "standard", resources: { requests: { storage: "1.5" } } },
    };
    expect(usage(claim)).toEqual({
      "count/persistentvolumeclaims": "1",
      persistentvolumeclaims: "1",
      "requests.storage": "2",
      "standard.storageclass.storage.k8s.io/persistentvolumeclaims": "1",
      "standard.storageclass.storage.k8s.io/requests.storage": "2",
    });
    claim.metadata.annotations = { "volume.beta.kubernetes.io/storage-class": "gold" };
    claim.status = { allocatedResources: { storage: "5Gi" } };
    expect(usage(claim)).toMatchObject({
      "gold.storageclass.storage.k8s.io/requests.storage": "5Gi",
      "requests.storage": "5Gi",
    });
    const none: KObject = { kind: "PersistentVolumeClaim", metadata: { name: "x" }, spec: {} };
    expect(usage(none)).toEqual({ "count/persistentvolumeclaims": "1", persistentvolumeclaims: "1" });
  });

  it("counts other objects under count/<resource> and the legacy names", () => {
    expect(usage({ kind: "ConfigMap", metadata: { name: "c" } })).toEqual({ "count/configmaps": "1", configmaps: "1" });
    expect(usage({ kind: "Secret", metadata: { name: "s" } })).toEqual({ "count/secrets": "1", secrets: "1" });
    expect(usage({ kind: "Deployment", metadata: { name: "d" } })).toEqual({ "count/deployments.apps": "1" });
    expect(usage({ metadata: { name: "w" } }, "widgets.example.com")).toEqual({ "count/widgets.example.com": "1" });
  });

  it("knows which quota names each resource uses", () => {
    const names = ["pods", "requests.cpu", "services", "count/configmaps", "requests.nvidia.com/gpu", "hugepages-1Gi"];
    expect(matchingResources("pods", names)).toEqual([
      "pods",
      "requests.cpu",
      "requests.nvidia.com/gpu",
      "hugepages-1Gi",
    ]);
    expect(matchingResources("services", names)).toEqual(["services"]);
    expect(matchingResources("configmaps", names)).toEqual(["count/configmaps"]);
    expect(
      matchingResources("persistentvolumeclaims", ["gold.storageclass.storage.k8s.io/requests.storage", "pods"]),
    ).toEqual(["gold.storageclass.storage.k8s.io/requests.storage"]);
  });
});

describe("scopes", () => {
  const be = pod("be", [{ name: "a" }]);
  const burst = pod("burst", [{ name: "a", resources: { requests: { cpu: "100m" } } }], {
    activeDeadlineSeconds: 60,
    priorityClassName: "high",
  });

  it("matches Terminating, BestEffort and their negations", () => {
    expect(podMatchesScope({ scopeName: "BestEffort", operator: "Exists" }, be)).toBe(true);
    expect(podMatchesScope({ scopeName: "NotBestEffort", operator: "Exists" }, burst)).toBe(true);
    expect(podMatchesScope({ scopeName: "Terminating", operator: "Exists" }, burst)).toBe(true);
    expect(podMatchesScope({ scopeName: "NotTerminating", operator: "Exists" }, be)).toBe(true);
    expect(podMatchesScope({ scopeName: "Terminating", operator: "Exists" }, be)).toBe(false);
  });

  it("prefers status.qosClass when present", () => {
    const p = structuredClone(be);
    p.status = { qosClass: "Burstable" };
    expect(podMatchesScope({ scopeName: "BestEffort", operator: "Exists" }, p)).toBe(false);
  });

  it("matches PriorityClass selectors", () => {
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "Exists" }, burst)).toBe(true);
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "Exists" }, be)).toBe(false);
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "In", values: ["high", "mid"] }, burst)).toBe(true);
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "In", values: ["low"] }, burst)).toBe(false);
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "NotIn", values: ["high"] }, burst)).toBe(false);
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "NotIn", values: ["high"] }, be)).toBe(true);
    expect(podMatchesScope({ scopeName: "PriorityClass", operator: "DoesNotExist" }, be)).toBe(true);
  });

  it("matches CrossNamespacePodAffinity", () => {
    const p = pod("a", [{ name: "a" }], {
      affinity: {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, podAffinityTerm: { topologyKey: "zone", namespaceSelector: {} } },
          ],
        },
      },
    });
    expect(podMatchesScope({ scopeName: "CrossNamespacePodAffinity", operator: "Exists" }, p)).toBe(true);
    expect(podMatchesScope({ scopeName: "CrossNamespacePodAffinity", operator: "Exists" }, be)).toBe(false);
  });

  it("applies scopes from spec.scopes and spec.scopeSelector; scoped quotas never match other resources", () => {
    const q = quota("be", { pods: "5" }, { pods: "0" }, { scopes: ["BestEffort"] });
    expect(quotaMatches(q, be)).toBe(true);
    expect(quotaMatches(q, burst)).toBe(false);
    const sel = quota(
      "pc",
      { pods: "5", services: "5" },
      { pods: "0", services: "0" },
      {
        scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["high"] }] },
      },
    );
    expect(quotaMatches(sel, burst)).toBe(true);
    expect(quotaMatches(sel, be)).toBe(false);
    expect(quotaMatches(sel, { kind: "Service", metadata: { name: "s" }, spec: {} })).toBe(false);
  });

  it("ignores quotas whose status.hard is not set yet", () => {
    const fresh: KObject = { kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { pods: "1" } } };
    expect(quotaMatches(fresh, be)).toBe(false);
  });
});

describe("admitResourceQuota", () => {
  it("rejects a pod over the count with kube's message", () => {
    const r = admitResourceQuota([quota("dev-quota", { pods: "50" }, { pods: "50" })], {
      object: pod("x", [{ name: "nginx" }]),
      operation: "CREATE",
    });
    expect(r.error?.message).toBe(
      'pods "x" is forbidden: exceeded quota: dev-quota, requested: pods=1, used: pods=50, limited: pods=50',
    );
    expect(r.error?.code).toBe(403);
    expect(r.error?.details).toEqual({ name: "x", kind: "pods" });
    expect(r.changed).toEqual([]);
  });

  it("lists every exceeded resource, sorted, and only those", () => {
    const q = quota(
      "compute",
      { pods: "10", "requests.cpu": "1", "requests.memory": "1Gi" },
      { pods: "2", "requests.cpu": "800m", "requests.memory": "512Mi" },
    );
    const p = pod("x", [{ name: "a", resources: { requests: { cpu: "500m", memory: "1Gi" } } }]);
    expect(admitResourceQuota([q], { object: p, operation: "CREATE" }).error?.message).toBe(
      'pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=500m,requests.memory=1Gi, used: requests.cpu=800m,requests.memory=512Mi, limited: requests.cpu=1,requests.memory=1Gi',
    );
  });

  it("demands explicit cpu/memory when the quota tracks them", () => {
    const q = quota(
      "dev-quota",
      { "requests.cpu": "4", "requests.memory": "4Gi", "limits.cpu": "8", "limits.memory": "8Gi" },
      { "requests.cpu": "0", "requests.memory": "0", "limits.cpu": "0", "limits.memory": "0" },
    );
    const r = admitResourceQuota([q], { object: pod("x", [{ name: "nginx" }]), operation: "CREATE" });
    expect(r.error?.message).toBe(
      'pods "x" is forbidden: failed quota: dev-quota: must specify limits.cpu for: nginx; limits.memory for: nginx; requests.cpu for: nginx; requests.memory for: nginx',
    );
    const two = pod("y", [{ name: "web", resources: { requests: { cpu: "1", memory: "1Gi" } } }, { name: "log" }], {}, [
      { name: "init" },
    ]);
    expect(admitResourceQuota([q], { object: two, operation: "CREATE" }).error?.message).toBe(
      'pods "y" is forbidden: failed quota: dev-quota: must specify limits.cpu for: init,log,web; limits.memory for: init,log,web; requests.cpu for: init,log; requests.memory for: init,log',
    );
  });

  it("treats cpu/memory as requests for the must-specify rule, and ignores other resources", () => {
    const q = quota("q", { cpu: "4", "requests.storage": "1Gi", pods: "10" }, { cpu: "0", pods: "0" });
    const r = admitResourceQuota([q], { object: pod("x", [{ name: "a" }]), operation: "CREATE" });
    expect(r.error?.message).toBe('pods "x" is forbidden: failed quota: q: must specify cpu for: a');
  });

  it("refuses while the quota has no usage for a resource it limits", () => {
    const q = quota("q", { pods: "10", "count/pods": "10" }, { pods: "1" });
    expect(admitResourceQuota([q], { object: pod("x", [{ name: "a" }]), operation: "CREATE" }).error?.message).toBe(
      'pods "x" is forbidden: status unknown for quota: q, resources: count/pods,pods',
    );
  });

  it("charges every matching quota and returns the new usage", () => {
    const a = quota("a", { pods: "10", "requests.cpu": "2" }, { pods: "3", "requests.cpu": "500m" });
    const b = quota("b", { "count/pods": "20", services: "5" }, { "count/pods": "4", services: "1" });
    const c = quota("c", { configmaps: "5" }, { configmaps: "0" });
    const p = pod("x", [{ name: "a", resources: { requests: { cpu: "250m" } } }]);
    const r = admitResourceQuota([a, b, c], { object: p, operation: "CREATE" });
    expect(r.error).toBeUndefined();
    expect(r.changed.map((q) => [q.metadata.name, (q.status as { used: unknown }).used])).toEqual([
      ["a", { pods: "4", "requests.cpu": "750m" }],
      ["b", { "count/pods": "5", services: "1" }],
    ]);
    expect((a.status as { used: unknown }).used).toEqual({ pods: "3", "requests.cpu": "500m" }); // inputs untouched
  });

  it("only charges matching scopes", () => {
    const q = quota("be", { pods: "1" }, { pods: "1" }, { scopes: ["BestEffort"] });
    const burst = pod("x", [{ name: "a", resources: { requests: { cpu: "1" } } }]);
    expect(admitResourceQuota([q], { object: burst, operation: "CREATE" })).toEqual({ changed: [] });
    expect(admitResourceQuota([q], { object: pod("y", [{ name: "a" }]), operation: "CREATE" }).error?.message).toMatch(
      /exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1$/,
    );
  });

  it("does not count pods again on update, nor subresources, nor ignored resources", () => {
    const q = quota("q", { pods: "1" }, { pods: "1" });
    const p = pod("x", [{ name: "a" }]);
    expect(admitResourceQuota([q], { object: p, oldObject: p, operation: "UPDATE" })).toEqual({ changed: [] });
    expect(admitResourceQuota([q], { object: p, operation: "CREATE", subresource: "binding" })).toEqual({
      changed: [],
    });
    const ev = quota("e", { "count/events": "0" }, { "count/events": "0" });
    expect(
      admitResourceQuota([ev], { object: { kind: "Event", metadata: { name: "e" } }, operation: "CREATE" }),
    ).toEqual({
      changed: [],
    });
    expect(admitResourceQuota([], { object: p, operation: "CREATE" })).toEqual({ changed: [] });
  });

  it("charges a service's change of type on update", () => {
    const q = quota("svc", { "services.nodeports": "1", services: "10" }, { "services.nodeports": "1", services: "3" });
    const old: KObject = {
      kind: "Service",
      metadata: { name: "web", resourceVersion: "5" },
      spec: { type: "ClusterIP", ports: [{ port: 80 }] },
    };
    const next: KObject = {
      kind: "Service",
      metadata: { name: "web" },
      spec: { type: "NodePort", ports: [{ port: 80 }] },
    };
    expect(admitResourceQuota([q], { object: next, oldObject: old, operation: "UPDATE" }).error?.message).toBe(
      'services "web" is forbidden: exceeded quota: svc, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1',
    );
    // The same update within limits charges only the node port, not another service.
    const roomy = quota(
      "svc",
      { "services.nodeports": "5", services: "10" },
      { "services.nodeports": "1", services: "3" },
    );
    const r = admitResourceQuota([roomy], { object: next, oldObject: old, operation: "UPDATE" });
    expect((r.changed[0].status as { used: unknown }).used).toEqual({ "services.nodeports": "2", services: "3" });
    // Going back to ClusterIP frees nothing at admission (the controller recounts).
    expect(admitResourceQuota([roomy], { object: old, oldObject: next, operation: "UPDATE" })).toEqual({ changed: [] });
  });

  it("counts generic objects on create only and names them with their group", () => {
    const q = quota(
      "objs",
      { "count/deployments.apps": "2", configmaps: "1" },
      { "count/deployments.apps": "2", configmaps: "0" },
    );
    const d: KObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } };
    expect(admitResourceQuota([q], { object: d, operation: "CREATE" }).error?.message).toBe(
      'deployments.apps "web" is forbidden: exceeded quota: objs, requested: count/deployments.apps=1, used: count/deployments.apps=2, limited: count/deployments.apps=2',
    );
    expect(admitResourceQuota([q], { object: d, oldObject: d, operation: "UPDATE" })).toEqual({ changed: [] });
    const cm: KObject = { kind: "ConfigMap", metadata: { name: "c" } };
    expect(admitResourceQuota([q], { object: cm, operation: "CREATE" }).changed.length).toBe(1);
  });

  it("charges a PVC's storage growth on update", () => {
    const q = quota("st", { "requests.storage": "10Gi" }, { "requests.storage": "8Gi" });
    const mk = (s: string): KObject => ({
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", resourceVersion: "1" },
      spec: { resources: { requests: { storage: s } } },
    });
    expect(
      admitResourceQuota([q], { object: mk("5Gi"), oldObject: mk("4Gi"), operation: "UPDATE" }).changed.length,
    ).toBe(1);
    expect(
      admitResourceQuota([q], { object: mk("8Gi"), oldObject: mk("4Gi"), operation: "UPDATE" }).error?.message,
    ).toBe(
      'persistentvolumeclaims "data" is forbidden: exceeded quota: st, requested: requests.storage=4Gi, used: requests.storage=8Gi, limited: requests.storage=10Gi',
    );
  });
});

describe("checkQuota", () => {
  it("charges a precomputed delta against quotas in order", () => {
    const a = quota("a", { pods: "5" }, { pods: "1" });
    const b = quota("b", { pods: "2" }, { pods: "2" });
    const delta = { pods: Quantity.fromInt(1) };
    expect(checkQuota([a, b], delta, { resource: "pods", name: "x" }).error?.message).toBe(
      'pods "x" is forbidden: exceeded quota: b, requested: pods=1, used: pods=2, limited: pods=2',
    );
    const r = checkQuota([a], delta, { resource: "Pod", name: "x" });
    expect((r.changed[0].status as { used: unknown }).used).toEqual({ pods: "2" });
  });

  it("omits a used value the quota does not have yet", () => {
    const q = quota("q", { "requests.cpu": "1" }, {});
    expect(
      checkQuota([q], { "requests.cpu": Quantity.parse("2") }, { resource: "pods", name: "x" }).error?.message,
    ).toBe('pods "x" is forbidden: exceeded quota: q, requested: requests.cpu=2, used: , limited: requests.cpu=1');
  });
});

describe("recomputeQuotaStatus", () => {
  const objects = {
    pods: [
      pod("a", [
        {
          name: "a",
          resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
        },
      ]),
      pod("b", [{ name: "b" }]),
      Object.assign(pod("done", [{ name: "c", resources: { requests: { cpu: "1" } } }]), {
        status: { phase: "Failed" },
      }),
    ],
    services: [
      { kind: "Service", metadata: { name: "s1" }, spec: { type: "NodePort", ports: [{ port: 80 }, { port: 81 }] } },
      { kind: "Service", metadata: { name: "s2" }, spec: { type: "ClusterIP", ports: [{ port: 80 }] } },
    ],
    configmaps: [{ kind: "ConfigMap", metadata: { name: "kube-root-ca.crt" } }],
    "deployments.apps": [
      { kind: "Deployment", metadata: { name: "d1" } },
      { kind: "Deployment", metadata: { name: "d2" } },
    ],
  } satisfies Record<string, KObject[]>;

  it("computes used for every tracked hard resource", () => {
    const q = quota("all", {
      pods: "10",
      "count/pods": "20",
      "requests.cpu": "4",
      "requests.memory": "8Gi",
      "limits.cpu": "8",
      "limits.memory": "16Gi",
      services: "5",
      "services.nodeports": "4",
      "services.loadbalancers": "1",
      configmaps: "10",
      secrets: "10",
      "count/deployments.apps": "5",
      "count/jobs.batch": "5",
      persistentvolumeclaims: "3",
      "requests.storage": "100Gi",
    });
    delete q.status;
    expect(recomputeQuotaStatus(q, objects)).toEqual({
      hard: {
        configmaps: "10",
        "count/deployments.apps": "5",
        "count/jobs.batch": "5",
        "count/pods": "20",
        "limits.cpu": "8",
        "limits.memory": "16Gi",
        persistentvolumeclaims: "3",
        pods: "10",
        "requests.cpu": "4",
        "requests.memory": "8Gi",
        "requests.storage": "100Gi",
        secrets: "10",
        services: "5",
        "services.loadbalancers": "1",
        "services.nodeports": "4",
      },
      used: {
        configmaps: "1",
        "count/deployments.apps": "2",
        "count/jobs.batch": "0",
        "count/pods": "3",
        "limits.cpu": "500m",
        "limits.memory": "128Mi",
        persistentvolumeclaims: "0",
        pods: "2",
        "requests.cpu": "250m",
        "requests.memory": "64Mi",
        "requests.storage": "0",
        secrets: "0",
        services: "2",
        "services.loadbalancers": "0",
        "services.nodeports": "2",
      },
    });
  });

  it("counts only pods matching the quota's scopes, and nothing else under a scope", () => {
    const q = quota("be", { pods: "5", services: "5" }, undefined, { scopes: ["BestEffort"] });
    expect(recomputeQuotaStatus(q, objects).used).toEqual({ pods: "1", services: "0" });
  });

  it("keeps earlier usage for names no evaluator tracks and drops names no longer hard", () => {
    const q = quota(
      "q",
      { "example.com/widgets": "3", pods: "5" },
      { "example.com/widgets": "2", pods: "9", services: "1" },
    );
    expect(recomputeQuotaStatus(q, objects).used).toEqual({ "example.com/widgets": "2", pods: "2" });
  });

  it("accepts Kind keys for objects", () => {
    const q = quota("q", { "count/deployments.apps": "5" });
    expect(recomputeQuotaStatus(q, { Deployment: objects["deployments.apps"] }).used).toEqual({
      "count/deployments.apps": "2",
    });
  });
});

describe("with LimitRanger in front", () => {
  it("a pod defaulted by a LimitRange satisfies the must-specify rule and is charged the defaults", () => {
    const lr: KObject = {
      kind: "LimitRange",
      metadata: { name: "defaults" },
      spec: {
        limits: [
          {
            type: "Container",
            default: { cpu: "500m", memory: "512Mi" },
            defaultRequest: { cpu: "100m", memory: "256Mi" },
          },
        ],
      },
    };
    const q = quota(
      "dev-quota",
      { "requests.cpu": "1", "requests.memory": "1Gi", "limits.cpu": "2", "limits.memory": "2Gi" },
      { "requests.cpu": "0", "requests.memory": "0", "limits.cpu": "0", "limits.memory": "0" },
    );
    const p = pod("x", [{ name: "nginx" }]);
    applyLimitRangeDefaults(p, [lr]);
    const r = admitResourceQuota([q], { object: p, operation: "CREATE" });
    expect(r.error).toBeUndefined();
    expect((r.changed[0].status as { used: unknown }).used).toEqual({
      "limits.cpu": "500m",
      "limits.memory": "512Mi",
      "requests.cpu": "100m",
      "requests.memory": "256Mi",
    });
  });
});
