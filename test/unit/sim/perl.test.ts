import { describe, expect, it } from "vitest";
import { piDigits } from "../../../src/sim/perl";
import { runContainer } from "../../../src/sim/run-container";

const T = Date.parse("2026-01-01T00:00:00Z");

describe("the perl image", () => {
  it("knows π", () => {
    expect(piDigits(10)).toBe("3.141592654");
    expect(piDigits(50)).toBe("3.1415926535897932384626433832795028841971693993751");
    const d = piDigits(2000);
    expect(d).toHaveLength(2001);
    // The famous Feynman point: six 9s starting at decimal 762.
    expect(d.slice(2 + 761, 2 + 767)).toBe("999999");
  });

  it("runs the tutorial's pi Job: prints 2000 digits and exits 0 after a few seconds", () => {
    const run = runContainer({
      image: "perl",
      command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
      env: {},
      startedAtMs: T,
      hostname: "pi-abcde",
      podName: "pi-abcde",
      namespace: "default",
      restartCount: 0,
      annotations: {},
    });
    expect(run.exit?.code).toBe(0);
    expect(run.exit!.atMs - T).toBeGreaterThanOrEqual(3000);
    expect(run.exit!.atMs - T).toBeLessThanOrEqual(10_000);
    const lines = run.logs(T, T + 60_000);
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toBe(piDigits(2000));
  });
});

describe("image pulls of short names", () => {
  it("fail for names that are not Docker Hub official images, as on a real node", async () => {
    const { pullOutcome } = await import("../../../src/sim/pull");
    const bad = pullOutcome("backup-tool", {});
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.message).toContain("pull access denied, repository does not exist or may require authorization");
    expect(pullOutcome("nginx:1.20", {}).ok).toBe(true);
    expect(pullOutcome("perl", {}).ok).toBe(true);
    expect(pullOutcome("fluent/fluentd:v1.14", {}).ok).toBe(true);
    expect(pullOutcome("mongo:7", {}).ok).toBe(true);
  });
});

describe("busybox nslookup", () => {
  const run = (image: string, name: string) =>
    runContainer({
      image,
      command: ["nslookup", name],
      env: {},
      startedAtMs: T,
      hostname: "test",
      podName: "test",
      namespace: "default",
      restartCount: 0,
      annotations: {},
      dns: { "kubernetes.default.svc.cluster.local": ["10.96.0.1"] },
    });

  it("resolves a Service through the pod's search domains", () => {
    const r = run("busybox", "kubernetes.default");
    expect(r.exit?.code).toBe(0);
    expect(r.logs(T, T + 1000).map((l) => l.text)).toEqual([
      "Server:\t\t10.96.0.10",
      "Address:\t10.96.0.10:53",
      "",
      "Name:\tkubernetes.default.svc.cluster.local",
      "Address: 10.96.0.1",
      "",
    ]);
  });

  it("answers NXDOMAIN for names nobody serves, and is missing from GNU images", () => {
    const r = run("busybox", "nope");
    expect(r.exit?.code).toBe(1);
    expect(r.logs(T, T + 1000).map((l) => l.text)).toContain("** server can't find nope: NXDOMAIN");
    expect(run("ubuntu", "kubernetes.default").startError).toContain(
      'exec: "nslookup": executable file not found in $PATH',
    );
  });
});
