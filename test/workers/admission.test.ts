/** Admission that reads the cluster: service allocation, LimitRanger, ResourceQuota, PriorityClass. */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, kube } from "./helpers";

const SVC = "/api/v1/namespaces/default/services";
const svc = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { ports: [{ port: 80 }], selector: { app: name }, ...spec },
});
const pod = (name: string, resources?: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "nginx", ...(resources ? { resources } : {}) }] },
});

async function settle(): Promise<void> {
  const stub = await clusterStub();
  for (let i = 0; i < 5 && (await runDurableObjectAlarm(stub)); i++);
}

describe("service allocation", () => {
  it("allocates cluster IPs, node ports and load balancer addresses, and rejects taken ones", async () => {
    const a = (await kube("POST", SVC, svc("a", {}))).body;
    expect(a.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(a.spec.clusterIPs).toEqual([a.spec.clusterIP]);
    const np = (await kube("POST", SVC, svc("np", { type: "NodePort" }))).body;
    expect(np.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(np.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    const lb = (await kube("POST", SVC, svc("lb", { type: "LoadBalancer" }))).body;
    expect(lb.status.loadBalancer.ingress[0].ip).toMatch(/^172\.18\.255\.\d+$/);
    const headless = (await kube("POST", SVC, svc("headless", { clusterIP: "None" }))).body;
    expect(headless.spec.clusterIP).toBe("None");

    const taken = await kube("POST", SVC, svc("taken", { clusterIP: a.spec.clusterIP }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toContain("provided IP is already allocated");
    const outside = await kube("POST", SVC, svc("outside", { clusterIP: "10.0.0.5" }));
    expect(outside.status).toBe(422);
    expect(outside.body.message).toContain("The range of valid IPs is 10.96.0.0/12");
    const dupPort = await kube(
      "POST",
      SVC,
      svc("dupport", { type: "NodePort", ports: [{ port: 80, nodePort: np.spec.ports[0].nodePort }] }),
    );
    expect(dupPort.status).toBe(422);
    expect(dupPort.body.message).toContain("provided port is already allocated");

    // Deleting a Service frees its IP for a new request.
    await kube("DELETE", `${SVC}/a`);
    const again = await kube("POST", SVC, svc("again", { clusterIP: a.spec.clusterIP }));
    expect(again.status).toBe(201);
  });
});

describe("LimitRange and ResourceQuota", () => {
  it("injects defaults, enforces min/max and counts usage against the quota", async () => {
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "limited" } });
    await kube("POST", "/api/v1/namespaces/limited/limitranges", {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: { name: "lr" },
      spec: {
        limits: [
          {
            type: "Container",
            max: { cpu: "2", memory: "4Gi" },
            min: { cpu: "100m", memory: "128Mi" },
            default: { cpu: "500m", memory: "512Mi" },
            defaultRequest: { cpu: "250m", memory: "256Mi" },
          },
        ],
      },
    });
    await kube("POST", "/api/v1/namespaces/limited/resourcequotas", {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "dev-quota" },
      spec: { hard: { pods: "2", "requests.cpu": "1" } },
    });
    await settle();
    const p1 = await kube("POST", "/api/v1/namespaces/limited/pods", pod("p1"));
    expect(p1.status).toBe(201);
    expect(p1.body.spec.containers[0].resources).toEqual({
      limits: { cpu: "500m", memory: "512Mi" },
      requests: { cpu: "250m", memory: "256Mi" },
    });
    expect(p1.body.metadata.annotations["kubernetes.io/limit-ranger"]).toContain("LimitRanger plugin set");
    expect(p1.body.status.qosClass).toBe("Burstable");

    const tooBig = await kube("POST", "/api/v1/namespaces/limited/pods", pod("big", { limits: { cpu: "3" } }));
    expect(tooBig.status).toBe(403);
    expect(tooBig.body.message).toContain("maximum cpu usage per Container is 2, but limit is 3");

    await kube("POST", "/api/v1/namespaces/limited/pods", pod("p2"));
    const third = await kube("POST", "/api/v1/namespaces/limited/pods", pod("p3"));
    expect(third.status).toBe(403);
    expect(third.body.message).toBe(
      'pods "p3" is forbidden: exceeded quota: dev-quota, requested: pods=1, used: pods=2, limited: pods=2',
    );
    await settle();
    const quota = await kube("GET", "/api/v1/namespaces/limited/resourcequotas/dev-quota");
    expect(quota.body.status.used).toEqual({ pods: "2", "requests.cpu": "500m" });
  });
});

describe("priority", () => {
  it("resolves priorityClassName into spec.priority and refuses unknown classes", async () => {
    await kube("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: "high" },
      value: 1000,
    });
    const p = pod("prio");
    (p.spec as Record<string, unknown>).priorityClassName = "high";
    const res = await kube("POST", "/api/v1/namespaces/default/pods", p);
    expect(res.body.spec.priority).toBe(1000);
    (p.spec as Record<string, unknown>).priorityClassName = "nope";
    p.metadata.name = "prio2";
    const bad = await kube("POST", "/api/v1/namespaces/default/pods", p);
    expect(bad.status).toBe(403);
    expect(bad.body.message).toContain("no PriorityClass with name nope was found");
  });
});
