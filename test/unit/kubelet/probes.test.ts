import { describe, expect, it } from "vitest";
import { cond, cstatus, eventLines, kubeletCluster, podOn, status } from "./helpers";

describe("simulated kubelet: probes", { timeout: 60_000 }, () => {
  it("a readiness probe on a wrong port keeps Ready False and records Unhealthy events", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("wrongport", {
        containers: [
          {
            name: "nginx",
            image: "nginx:1.21",
            readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 10, failureThreshold: 3 },
          },
        ],
      }),
    );
    await c.advance(3345 + 1);
    expect(status(c, "wrongport").phase).toBe("Running");
    expect(cstatus(c, "wrongport").ready).toBe(false);
    await c.advance(120_000);
    expect(cond(c, "wrongport", "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [nginx]",
    });
    const unhealthy = c.events("default", "wrongport").find((e) => e.reason === "Unhealthy")!;
    expect(unhealthy.type).toBe("Warning");
    expect(unhealthy.message).toBe(
      'Readiness probe failed: Get "http://10.244.1.2:8080/": dial tcp 10.244.1.2:8080: connect: connection refused',
    );
    // A failure every 10 s for two minutes: the count follows (updated at least every minute).
    expect(Number(unhealthy.count)).toBeGreaterThanOrEqual(6);
    expect(Number(unhealthy.count)).toBeLessThanOrEqual(13);
  });

  it("a readiness probe on the right port makes the pod Ready at the first successful probe", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("goodport", {
        containers: [
          {
            name: "nginx",
            image: "nginx:1.21",
            readinessProbe: { httpGet: { path: "/", port: 80 }, initialDelaySeconds: 5, periodSeconds: 10 },
          },
        ],
      }),
    );
    await c.advance(3345);
    expect(cstatus(c, "goodport").ready).toBe(false);
    // Ticks are anchored at admission (t=0) every 10 s; the first one 5 s after the start is t=10 s.
    await c.advance(10_000 - 3345 - 1);
    expect(cond(c, "goodport", "Ready")?.status).toBe("False");
    await c.advance(1);
    expect(cond(c, "goodport", "Ready")?.status).toBe("True");
    expect(c.engine.nextDue()! - c.now()).toBeGreaterThan(60_000); // nothing to do until the horizon
  });

  it("the liveness demo restarts the container once /tmp/healthy is gone", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("liveness-exec", {
        containers: [
          {
            name: "liveness",
            image: "registry.k8s.io/busybox",
            args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
            livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
          },
        ],
      }),
    );
    await c.advance(30_000);
    expect(cstatus(c, "liveness-exec").restartCount).toBe(0);
    // Fails from ~33 s; the third failure (failureThreshold 3) kills it; sh ignores SIGTERM: 30 s grace.
    await c.advance(15_000);
    const lines = eventLines(c, "liveness-exec");
    expect(lines).toContain(
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory",
    );
    expect(lines).toContain("Killing: Container liveness failed liveness probe, will be restarted");
    expect(cstatus(c, "liveness-exec").state.running).toBeDefined();
    // Killed at 45 s, SIGKILL at 75 s, restarted at once (first restart) after pulling again (:latest).
    await c.advance(29_999);
    expect(cstatus(c, "liveness-exec").state.running).toBeDefined();
    await c.advance(1 + 2345);
    const cs = cstatus(c, "liveness-exec");
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(cs.state.running).toBeDefined();
    expect(c.events("default", "liveness-exec").find((e) => e.reason === "Unhealthy")?.count).toBe(3);
  });

  it("a startup probe holds started/ready until it succeeds", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("slow", {
        containers: [
          {
            name: "nginx",
            image: "nginx:1.21",
            startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 10, failureThreshold: 30 },
          },
        ],
      }),
    );
    await c.advance(3345 + 1);
    expect(cstatus(c, "slow")).toMatchObject({ started: false, ready: false });
    await c.advance(10_000);
    expect(cstatus(c, "slow")).toMatchObject({ started: true, ready: true });
  });
});
