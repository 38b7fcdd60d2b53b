/**
 * The controllers inside the Durable Object, driven by its alarm and the clock API: a Deployment on a
 * virtual-time cluster gets its ReplicaSet and scheduled pods from the alarm alone, and becomes available
 * only once time is advanced past the image pulls.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, clusterStub } from "./helpers";

const CLUSTER = "alive-test";
const stub = () => clusterStub(CLUSTER);

const call = clusterClient(CLUSTER);

async function drainAlarms(): Promise<void> {
  for (let i = 0; i < 20; i++) if (!(await runDurableObjectAlarm(await stub()))) return;
}

beforeAll(async () => {
  await clusterStub(CLUSTER);
  expect((await call("PUT", "/time", { mode: "virtual" })).status).toBe(200);
});

describe("controllers through the alarm", () => {
  it("rolls a Deployment out when time advances, and leaves nothing queued once its events expire", async () => {
    const created = await call("POST", "/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
        },
      },
    });
    expect(created.status).toBe(201);
    await drainAlarms();
    const rs = await call("GET", "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb");
    expect(rs.body.items).toHaveLength(1);
    let pods = (await call("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb")).body.items;
    expect(pods).toHaveLength(2);
    // Scheduled at once, but the clock has not moved: no pull has finished.
    for (const p of pods) {
      expect(p.spec.nodeName).toMatch(/^alive-test-worker2?$/);
      expect(p.status.phase).toBe("Pending");
    }
    const adv = await call("POST", "/time:advance?by=30s");
    expect(adv.status).toBe(200);
    pods = (await call("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb")).body.items;
    expect(pods.map((p: any) => p.status.phase)).toEqual(["Running", "Running"]);
    const d = (await call("GET", "/apis/apps/v1/namespaces/default/deployments/web")).body;
    expect(d.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    // Settled: what stays queued is the events' expiry an hour on; after that, nothing.
    await call("POST", "/time:advance?by=61m");
    expect(await (await stub()).queuedWork()).toBe(0);
  });
});
