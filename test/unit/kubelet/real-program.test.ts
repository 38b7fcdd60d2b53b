/** The kubelet with the real container program (src/sim/run-container.ts): tutorial pods end-to-end. */
import { describe, expect, it } from "vitest";
import { summarizePod } from "../../../src/kube/printers/pod";
import { defaultProgram } from "../../../src/kubelet/default-program";
import { parseLogQuery, podLogText } from "../../../src/kubelet/logs";
import { cond, cstatus, eventLines, kubeletCluster, nginx, podOn, status } from "./helpers";

const logs = (c: ReturnType<typeof kubeletCluster>, name: string, params: Record<string, string> = {}) =>
  podLogText(
    c.kv,
    defaultProgram,
    c.get("pods", "default", name)!,
    parseLogQuery(new URLSearchParams(params)),
    c.now(),
  );

describe("simulated kubelet with the real container program", { timeout: 60_000 }, () => {
  it("nginx becomes Running and Ready, serves its readiness probe and logs its start", async () => {
    const c = kubeletCluster(defaultProgram);
    c.create(podOn("web", nginx({ readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 5 } })));
    await c.advance(20_000);
    expect(status(c, "web").phase).toBe("Running");
    expect(cond(c, "web", "Ready")?.status).toBe("True");
    expect(eventLines(c, "web").map((l) => l.split(":")[0])).toEqual(["Pulling", "Pulled", "Created", "Started"]);
    expect(logs(c, "web")).toContain("nginx");
    c.delete("pods", "default", "web");
    await c.advance(5000);
    expect(c.get("pods", "default", "web")).toBeUndefined();
  });

  it("`sleep 5` succeeds; `sh -c 'echo hi; exit 3'` fails with its output; a bogus image backs off", async () => {
    const c = kubeletCluster(defaultProgram);
    c.create(
      podOn("sleeper", {
        restartPolicy: "Never",
        containers: [{ name: "main", image: "busybox:1.36", command: ["sleep", "5"] }],
      }),
    );
    c.create(
      podOn("echo", {
        restartPolicy: "Never",
        containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "echo hi; exit 3"] }],
      }),
    );
    c.create(podOn("bogus", { containers: [{ name: "main", image: "nginx:doesnotexist" }] }));
    await c.advance(30_000);
    expect(status(c, "sleeper").phase).toBe("Succeeded");
    expect(cstatus(c, "sleeper").state.terminated.reason).toBe("Completed");
    expect(status(c, "echo").phase).toBe("Failed");
    expect(cstatus(c, "echo").state.terminated.exitCode).toBe(3);
    expect(logs(c, "echo")).toBe("hi\n");
    expect(summarizePod(c.get("pods", "default", "bogus")!, c.now()).status).toMatch(/ImagePullBackOff|ErrImagePull/);
  });

  it("the liveness demo from the Kubernetes docs restarts its container", async () => {
    const c = kubeletCluster(defaultProgram);
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
    await c.advance(120_000);
    expect(cstatus(c, "liveness-exec").restartCount).toBeGreaterThanOrEqual(1);
    expect(eventLines(c, "liveness-exec")).toContain(
      "Killing: Container liveness failed liveness probe, will be restarted",
    );
    const unhealthy = eventLines(c, "liveness-exec").find((l) => l.startsWith("Unhealthy"));
    expect(unhealthy).toMatch(/^Unhealthy: Liveness probe failed: cat: (can't open )?'?\/tmp\/healthy/);
  });
});
