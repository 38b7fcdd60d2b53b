import { describe, expect, it } from "vitest";
import { parseGoDuration } from "../../../src/kube/duration";
import { ClusterClock } from "../../../src/reconcile/clock";
import { createTestCluster } from "../harness/memory-cluster";

describe("ClusterClock", () => {
  it("virtual time stands still until moved, and never goes back", () => {
    let wall = 1000;
    const saved: unknown[] = [];
    const c = new ClusterClock(
      { mode: "virtual", offsetMs: 0, virtualMs: 5000 },
      (s) => saved.push(s),
      () => wall,
    );
    wall = 9000;
    expect(c.now()).toBe(5000);
    c.set(7000);
    expect(c.now()).toBe(7000);
    c.set(6000);
    expect(c.now()).toBe(7000);
    expect(saved).toHaveLength(1);
    expect(c.wallTimeFor(7000)).toBe(9000);
    expect(c.wallTimeFor(8000)).toBeUndefined();
  });

  it("real time flows from an offset that advancing adds to", () => {
    let wall = 1000;
    const c = new ClusterClock(
      undefined,
      () => {},
      () => wall,
    );
    expect(c.now()).toBe(1000);
    c.set(61_000);
    wall = 2000;
    expect(c.now()).toBe(62_000);
    expect(c.wallTimeFor(70_000)).toBe(10_000);
    c.setMode("virtual");
    wall = 50_000;
    expect(c.now()).toBe(62_000);
    c.setMode("real");
    expect(c.now()).toBe(62_000);
  });
});

describe("parseGoDuration", () => {
  it.each([
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["90s", 90_000],
    ["0", 0],
  ])("%s", (s, ms) => expect(parseGoDuration(s)).toBe(ms));
  it.each(["", "10", "-5s", "1d", "5m ", "m"])("rejects %j", (s) => {
    if (s === "5m ") expect(parseGoDuration(s)).toBe(300_000);
    else expect(parseGoDuration(s)).toBeUndefined();
  });
});

describe("engine.advanceTo", () => {
  it("runs work in time order, stopping the clock at each due time", async () => {
    const cluster = createTestCluster({ seed: false, controllers: [] });
    const seen: [string, number][] = [];
    cluster.engine.register({
      name: "probe",
      keysFor: () => [],
      reconcile(key) {
        seen.push([key, cluster.now()]);
        if (key === "a" && seen.filter(([k]) => k === "a").length < 3) return { requeueAfterMs: 10_000 };
        return undefined;
      },
    });
    const t0 = cluster.now();
    cluster.engine.enqueue("probe", "a", t0 + 5000);
    cluster.engine.enqueue("probe", "b", t0 + 12_000);
    await cluster.advance(60_000);
    expect(seen).toEqual([
      ["a", t0 + 5000],
      ["b", t0 + 12_000],
      ["a", t0 + 15_000],
      ["a", t0 + 25_000],
    ]);
    expect(cluster.now()).toBe(t0 + 60_000);
  });

  it("a failing reconcile backs off without stopping the others", async () => {
    const cluster = createTestCluster({ seed: false, controllers: [] });
    let fails = 0;
    let ok = 0;
    cluster.engine.register({
      name: "bad",
      keysFor: () => [],
      reconcile() {
        fails++;
        throw new Error("boom");
      },
    });
    cluster.engine.register({ name: "good", keysFor: () => [], reconcile: () => void ok++ });
    cluster.engine.enqueue("bad", "x");
    cluster.engine.enqueue("good", "y");
    await cluster.advance(1000);
    expect(ok).toBe(1);
    // 5 ms doubling: 5+10+20+40+80+160+320 = 635 < 1000 < 1275, so 8 attempts within a second.
    expect(fails).toBe(8);
  });
});

describe("test cluster", () => {
  it("seeds a kind-like cluster and finishes graceful pod deletion when time passes", async () => {
    const cluster = createTestCluster();
    expect(cluster.list("nodes").map((n) => n.metadata.name)).toEqual([
      "test-control-plane",
      "test-worker",
      "test-worker2",
    ]);
    const pod = cluster.list("pods", "kube-system")[0];
    cluster.delete("pods", "kube-system", pod.metadata.name as string);
    expect(cluster.get("pods", "kube-system", pod.metadata.name as string)?.metadata.deletionTimestamp).toBeTruthy();
    await cluster.advance(30_000);
    expect(cluster.get("pods", "kube-system", pod.metadata.name as string)).toBeUndefined();
  });
});
