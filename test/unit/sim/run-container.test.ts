import { describe, expect, it } from "vitest";
import type { ContainerInput } from "../../../src/sim/program";
import { pullOutcome, runContainer } from "../../../src/sim/run-container";

/** Saturday 28 November 2026, 05:30:00 UTC. */
const T0 = Date.UTC(2026, 10, 28, 5, 30, 0);
const S = 1000;
const MIN = 60 * S;
const DAY = 24 * 60 * MIN;

const run = (over: Partial<ContainerInput>) =>
  runContainer({
    image: "busybox:1.36",
    env: {},
    startedAtMs: T0,
    hostname: "demo",
    podName: "demo",
    namespace: "default",
    restartCount: 0,
    annotations: {},
    ...over,
  });

const texts = (lines: { text: string }[]) => lines.map((l) => l.text);
const all = (r: ReturnType<typeof run>) => r.logs(T0, T0 + 365 * DAY);

describe("well-known images", () => {
  it("nginx prints the entrypoint's and nginx's startup lines and serves port 80", () => {
    const r = run({ image: "nginx:1.27" });
    const lines = all(r);
    expect(lines[0]).toMatchObject({
      text: "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
      stream: "stdout",
    });
    expect(texts(lines)).toContain("/docker-entrypoint.sh: Configuration complete; ready for start up");
    const notice = lines.find((l) => l.text.includes("nginx/1.27"));
    expect(notice?.text).toMatch(/^2026\/11\/28 05:30:00 \[notice\] 1#1: nginx\/1\.27\.5$/);
    expect(notice?.stream).toBe("stderr");
    expect(r.exit).toBeUndefined();
    expect(r.listensOn.map((l) => l.port)).toEqual([80]);
    expect(r.httpGet(80, "/", T0 + 5 * S)).toBe(200);
    expect(r.httpGet(80, "/index.html", T0 + 5 * S)).toBe(200);
    expect(r.httpGet(80, "/healthz", T0 + 5 * S)).toBe(404);
    expect(r.httpGet(8080, "/", T0 + 5 * S)).toBeUndefined();
    // Servers stop promptly on SIGTERM (nginx: the image's SIGQUIT) and exit 0.
    expect(r.sigtermExitCode).toBe(0);
    expect(r.sigtermExitMs).toBeLessThan(1000);
    expect(texts(r.sigtermLogs!(T0 + MIN))[0]).toBe(
      "2026/11/28 05:31:00 [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
    );
  });

  it("old nginx tags have no entrypoint script and print nothing", () => {
    expect(all(run({ image: "nginx:1.14.2" }))).toEqual([]);
  });

  it("busybox's default shell exits 0 at once without a TTY, and stays with stdin open", () => {
    expect(run({}).exit).toEqual({ atMs: T0, code: 0 });
    expect(run({ stdin: true }).exit).toBeUndefined();
  });

  it("postgres without a password prints the entrypoint's error and exits 1", () => {
    const r = run({ image: "postgres:16" });
    expect(r.exit).toEqual({ atMs: T0, code: 1 });
    const lines = all(r);
    expect(lines[0]).toMatchObject({
      text: "Error: Database is uninitialized and superuser password is not specified.",
      stream: "stderr",
    });
    expect(texts(lines)).toContain('       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all');
  });

  it("postgres with a password initialises, then listens on 5432", () => {
    const r = run({ image: "postgres:16", env: { POSTGRES_PASSWORD: "secret" } });
    expect(r.exit).toBeUndefined();
    expect(r.listensOn[0].port).toBe(5432);
    expect(r.listensOn[0].fromMs).toBeGreaterThan(T0);
    expect(texts(all(r)).at(-1)).toMatch(/\[1\] LOG: {2}database system is ready to accept connections$/);
  });

  it("the pause image runs forever silently and stops on SIGTERM", () => {
    const r = run({ image: "registry.k8s.io/pause:3.10" });
    expect(r.exit).toBeUndefined();
    expect(all(r)).toEqual([]);
    expect(r.sigtermExitCode).toBe(0);
  });

  it("http-echo answers any path on 5678", () => {
    const r = run({ image: "hashicorp/http-echo", args: ["-text=hello"] });
    expect(r.httpGet(5678, "/anything", T0 + S)).toBe(200);
  });

  it("an unknown image runs silently, serving its declared ports", () => {
    const r = run({ image: "example.com/team/app:1.0", ports: [8080] });
    expect(r.exit).toBeUndefined();
    expect(all(r)).toEqual([]);
    expect(r.httpGet(8080, "/healthz", T0 + S)).toBe(200);
    expect(run({ image: "example.com/team/app:1.0" }).listensOn).toEqual([]);
  });
});

describe("commands", () => {
  it("sleep 5 exits 0 five seconds after start and ignores SIGTERM as PID 1", () => {
    const r = run({ command: ["sleep", "5"] });
    expect(r.exit).toEqual({ atMs: T0 + 5 * S, code: 0 });
    expect(r.sigtermExitMs).toBeUndefined();
    expect(run({ command: ["sleep", "1.5"] }).exit?.atMs).toBe(T0 + 1500);
    expect(run({ command: ["sleep", "2m"] }).exit?.atMs).toBe(T0 + 2 * MIN);
    expect(run({ command: ["sleep", "infinity"] }).exit).toBeUndefined();
  });

  it("sh -c prints and exits with the script's status", () => {
    const r = run({ command: ["sh", "-c", "echo hello; echo oops >&2; exit 3"] });
    expect(r.exit).toEqual({ atMs: T0, code: 3 });
    expect(all(r).map((l) => [l.stream, l.text])).toEqual([
      ["stdout", "hello"],
      ["stderr", "oops"],
    ]);
  });

  it('["/bin/sh","-c"] with the script in args', () => {
    const r = run({ command: ["/bin/sh", "-c"], args: ["for i in 1 2 3; do echo $i; sleep 1; done"] });
    expect(all(r).map((l) => [l.atMs - T0, l.text])).toEqual([
      [0, "1"],
      [1000, "2"],
      [2000, "3"],
    ]);
    expect(r.exit).toEqual({ atMs: T0 + 3 * S, code: 0 });
  });

  it("an unknown command inside the shell prints not found and exits 127", () => {
    const r = run({ command: ["sh", "-c", "foo"] });
    expect(r.exit?.code).toBe(127);
    expect(all(r)).toEqual([{ atMs: T0, stream: "stderr", text: "sh: foo: not found" }]);
    const b = run({ image: "ubuntu:24.04", command: ["bash", "-c", "echo start; foo"] });
    expect(texts(all(b))).toEqual(["start", "bash: line 1: foo: command not found"]);
    expect(b.exit?.code).toBe(127);
    const d = run({ image: "debian:bookworm", command: ["sh", "-c", "foo"] });
    expect(texts(all(d))).toEqual(["sh: 1: foo: not found"]);
  });

  it("a missing executable in command is a StartError with containerd's message", () => {
    const r = run({ command: ["foo"] });
    expect(r.startError).toBe(
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown',
    );
    // busybox has no bash.
    expect(run({ command: ["bash", "-c", "true"] }).startError).toContain('exec: "bash": executable file not found');
  });

  it("date prints the simulated time in busybox's default format and +FORMAT", () => {
    const r = run({ command: ["sh", "-c", 'date; sleep 90; date +"%Y-%m-%d %H:%M:%S"; date -u +%s'] });
    expect(texts(all(r))).toEqual(["Sat Nov 28 05:30:00 UTC 2026", "2026-11-28 05:31:30", String(T0 / 1000 + 90)]);
  });

  it("trap on TERM makes SIGTERM end the shell with the handler's exit code", () => {
    const r = run({ command: ["sh", "-c", "trap 'echo bye; exit 4' TERM; while true; do sleep 1; done"] });
    expect(r.exit).toBeUndefined();
    expect(r.sigtermExitMs).toBe(0);
    expect(r.sigtermExitCode).toBe(4);
    expect(r.sigtermLogs!(T0 + MIN)).toEqual([{ atMs: T0 + MIN, stream: "stdout", text: "bye" }]);
    // Without a trap the shell, as PID 1, ignores SIGTERM.
    expect(run({ command: ["sh", "-c", "while true; do sleep 1; done"] }).sigtermExitMs).toBeUndefined();
  });
});

describe("files over time (exec probes)", () => {
  it("the classic liveness demo: /tmp/healthy exists for 30 seconds", () => {
    const r = run({
      image: "registry.k8s.io/busybox",
      args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
    });
    expect(r.exec(["cat", "/tmp/healthy"], T0 + 10 * S)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(r.exec(["cat", "/tmp/healthy"], T0 + 35 * S)).toEqual({
      code: 1,
      stdout: "",
      stderr: "cat: can't open '/tmp/healthy': No such file or directory\n",
    });
    expect(r.exit).toEqual({ atMs: T0 + 630 * S, code: 0 });
  });

  it("files written with > and >> are readable by exec", () => {
    const r = run({ command: ["sh", "-c", "echo one > /tmp/f; sleep 5; echo two >> /tmp/f; sleep 3600"] });
    expect(r.exec(["cat", "/tmp/f"], T0 + S).stdout).toBe("one\n");
    expect(r.exec(["sh", "-c", "wc -l < /tmp/f"], T0 + 10 * S).stdout).toBe("2\n");
  });
});

describe("endless loops", () => {
  it("a week of `while true; do echo hi; sleep 1; done` answers the last minute at once", () => {
    const r = run({ command: ["sh", "-c", "while true; do echo hi; sleep 1; done"] });
    expect(r.exit).toBeUndefined();
    const t = T0 + 7 * DAY;
    const began = performance.now();
    const lines = r.logs(t - MIN, t);
    expect(performance.now() - began).toBeLessThan(500);
    expect(lines).toHaveLength(60);
    expect(lines.every((l) => l.text === "hi")).toBe(true);
    expect(lines[0].atMs).toBe(t - MIN);
    expect(r.logs(t - MIN, t, 5).map((l) => l.atMs)).toEqual([4, 3, 2, 1, 0].map((k) => t - (k + 1) * S));
  });

  it("a counter with date keeps exact values a week later (the docs' counter pod)", () => {
    const r = run({ command: ["sh", "-c", 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'] });
    const t = T0 + 7 * DAY;
    const lines = r.logs(t, t + 2 * S);
    expect(texts(lines)).toEqual(["604800: Sat Dec  5 05:30:00 UTC 2026", "604801: Sat Dec  5 05:30:01 UTC 2026"]);
  });

  it("a counting loop that ends is fast-forwarded up to its end", () => {
    const r = run({
      command: ["sh", "-c", 'i=0; while [ $i -lt 100000 ]; do echo "n=$i"; i=$((i+1)); sleep 1; done; echo done $i'],
    });
    expect(r.exit).toEqual({ atMs: T0 + 100_000 * S, code: 0 });
    expect(texts(r.logs(T0 + 99_998 * S, T0 + 200_000 * S))).toEqual(["n=99998", "n=99999", "done 100000"]);
  });

  it("a busy loop does not hang and prints at a bounded rate", () => {
    const r = run({ command: ["sh", "-c", "while true; do echo spin; done"] });
    expect(r.exit).toBeUndefined();
    const lines = r.logs(T0 + DAY, T0 + DAY + S);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(1000);
  });
});

describe("annotations", () => {
  it("exit-code + exit-after end any process; per-container keys win", () => {
    const r = run({
      image: "nginx",
      name: "web",
      annotations: {
        "sim.edgeplane.dev/exit-code": "2",
        "sim.edgeplane.dev/exit-code.web": "7",
        "sim.edgeplane.dev/exit-after": "30s",
      },
    });
    expect(r.exit).toEqual({ atMs: T0 + 30 * S, code: 7 });
    expect(r.httpGet(80, "/", T0 + 31 * S)).toBeUndefined();
    expect(run({ image: "nginx", annotations: { "sim.edgeplane.dev/crash-after": "10s" } }).exit).toEqual({
      atMs: T0 + 10 * S,
      code: 1,
    });
  });
});

describe("pulls", () => {
  it("known images pull in 1-6 s with a size and a digest, deterministically", () => {
    const a = pullOutcome("nginx:1.27", {});
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.pullMs).toBeGreaterThanOrEqual(1000);
    expect(a.pullMs).toBeLessThanOrEqual(6000);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pullOutcome("nginx:1.27", {})).toEqual(a);
    const slow = pullOutcome("nginx:1.27", { "sim.edgeplane.dev/pull-delay": "45s" });
    expect(slow.ok && slow.pullMs).toBe(45_000);
  });

  it("a tag that does not exist fails with containerd's NotFound message", () => {
    expect(pullOutcome("nginx:1.999", {})).toEqual({
      ok: false,
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found',
    });
    expect(pullOutcome("nginx:latestt", {}).ok).toBe(false);
    expect(pullOutcome("nginx:1.25-alpine", {}).ok).toBe(true);
  });

  it("a repository that does not exist on Docker Hub is access denied", () => {
    const r = pullOutcome("doesnotexist", {});
    expect(r).toEqual({
      ok: false,
      message:
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/doesnotexist:latest": failed to resolve reference "docker.io/library/doesnotexist:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
    expect(pullOutcome("someuser/nonexistent-app:v1", {}).ok).toBe(false);
  });

  it("the image-pull annotation forces a failure", () => {
    expect(pullOutcome("busybox", { "sim.edgeplane.dev/image-pull": "fail" }).ok).toBe(false);
    expect(pullOutcome("busybox", { "sim.edgeplane.dev/image-pull.other": "fail" }, "main").ok).toBe(true);
  });
});
