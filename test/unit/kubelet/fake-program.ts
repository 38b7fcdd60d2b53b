/**
 * A small, readable stand-in for src/sim/run-container.ts so the kubelet tests pin down the kubelet's own
 * behaviour (timings, states, events) independently of how commands are interpreted.
 */
import type { Program } from "../../../src/kubelet/types";
import type { ContainerInput, ContainerRun, LogLine } from "../../../src/sim/program";

const DIGEST = `sha256:${"ab12".repeat(16)}`;

function lines(from: number, to: number, all: LogLine[], limit?: number): LogLine[] {
  const out = all.filter((l) => l.atMs >= from && l.atMs < to);
  return limit !== undefined && out.length > limit ? out.slice(out.length - limit) : out;
}

function run(input: ContainerInput): ContainerRun {
  const t0 = input.startedAtMs;
  const script = [...(input.command ?? []), ...(input.args ?? [])].join(" ");
  const base: ContainerRun = {
    logs: () => [],
    listensOn: [],
    exec: () => ({ code: 0, stdout: "", stderr: "" }),
    httpGet: () => undefined,
  };
  if (!script) {
    // nginx: a server on port 80 that prints a line per second-ish at start and stops on SIGTERM.
    const log: LogLine[] = [
      { atMs: t0 + 10, text: "/docker-entrypoint.sh: Configuration complete; ready for start up", stream: "stdout" },
      { atMs: t0 + 20, text: `start worker process ${input.restartCount}`, stream: "stderr" },
    ];
    return {
      ...base,
      logs: (f, t, l) => lines(f, t, log, l),
      listensOn: [{ port: 80, fromMs: t0 + 50 }],
      httpGet: (port, _path, at) => (port === 80 && at >= t0 + 50 ? 200 : undefined),
      sigtermExitMs: 100,
      sigtermExitCode: 0,
    };
  }
  if (script.startsWith("missing"))
    return { ...base, startError: 'exec: "missing": executable file not found in $PATH' };
  let m = /^sleep (\d+)$/.exec(script);
  if (m) return { ...base, exit: { atMs: t0 + Number(m[1]) * 1000, code: 0 } };
  m = /^sh -c exit (\d+)$/.exec(script);
  if (m) {
    const log: LogLine[] = [{ atMs: t0, text: `run ${input.restartCount} failing`, stream: "stdout" }];
    return { ...base, exit: { atMs: t0 + 10, code: Number(m[1]) }, logs: (f, t, l) => lines(f, t, log, l) };
  }
  if (script.includes("touch /tmp/healthy")) {
    return {
      ...base,
      exec: (cmd, at) =>
        cmd.join(" ") === "cat /tmp/healthy" && at < t0 + 30_000
          ? { code: 0, stdout: "", stderr: "" }
          : { code: 1, stdout: "", stderr: "cat: can't open '/tmp/healthy': No such file or directory\n" },
    };
  }
  if (script.startsWith("tick")) {
    // Prints a line every second until stopped.
    return {
      ...base,
      logs: (f, t, l) => {
        const out: LogLine[] = [];
        for (let k = Math.max(0, Math.ceil((f - t0) / 1000)); t0 + k * 1000 < t; k++) {
          out.push({ atMs: t0 + k * 1000, text: `tick ${k}`, stream: "stdout" });
        }
        return l !== undefined && out.length > l ? out.slice(out.length - l) : out;
      },
      sigtermExitMs: 5,
      sigtermExitCode: 143,
    };
  }
  return base;
}

export const fakeProgram: Program = {
  runContainer: run,
  pullOutcome(image) {
    if (image.includes("doesnotexist")) {
      return {
        ok: false,
        message: `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${image}": not found`,
      };
    }
    return { ok: true, pullMs: 2345, sizeBytes: 72955450, digest: DIGEST };
  },
};

export const FAKE_DIGEST = DIGEST;
