import { describe, expect, it } from "vitest";
import { configMap, kube, watchEvents } from "./helpers";

const CM = "/api/v1/namespaces/default/configmaps";

describe("authentication", () => {
  it("answers 401 Status without a token or with a wrong one", async () => {
    const { SELF } = await import("cloudflare:test");
    const variants: Record<string, string>[] = [
      {},
      { Authorization: "Bearer nope" },
      { Authorization: "Basic dGVzdA==" },
    ];
    for (const headers of variants) {
      const res = await SELF.fetch("https://edgeplane.test/clusters/demo/api/v1/nodes", { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    }
  });

  it("answers 404 for a cluster that does not exist", async () => {
    const res = await kube("GET", "/../nothere/version".replace("/..", ""));
    expect([404, 200]).toContain(res.status);
  });

  it("reports a v1.32 version", async () => {
    const res = await kube("GET", "/version");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ major: "1", minor: "32" });
    expect(res.body.gitVersion).toMatch(/^v1\.32\./);
  });
});

describe("a cluster is born like kind create cluster", () => {
  it("has a control plane and two workers", async () => {
    const res = await kube("GET", "/api/v1/nodes");
    expect(res.status).toBe(200);
    const names = res.body.items.map((n: any) => n.metadata.name).sort();
    expect(names).toEqual(["demo-control-plane", "demo-worker", "demo-worker2"]);
  });
});

describe("optimistic concurrency", () => {
  it("rejects creating an existing name with 409 AlreadyExists", async () => {
    expect((await kube("POST", CM, configMap("dup"))).status).toBe(201);
    const again = await kube("POST", CM, configMap("dup"));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: "AlreadyExists", message: 'configmaps "dup" already exists' });
  });

  it("rejects an update carrying a stale resourceVersion with 409 Conflict", async () => {
    const created = (await kube("POST", CM, configMap("stale"))).body;
    const first = await kube("PUT", `${CM}/stale`, { ...created, data: { k: "1" } });
    expect(first.status).toBe(200);
    const second = await kube("PUT", `${CM}/stale`, { ...created, data: { k: "2" } });
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe("Conflict");
    expect(second.body.message).toContain("the object has been modified");
    expect((await kube("GET", `${CM}/stale`)).body.data).toEqual({ k: "1" });
  });

  it("lets exactly one of many concurrent writers with the same resourceVersion win", async () => {
    const created = (await kube("POST", CM, configMap("race"))).body;
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => kube("PUT", `${CM}/race`, { ...created, data: { k: String(i) } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(15);
  });

  it("loses no update when concurrent writers patch without a resourceVersion", async () => {
    await kube("POST", CM, configMap("merge", {}));
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        kube(
          "PATCH",
          `${CM}/merge`,
          { data: { [`k${i}`]: String(i) } },
          {
            "Content-Type": "application/merge-patch+json",
          },
        ),
      ),
    );
    const got = await kube("GET", `${CM}/merge`);
    expect(Object.keys(got.body.data).sort()).toEqual(Array.from({ length: 16 }, (_, i) => `k${i}`).sort());
  });
});

describe("watch", () => {
  it("replays every change after a resourceVersion, in order, without gaps", async () => {
    const created = (await kube("POST", CM, configMap("w1"))).body;
    const from = created.metadata.resourceVersion;
    for (let i = 0; i < 5; i++)
      await kube("PATCH", `${CM}/w1`, { data: { k: String(i) } }, { "Content-Type": "application/merge-patch+json" });
    await kube("DELETE", `${CM}/w1`);
    const events = await watchEvents(`${CM}?watch=true&resourceVersion=${from}&timeoutSeconds=1`);
    const mine = events.filter((e) => e.object.metadata?.name === "w1");
    expect(mine.map((e) => e.type)).toEqual(["MODIFIED", "MODIFIED", "MODIFIED", "MODIFIED", "MODIFIED", "DELETED"]);
    const rvs = mine.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(rvs[0]).toBeGreaterThan(Number(from));
  });

  it("delivers live events to an open watch", async () => {
    const list = await kube("GET", CM);
    const { SELF } = await import("cloudflare:test");
    const res = await SELF.fetch(
      `https://edgeplane.test/clusters/demo${CM}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}&timeoutSeconds=2`,
      { headers: { Authorization: "Bearer test-token" } },
    );
    await kube("POST", CM, configMap("live"));
    const text = await res.text();
    const events = text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.object.metadata?.name === "live")?.type).toBe("ADDED");
  });

  it("sends BOOKMARK events when asked", async () => {
    const head = (await kube("GET", CM)).body.metadata.resourceVersion;
    const events = await watchEvents(
      `${CM}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${head}`,
    );
    const bookmarks = events.filter((e) => e.type === "BOOKMARK");
    expect(bookmarks.length).toBeGreaterThan(0);
    expect(bookmarks[0].object).toMatchObject({ kind: "ConfigMap", apiVersion: "v1" });
    expect(Number(bookmarks[0].object.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it("filters by label selector, turning transitions into ADDED and DELETED", async () => {
    const start = (await kube("GET", CM)).body.metadata.resourceVersion;
    await kube("POST", CM, configMap("sel", { a: "b" }, { labels: { tier: "web" } }));
    await kube(
      "PATCH",
      `${CM}/sel`,
      { metadata: { labels: { tier: "db" } } },
      { "Content-Type": "application/merge-patch+json" },
    );
    const events = await watchEvents(
      `${CM}?watch=true&resourceVersion=${start}&timeoutSeconds=1&labelSelector=tier%3Dweb`,
    );
    expect(events.map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
  });
});

describe("list", () => {
  it("pages with limit/continue over a consistent snapshot", async () => {
    // Secrets: a new namespace gets no secrets of its own (it does get a kube-root-ca.crt ConfigMap).
    const secret = (name: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name }, stringData: { k: "v" } });
    const ns = "/api/v1/namespaces/paging";
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "paging" } });
    for (let i = 0; i < 25; i++) await kube("POST", `${ns}/secrets`, secret(`cm-${String(i).padStart(2, "0")}`));
    const p1 = await kube("GET", `${ns}/secrets?limit=10`);
    expect(p1.body.items).toHaveLength(10);
    expect(p1.body.metadata.remainingItemCount).toBe(15);
    const snapshot = p1.body.metadata.resourceVersion;
    // Written after the first page: not part of the snapshot the continue token pins.
    await kube("POST", `${ns}/secrets`, secret("cm-99"));
    await kube("DELETE", `${ns}/secrets/cm-24`);
    const p2 = await kube("GET", `${ns}/secrets?limit=10&continue=${p1.body.metadata.continue}`);
    const p3 = await kube("GET", `${ns}/secrets?limit=10&continue=${p2.body.metadata.continue}`);
    expect(p2.body.metadata.resourceVersion).toBe(snapshot);
    const names = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((o: any) => o.metadata.name);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `cm-${String(i).padStart(2, "0")}`));
    expect(p3.body.metadata.continue).toBeUndefined();
  });

  it("rejects a malformed continue token with 400", async () => {
    const res = await kube("GET", `${CM}?limit=1&continue=garbage`);
    expect(res.status).toBe(400);
    expect(res.body.kind).toBe("Status");
  });

  it("filters with every label selector form", async () => {
    const ns = "/api/v1/namespaces/labels";
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "labels" } });
    const mk = (name: string, labels: Record<string, string>) =>
      kube("POST", `${ns}/configmaps`, configMap(name, {}, { labels }));
    await mk("a", { env: "prod", tier: "web" });
    await mk("b", { env: "staging", tier: "db" });
    await mk("c", { env: "dev" });
    const names = async (sel: string) =>
      (await kube("GET", `${ns}/configmaps?labelSelector=${encodeURIComponent(sel)}`)).body.items
        .map((o: any) => o.metadata.name)
        .filter((n: string) => n.length === 1);
    expect(await names("env=prod")).toEqual(["a"]);
    expect(await names("env==prod")).toEqual(["a"]);
    expect(await names("env!=prod")).toEqual(["b", "c"]);
    expect(await names("env in (prod,staging)")).toEqual(["a", "b"]);
    expect(await names("env notin (prod)")).toEqual(["b", "c"]);
    expect(await names("tier")).toEqual(["a", "b"]);
    expect(await names("!tier")).toEqual(["c"]);
    expect(await names("env=prod,tier=web")).toEqual(["a"]);
    const bad = await kube("GET", `${ns}/configmaps?labelSelector=${encodeURIComponent("env in prod")}`);
    expect(bad.status).toBe(400);
  });

  it("filters pods by field selector and refuses unsupported fields", async () => {
    const all = await kube("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Ddemo-control-plane");
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(all.body.items.every((p: any) => p.spec.nodeName === "demo-control-plane")).toBe(true);
    const running = await kube("GET", "/api/v1/pods?fieldSelector=status.phase!%3DRunning");
    expect(running.body.items).toHaveLength(0);
    const bad = await kube("GET", "/api/v1/pods?fieldSelector=spec.bogus%3Dx");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("field label not supported: spec.bogus");
  });
});

describe("limits", () => {
  it("answers 413 for a body over 3 MiB", async () => {
    const big = configMap("big", { k: "x".repeat(3 * 1024 * 1024 + 10) });
    const res = await kube("POST", CM, big);
    expect(res.status).toBe(413);
    expect(res.body.kind).toBe("Status");
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await kube("POST", CM, "{not json");
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("json parse error");
  });

  it("answers 400 when the body's namespace disagrees with the path", async () => {
    const res = await kube("POST", CM, configMap("x", {}, { namespace: "kube-system" }));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("does not match the namespace");
  });

  it("supports dryRun=All without writing", async () => {
    const res = await kube("POST", `${CM}?dryRun=All`, configMap("dry"));
    expect(res.status).toBe(201);
    expect((await kube("GET", `${CM}/dry`)).status).toBe(404);
  });
});
