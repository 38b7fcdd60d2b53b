/** One resource served in two versions or groups, stored once: autoscaling/v1 ⇄ v2, events.k8s.io ⇄ core. */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { kube, TOKEN } from "./helpers";

describe("HorizontalPodAutoscaler in autoscaling/v1 and v2", () => {
  it("creates through v1 and reads the same object through v2, and back", async () => {
    const v1 = await kube("POST", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", {
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        minReplicas: 2,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 70,
      },
    });
    expect(v1.status).toBe(201);
    expect(v1.body.apiVersion).toBe("autoscaling/v1");
    expect(v1.body.spec.targetCPUUtilizationPercentage).toBe(70);
    const v2 = await kube("GET", "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");
    expect(v2.body.apiVersion).toBe("autoscaling/v2");
    expect(v2.body.spec.metrics).toEqual([
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
    ]);
    // A v2-only metric survives a v1 read-modify-write.
    await kube(
      "PATCH",
      "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web",
      {
        spec: {
          metrics: [
            ...v2.body.spec.metrics,
            { type: "Resource", resource: { name: "memory", target: { type: "AverageValue", averageValue: "500Mi" } } },
          ],
        },
      },
      { "Content-Type": "application/merge-patch+json" },
    );
    const again = await kube("GET", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web");
    const put = await kube("PUT", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web", {
      ...again.body,
      spec: { ...again.body.spec, maxReplicas: 8 },
    });
    expect(put.status).toBe(200);
    const final = await kube("GET", "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");
    expect(final.body.spec.maxReplicas).toBe(8);
    expect(final.body.spec.metrics.map((m: any) => m.resource.name)).toEqual(["cpu", "memory"]);
  });
});

describe("Events in core/v1 and events.k8s.io/v1", () => {
  it("stores one object visible in both groups", async () => {
    const created = await kube("POST", "/apis/events.k8s.io/v1/namespaces/default/events", {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "web.1" },
      eventTime: "2026-11-28T04:00:00.000000Z",
      reportingController: "example.com/controller",
      reportingInstance: "controller-1",
      action: "Scaling",
      reason: "ScaledUp",
      regarding: { kind: "Deployment", namespace: "default", name: "web", apiVersion: "apps/v1" },
      note: "scaled up to 3",
      type: "Normal",
    });
    expect(created.status).toBe(201);
    const core = await kube("GET", "/api/v1/namespaces/default/events/web.1");
    expect(core.body).toMatchObject({
      apiVersion: "v1",
      message: "scaled up to 3",
      reason: "ScaledUp",
      involvedObject: { kind: "Deployment", name: "web" },
      reportingComponent: "example.com/controller",
    });
    const list = await kube("GET", "/apis/events.k8s.io/v1/namespaces/default/events");
    expect(list.body.items.find((e: any) => e.metadata.name === "web.1").note).toBe("scaled up to 3");
    const table = await SELF.fetch("https://edgeplane.test/clusters/demo/api/v1/namespaces/default/events", {
      headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json;as=Table;v=v1;g=meta.k8s.io" },
    });
    const rows = ((await table.json()) as any).rows;
    expect(rows.some((r: any) => r.cells.includes("scaled up to 3"))).toBe(true);
  });
});
