import { describe, expect, it } from "vitest";
import { cstatus, eventLines, kubeletCluster, nginx, podOn, status, WORKER } from "./helpers";

describe("simulated kubelet: termination, OOM, node state", { timeout: 60_000 }, () => {
  it("deleting nginx stops it at SIGTERM (fast); `sleep 3600` takes the 30 s grace and exit 137", async () => {
    const c = kubeletCluster();
    c.create(podOn("web", nginx()));
    c.create(podOn("sleeper", { containers: [{ name: "main", image: "busybox:1.36", command: ["sleep", "3600"] }] }));
    await c.advance(10_000);
    let finalSleeper: Record<string, any> | undefined;
    c.kv.subscribe((changes) => {
      for (const ch of changes) {
        if (ch.key === "core/pods/default/sleeper" && ch.type === "MODIFIED") finalSleeper = ch.object.status as never;
      }
    });
    c.delete("pods", "default", "web");
    c.delete("pods", "default", "sleeper");
    await c.settle();
    expect(eventLines(c, "web")).toContain("Killing: Stopping container nginx");
    expect(eventLines(c, "sleeper")).toContain("Killing: Stopping container main");
    await c.advance(100);
    expect(c.get("pods", "default", "web")).toBeUndefined();
    expect(c.get("pods", "default", "sleeper")).toBeDefined();
    await c.advance(29_899);
    expect(c.get("pods", "default", "sleeper")).toBeDefined();
    await c.advance(1);
    expect(c.get("pods", "default", "sleeper")).toBeUndefined();
    // The last status written before the removal: killed with SIGKILL.
    expect(finalSleeper?.phase).toBe("Failed");
    expect(finalSleeper?.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
    expect(c.kv.rawQuery("SELECT COUNT(*) AS n FROM kubelet_pods")[0].n).toBe(0);
  });

  it("preStop sleep delays SIGTERM within the grace period", async () => {
    const c = kubeletCluster();
    c.create(podOn("hooked", nginx({ lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "sleep 5"] } } } })));
    await c.advance(10_000);
    c.delete("pods", "default", "hooked");
    await c.advance(5099);
    expect(c.get("pods", "default", "hooked")).toBeDefined();
    await c.advance(1);
    expect(c.get("pods", "default", "hooked")).toBeUndefined();
  });

  it("a pod that is not running yet, or has finished, goes at once", async () => {
    const c = kubeletCluster();
    c.create(podOn("early", nginx()));
    await c.advance(1500); // pulling
    c.delete("pods", "default", "early");
    await c.settle();
    expect(c.get("pods", "default", "early")).toBeUndefined();
  });

  it("memory growth over the limit is OOMKilled (exit 137) at the computed time", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("leak", nginx({ resources: { limits: { memory: "110Mi" }, requests: { memory: "110Mi" } } }), {
        "sim.edgeplane.dev/memory": "10Mi",
        "sim.edgeplane.dev/memory-growth": "10Mi/s",
      }),
    );
    await c.advance(3345 + 9999);
    expect(cstatus(c, "leak").state.running).toBeDefined();
    await c.advance(1);
    const cs = cstatus(c, "leak");
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });

  it("does nothing for pods of a node whose kubelet is stopped, and resumes when it is back", async () => {
    const c = kubeletCluster();
    c.update("nodes", undefined, WORKER, (n) => {
      n.metadata.annotations = { ...n.metadata.annotations, "sim.edgeplane.dev/kubelet": "stopped" };
    });
    c.create(podOn("waiting", nginx()));
    await c.advance(10_000);
    expect(status(c, "waiting").containerStatuses).toBeUndefined();
    c.update("nodes", undefined, WORKER, (n) => {
      delete n.metadata.annotations!["sim.edgeplane.dev/kubelet"];
    });
    await c.advance(3345);
    expect(status(c, "waiting").phase).toBe("Running");
  });

  it("adopts the seeded system pods as running without restarting them", async () => {
    const c = kubeletCluster();
    const pods = c.list("pods", "kube-system");
    const dns = pods.find((p) => p.metadata.name?.startsWith("coredns-"))!;
    const before = structuredClone(dns.status);
    c.ctx.enqueue("kubelet", `core/pods/kube-system/${dns.metadata.name}`);
    await c.advance(60_000);
    // Every seeded pod keeps exactly the status it had.
    for (const p of pods) c.ctx.enqueue("kubelet", `core/pods/kube-system/${p.metadata.name}`);
    await c.advance(60_000);
    for (const p of pods) expect(c.get("pods", "kube-system", p.metadata.name!)!.status).toEqual(p.status);
    const after = c.get("pods", "kube-system", dns.metadata.name!)!;
    expect((after.status as any).containerStatuses[0].containerID).toBe(
      (before as any).containerStatuses[0].containerID,
    );
    expect((after.status as any).containerStatuses[0].restartCount).toBe(0);
    expect((after.status as any).phase).toBe("Running");
    expect(c.events("kube-system", dns.metadata.name)).toHaveLength(0);
    // Deleting it goes through graceful termination like any pod.
    c.delete("pods", "kube-system", dns.metadata.name!);
    await c.settle();
    expect(eventLines(c, dns.metadata.name!).length).toBe(0); // events are in kube-system
    expect(c.events("kube-system", dns.metadata.name).map((e) => e.reason)).toEqual(["Killing"]);
  });

  it("a missing ConfigMap is CreateContainerConfigError until it is created", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("cfg", {
        containers: [
          {
            name: "app",
            image: "nginx:1.21",
            env: [{ name: "MODE", valueFrom: { configMapKeyRef: { name: "app-config", key: "mode" } } }],
          },
        ],
      }),
    );
    await c.advance(5000);
    expect(cstatus(c, "cfg").state.waiting).toEqual({
      reason: "CreateContainerConfigError",
      message: 'configmap "app-config" not found',
    });
    expect(eventLines(c, "cfg")).toContain('Failed: Error: configmap "app-config" not found');
    c.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app-config", namespace: "default" },
      data: { mode: "x" },
    });
    await c.settle();
    expect(status(c, "cfg").phase).toBe("Running");
  });

  it("pods on a node that does not exist are left alone", async () => {
    const c = kubeletCluster();
    c.create({ ...podOn("ghost", nginx()), spec: { ...nginx(), nodeName: "no-such-node" } });
    await c.advance(10_000);
    expect(status(c, "ghost").containerStatuses).toBeUndefined();
  });
});
