import { describe, expect, it } from "vitest";
import { summarizePod } from "../../../src/kube/printers/pod";
import { FAKE_DIGEST } from "./fake-program";
import { cond, cstatus, eventLines, kubeletCluster, nginx, podOn, status, WORKER } from "./helpers";

describe("simulated kubelet: starting a pod", { timeout: 60_000 }, () => {
  it("nginx goes ContainerCreating → Running, Ready after the pull, with the kubelet's events in order", async () => {
    const c = kubeletCluster();
    const t0 = c.now();
    c.create(podOn("nginx", nginx()));
    await c.settle();
    expect(status(c, "nginx").phase).toBe("Pending");
    expect(cstatus(c, "nginx").state).toEqual({ waiting: { reason: "ContainerCreating" } });
    expect(status(c, "nginx").hostIP).toBe("172.18.0.3");
    expect(status(c, "nginx").podIP).toBeUndefined();
    expect(cond(c, "nginx", "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [nginx]",
    });

    await c.advance(1000); // sandbox: pod IP, then the pull starts
    expect(status(c, "nginx").podIP).toBe("10.244.1.2");
    expect(cond(c, "nginx", "PodReadyToStartContainers")?.status).toBe("True");
    expect(summarizePod(c.get("pods", "default", "nginx")!, c.now()).status).toBe("ContainerCreating");

    await c.advance(2344);
    expect(status(c, "nginx").phase).toBe("Pending");
    await c.advance(1);
    const s = status(c, "nginx");
    expect(s.phase).toBe("Running");
    expect(cond(c, "nginx", "Ready")?.status).toBe("True");
    expect(cond(c, "nginx", "ContainersReady")?.status).toBe("True");
    expect(cstatus(c, "nginx")).toMatchObject({
      name: "nginx",
      image: "docker.io/library/nginx:1.21",
      imageID: `docker.io/library/nginx@${FAKE_DIGEST}`,
      ready: true,
      started: true,
      restartCount: 0,
    });
    expect(cstatus(c, "nginx").containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(Date.parse(cstatus(c, "nginx").state.running.startedAt)).toBe(Math.floor((t0 + 3345) / 1000) * 1000);

    expect(eventLines(c, "nginx")).toEqual([
      'Pulling: Pulling image "nginx:1.21"',
      'Pulled: Successfully pulled image "nginx:1.21" in 2.345s (2.345s including waiting). Image size: 72955450 bytes.',
      "Created: Created container: nginx",
      "Started: Started container nginx",
    ]);
    const ev = c.events("default", "nginx")[0];
    expect(ev.source).toEqual({ component: "kubelet", host: WORKER });
    expect((ev.involvedObject as { fieldPath?: string }).fieldPath).toBe("spec.containers{nginx}");

    // The node now lists the image, so a second pod finds it present.
    const images = (c.get("nodes", undefined, WORKER)!.status as { images: { names: string[] }[] }).images;
    expect(images.some((i) => i.names.includes("docker.io/library/nginx:1.21"))).toBe(true);
    c.create(podOn("nginx2", nginx()));
    await c.advance(1000);
    expect(status(c, "nginx2").phase).toBe("Running");
    expect(status(c, "nginx2").podIP).toBe("10.244.1.3");
    expect(eventLines(c, "nginx2")[0]).toBe('Pulled: Container image "nginx:1.21" already present on machine');

    // An idle running pod has nothing queued.
    expect(c.engine.pending()).toBe(0);
  });

  it("is idempotent: reconciling again changes nothing", async () => {
    const c = kubeletCluster();
    c.create(podOn("nginx", nginx()));
    await c.advance(5000);
    const before = c.get("pods", "default", "nginx")!;
    const events = c.events("default").length;
    c.ctx.enqueue("kubelet", "core/pods/default/nginx");
    c.ctx.enqueue("kubelet", "core/pods/default/nginx", 10);
    await c.advance(20);
    expect(c.get("pods", "default", "nginx")!.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(c.events("default").length).toBe(events);
  });

  it("a failing pull shows ErrImagePull then ImagePullBackOff, retrying at 10 s doubling", async () => {
    const c = kubeletCluster();
    c.create(podOn("bad", { containers: [{ name: "app", image: "doesnotexist:1.0" }] }));
    await c.advance(2000); // sandbox at 1 s, pull fails at 2 s
    expect(cstatus(c, "bad").state.waiting.reason).toBe("ErrImagePull");
    expect(cstatus(c, "bad").state.waiting.message).toContain("not found");
    await c.advance(1000);
    const w = cstatus(c, "bad").state.waiting;
    expect(w.reason).toBe("ImagePullBackOff");
    expect(w.message).toMatch(/^Back-off pulling image "doesnotexist:1.0": ErrImagePull: rpc error/);
    expect(eventLines(c, "bad")).toEqual([
      'Pulling: Pulling image "doesnotexist:1.0"',
      'Failed: Failed to pull image "doesnotexist:1.0": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/doesnotexist:1.0": not found',
      "Failed: Error: ErrImagePull",
      'BackOff: Back-off pulling image "doesnotexist:1.0"',
      "Failed: Error: ImagePullBackOff",
    ]);
    const pulls = () => c.events("default", "bad").find((e) => e.reason === "Pulling")?.count;
    await c.advance(8999); // retry at 2 s + 10 s
    expect(pulls()).toBe(1);
    await c.advance(1);
    expect(pulls()).toBe(2);
    await c.advance(1000 + 19_999); // fails at 13 s, next retry at 13 + 20 s
    expect(pulls()).toBe(2);
    await c.advance(1);
    expect(pulls()).toBe(3);
    expect(status(c, "bad").phase).toBe("Pending");
  });
});
