import { afterEach, describe, expect, it, vi } from "vitest";
import { logResponse } from "../../../src/kubelet/log-stream";
import { type LogQuery, parseLogQuery, podLogText } from "../../../src/kubelet/logs";
import { fakeProgram } from "./fake-program";
import { cstatus, kubeletCluster, nginx, podOn } from "./helpers";

const q = (params: Record<string, string> = {}): LogQuery => parseLogQuery(new URLSearchParams(params));

describe("simulated kubelet: logs", { timeout: 60_000 }, () => {
  afterEach(() => vi.useRealTimers());

  it("serves a running container's output with tail, since and timestamps", async () => {
    const c = kubeletCluster();
    c.create(podOn("ticker", { containers: [{ name: "main", image: "busybox:1.36", command: ["tick"] }] }));
    const logs = (params: Record<string, string> = {}) =>
      podLogText(c.kv, fakeProgram, c.get("pods", "default", "ticker")!, q(params), c.now());
    expect(() => logs()).toThrow('container "main" in pod "ticker" is waiting to start: ContainerCreating');
    await c.advance(3345); // started at T0+3.345 s
    await c.advance(10_000);
    expect(logs().split("\n").slice(0, 3)).toEqual(["tick 0", "tick 1", "tick 2"]);
    expect(logs()).toMatch(/tick 9\n$/);
    expect(logs({ tailLines: "2" })).toBe("tick 8\ntick 9\n");
    expect(logs({ sinceSeconds: "3" })).toBe("tick 7\ntick 8\ntick 9\n");
    expect(logs({ tailLines: "1", timestamps: "true" })).toBe("2026-01-01T00:00:12.345Z tick 9\n");
    expect(logs({ limitBytes: "9" })).toBe("tick 0\nti");
    expect(() => logs({ previous: "true" })).toThrow('previous terminated container "main" in pod "ticker" not found');
  });

  it("--previous reads the instance before a restart", async () => {
    const c = kubeletCluster();
    c.create(podOn("crash", { containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", "exit 1"] }] }));
    await c.advance(3345 + 10); // run 0 exits, run 1 starts at once
    await c.advance(100); // run 1 exits: CrashLoopBackOff
    expect(cstatus(c, "crash").state.waiting.reason).toBe("CrashLoopBackOff");
    const logs = (params: Record<string, string> = {}) =>
      podLogText(c.kv, fakeProgram, c.get("pods", "default", "crash")!, q(params), c.now());
    // In back-off both read the last terminated instance, as the kubelet does.
    expect(logs()).toBe("run 1 failing\n");
    expect(logs({ previous: "true" })).toBe("run 1 failing\n");
    await c.advance(10_000); // run 2 starts and exits
    await c.advance(100);
    expect(logs({ previous: "true" })).toBe("run 2 failing\n");
  });

  it("asks for a container name when there are several", async () => {
    const c = kubeletCluster();
    c.create(
      podOn("two", {
        initContainers: [{ name: "setup", image: "busybox:1.36", command: ["sleep", "1"] }],
        containers: [
          { name: "a", image: "nginx:1.21" },
          { name: "b", image: "nginx:1.21" },
        ],
      }),
    );
    await c.settle();
    const pod = c.get("pods", "default", "two")!;
    expect(() => podLogText(c.kv, fakeProgram, pod, q(), c.now())).toThrow(
      "a container name must be specified for pod two, choose one of: [a b] or one of the init containers: [setup]",
    );
    expect(() => podLogText(c.kv, fakeProgram, pod, q({ container: "zzz" }), c.now())).toThrow(
      "container zzz is not valid for pod two",
    );
  });

  it("follow streams new lines as cluster time advances and ends when the pod is gone", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const c = kubeletCluster();
    c.create(podOn("ticker", { containers: [{ name: "main", image: "busybox:1.36", command: ["tick"] }] }));
    await c.advance(3345 + 2500);
    const decl = c.registry.byResource("", "pods")!;
    const res = logResponse(
      c.store,
      decl,
      fakeProgram,
      c.get("pods", "default", "ticker")!,
      q({ follow: "true" }),
      () => c.now(),
    );
    expect(res.headers.get("Content-Type")).toBe("text/plain");
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    expect(dec.decode((await reader.read()).value)).toBe("tick 0\ntick 1\ntick 2\n");
    await c.advance(2000);
    vi.advanceTimersByTime(500);
    expect(dec.decode((await reader.read()).value)).toBe("tick 3\ntick 4\n");
    c.delete("pods", "default", "ticker");
    await c.advance(1000); // SIGTERM: the fake exits 5 ms later with 143
    vi.advanceTimersByTime(500);
    expect(dec.decode((await reader.read()).value)).toBe("tick 5\n");
    expect((await reader.read()).done).toBe(true);
  });

  it("nginx logs through the handler-facing core", async () => {
    const c = kubeletCluster();
    c.create(podOn("web", nginx()));
    await c.advance(5000);
    const text = podLogText(c.kv, fakeProgram, c.get("pods", "default", "web")!, q(), c.now());
    expect(text).toBe("/docker-entrypoint.sh: Configuration complete; ready for start up\nstart worker process 0\n");
  });
});
