import { describe, expect, it } from "vitest";
import { summarizePod } from "../../../src/kube/printers/pod";
import { cond, cstatus, eventLines, kubeletCluster, podOn, status } from "./helpers";

const present = "IfNotPresent";

describe("simulated kubelet: exits and restarts", { timeout: 60_000 }, () => {
  it("a crashing container restarts at once, then backs off 10, 20, 40 ... capped at 300 s", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("crash", {
        containers: [{ name: "app", image: "busybox:1.36", imagePullPolicy: present, command: ["sh", "-c", "exit 1"] }],
      }),
    );
    await c.advance(3345 + 10); // sandbox 1 s + pull 2.345 s, then the first run exits after 10 ms
    expect(cstatus(c, "crash").restartCount).toBe(1); // the first exit restarts at once
    await c.advance(5000);
    const cs1 = cstatus(c, "crash");
    expect(cs1.state.waiting.reason).toBe("CrashLoopBackOff");
    expect(cs1.state.waiting.message).toMatch(/^back-off 10s restarting failed container=app pod=crash_default\(/);
    expect(cs1.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(summarizePod(c.get("pods", "default", "crash")!, c.now()).status).toBe("CrashLoopBackOff");
    await c.advance(1_900_000);
    // Each run exits 10 ms after it starts; restart k waits the back-off after run k-1's exit.
    const starts = c.kv
      .rawQuery("SELECT started_at FROM kubelet_runs WHERE container = 'app' ORDER BY restart_count")
      .map((r) => Number(r.started_at));
    const gaps = starts.slice(1, 10).map((t, i) => Math.round((t - starts[i] - 10) / 1000));
    expect(gaps).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300]);
    expect(cstatus(c, "crash").state.waiting.message).toMatch(/^back-off 5m0s restarting/);
    expect(cstatus(c, "crash").restartCount).toBe(starts.length - 1);
    const backoff = c.events("default", "crash").find((e) => e.reason === "BackOff")!;
    expect(backoff.message).toMatch(/^Back-off restarting failed container app in pod crash_default\([0-9a-f-]{36}\)$/);
    expect(backoff.type).toBe("Warning");
    expect(status(c, "crash").phase).toBe("Running");
  });

  it("keeps showing CrashLoopBackOff while a restart pulls its image again (imagePullPolicy Always)", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("always", {
        containers: [
          {
            name: "app",
            image: "busybox",
            imagePullPolicy: "Always",
            command: ["sh", "-c", "exit 1"],
          },
        ],
      }),
    );
    // Sample every 200 ms for two minutes: once the first back-off began, the status never goes back to
    // ContainerCreating (kubelet's reasonCache keeps the last failure until a container starts).
    let sawBackOff = false;
    for (let i = 0; i < 600; i++) {
      await c.advance(200);
      const reason = summarizePod(c.get("pods", "default", "always")!, c.now()).status;
      if (reason === "CrashLoopBackOff") sawBackOff = true;
      if (sawBackOff) expect(reason).not.toBe("ContainerCreating");
    }
    expect(sawBackOff).toBe(true);
    expect(cstatus(c, "always").restartCount).toBeGreaterThanOrEqual(3);
  });

  it("the back-off resets once a container ran for 10 minutes", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("long", {
        containers: [{ name: "app", image: "busybox:1.36", imagePullPolicy: present, command: ["sleep", "700"] }],
      }),
    );
    await c.advance(3345 + 700_000); // exits after 700 s: restarted at once (first restart)
    expect(cstatus(c, "long").restartCount).toBe(1);
    await c.advance(700_000); // second exit: more than 10 min after the last back-off update → no back-off
    expect(cstatus(c, "long").restartCount).toBe(2);
    expect(cstatus(c, "long").state.running).toBeDefined();
    expect(eventLines(c, "long").some((l) => l.startsWith("BackOff"))).toBe(false);
  });

  it("a Job-like `sleep 5` with restartPolicy Never ends Succeeded/Completed", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("job", {
        restartPolicy: "Never",
        containers: [{ name: "main", image: "busybox:1.36", command: ["sleep", "5"] }],
      }),
    );
    await c.advance(3345);
    expect(status(c, "job").phase).toBe("Running");
    await c.advance(5000);
    const s = status(c, "job");
    expect(s.phase).toBe("Succeeded");
    expect(cstatus(c, "job").state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cond(c, "job", "Ready")).toMatchObject({ status: "False", reason: "PodCompleted" });
    expect(cond(c, "job", "PodReadyToStartContainers")?.status).toBe("False");
    expect(summarizePod(c.get("pods", "default", "job")!, c.now()).status).toBe("Completed");
    expect(c.engine.pending()).toBe(0);
  });

  it("exit 1 with restartPolicy Never fails the pod with reason Error; OnFailure restarts it", async () => {
    const c = kubeletCluster();
    const spec = (policy: string) => ({
      restartPolicy: policy,
      containers: [{ name: "main", image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }],
    });
    c.create(podOn("never", spec("Never")));
    c.create(podOn("onfailure", spec("OnFailure")));
    await c.advance(10_000);
    expect(status(c, "never").phase).toBe("Failed");
    expect(cstatus(c, "never").state.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(cond(c, "never", "Ready")).toMatchObject({ status: "False", reason: "PodFailed" });
    expect(summarizePod(c.get("pods", "default", "never")!, c.now()).status).toBe("Error");
    expect(status(c, "onfailure").phase).toBe("Running");
    expect(cstatus(c, "onfailure").restartCount).toBeGreaterThanOrEqual(1);
  });

  it("a process that cannot start terminates with StartError (exit 128) and is restarted", async () => {
    const c = kubeletCluster();
    c.create(podOn("nostart", { containers: [{ name: "main", image: "busybox:1.36", command: ["missing"] }] }));
    await c.advance(3345);
    const cs = cstatus(c, "nostart");
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({
      exitCode: 128,
      reason: "StartError",
      message: 'exec: "missing": executable file not found in $PATH',
      startedAt: "1970-01-01T00:00:00Z",
    });
    expect(cs.state.waiting.reason).toBe("CrashLoopBackOff");
    expect(eventLines(c, "nostart")).toContain('Failed: Error: exec: "missing": executable file not found in $PATH');
  });

  it("init containers run in order before the app containers", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("init", {
        initContainers: [
          { name: "init-a", image: "busybox:1.36", command: ["sleep", "2"] },
          { name: "init-b", image: "busybox:1.36", command: ["sleep", "3"] },
        ],
        containers: [{ name: "nginx", image: "nginx:1.21" }],
      }),
    );
    const show = () => summarizePod(c.get("pods", "default", "init")!, c.now()).status;
    await c.settle();
    expect(show()).toBe("Init:0/2");
    expect(cond(c, "init", "Initialized")).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [init-a init-b]",
    });
    await c.advance(3345); // init-a pulled and running
    expect(show()).toBe("Init:0/2");
    await c.advance(2000); // init-a done, init-b starts (image present)
    expect(show()).toBe("Init:1/2");
    await c.advance(3000); // init-b done, nginx pull starts
    expect(show()).toBe("PodInitializing");
    expect(cond(c, "init", "Initialized")?.status).toBe("True");
    await c.advance(2345);
    expect(show()).toBe("Running");
    const fieldPaths = c.events("default", "init").map((e) => (e.involvedObject as { fieldPath: string }).fieldPath);
    expect(fieldPaths.slice(0, 2)).toEqual(["spec.initContainers{init-a}", "spec.initContainers{init-a}"]);
  });

  it("a failing init container restarts (Init:CrashLoopBackOff) or fails the pod with Never (Init:Error)", async () => {
    const c = kubeletCluster();
    const spec = (policy: string) => ({
      restartPolicy: policy,
      initContainers: [{ name: "setup", image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }],
      containers: [{ name: "nginx", image: "nginx:1.21" }],
    });
    c.create(podOn("retry", spec("Always")));
    c.create(podOn("once", spec("Never")));
    await c.advance(6000);
    expect(summarizePod(c.get("pods", "default", "retry")!, c.now()).status).toBe("Init:CrashLoopBackOff");
    expect(status(c, "retry").phase).toBe("Pending");
    expect(summarizePod(c.get("pods", "default", "once")!, c.now()).status).toBe("Init:Error");
    expect(status(c, "once").phase).toBe("Failed");
  });
});
