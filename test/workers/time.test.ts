/**
 * The cluster clock API: GET/PUT /clusters/<c>/time and POST /clusters/<c>/time:advance. In virtual mode
 * nothing timed happens until time is advanced; advancing runs what fell due, before the response.
 */
import { runDurableObjectAlarm, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterClient, clusterStub, TOKEN } from "./helpers";

const CLUSTER = "clock-test";
const stub = () => clusterStub(CLUSTER);

const call = clusterClient(CLUSTER);

beforeAll(async () => {
  await clusterStub(CLUSTER);
});

describe("cluster clock", () => {
  it("starts in real time", async () => {
    const before = Date.now();
    const r = await call("GET", "/time");
    expect(r.status).toBe(200);
    expect(r.body.mode).toBe("real");
    expect(r.body.nowMs).toBeGreaterThanOrEqual(before - 1000);
  });

  it("freezes in virtual mode and runs what falls due only when advanced", async () => {
    const put = await call("PUT", "/time", { mode: "virtual" });
    expect(put.status).toBe(200);
    expect(put.body.mode).toBe("virtual");
    const frozen = put.body.nowMs;
    // A running `sleep` ignores SIGTERM: deleting its pod waits out the 30 s grace period.
    const created = await call("POST", "/api/v1/namespaces/default/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "sleeper" },
      spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }] },
    });
    expect(created.status).toBe(201);
    await runDurableObjectAlarm(await stub());
    // Scheduled now, but with time frozen its image is still being pulled.
    const pending = (await call("GET", "/api/v1/namespaces/default/pods/sleeper")).body;
    expect(pending.spec.nodeName).toBeTruthy();
    expect(pending.status.phase).toBe("Pending");
    expect((await call("GET", "/time")).body.nowMs).toBe(frozen);
    await call("POST", "/time:advance?by=10s");
    expect((await call("GET", "/api/v1/namespaces/default/pods/sleeper")).body.status.phase).toBe("Running");

    const del = await call("DELETE", "/api/v1/namespaces/default/pods/sleeper");
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    await runDurableObjectAlarm(await stub());
    expect((await call("GET", "/api/v1/namespaces/default/pods/sleeper")).status).toBe(200);

    const adv = await call("POST", "/time:advance?by=1m");
    expect(adv.status).toBe(200);
    expect(adv.body.nowMs).toBe(frozen + 70_000);
    expect(adv.body.reconciled).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/namespaces/default/pods/sleeper")).status).toBe(404);
  });

  it("accepts a JSON body and stamps new objects with cluster time", async () => {
    const t = (await call("GET", "/time")).body.nowMs;
    const adv = await call("POST", "/time:advance", { seconds: 3600 });
    expect(adv.body.nowMs).toBe(t + 3_600_000);
    const cm = await call("POST", "/api/v1/namespaces/default/configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "stamped" },
    });
    expect(Date.parse(cm.body.metadata.creationTimestamp)).toBe(Math.floor((t + 3_600_000) / 1000) * 1000);
  });

  it("answers bad input with a Kubernetes Status", async () => {
    for (const [method, path, body, fragment] of [
      ["POST", "/time:advance?by=ten", undefined, "invalid duration"],
      ["POST", "/time:advance", undefined, "say how far"],
      ["POST", "/time:advance?by=9000h", undefined, "at most"],
      ["PUT", "/time", { mode: "fast" }, "mode must be"],
      ["PUT", "/time", [1], "JSON object"],
    ] as const) {
      const r = await call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.body.kind).toBe("Status");
      expect(r.body.message).toContain(fragment);
    }
    expect((await call("DELETE", "/time")).status).toBe(405);
  });

  it("goes back to real time from where virtual time stood", async () => {
    const t = (await call("GET", "/time")).body.nowMs;
    const r = await call("PUT", "/time", { mode: "real" });
    expect(r.body.mode).toBe("real");
    expect(r.body.nowMs).toBeGreaterThanOrEqual(t);
  });
});

describe("cluster clock at the server root", () => {
  it("reaches the demo cluster, as kubectl create --raw does", async () => {
    const res = await SELF.fetch("https://edgeplane.test/time", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).mode).toBe("real");
    const anon = await SELF.fetch("https://edgeplane.test/time:advance?by=1s", { method: "POST" });
    expect(anon.status).toBe(401);
  });
});
