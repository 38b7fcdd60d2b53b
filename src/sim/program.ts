/**
 * What a simulated container's process does, decided from its image, command, args and env the way a real
 * one would behave: servers run until stopped, `sleep 5` exits 0 after five seconds, `sh -c 'echo hi; exit
 * 3'` prints and exits 3, a missing program exits 127 with the shell's message. Pure and deterministic: the
 * same input always gives the same run, so the kubelet can recompute it after a restart instead of storing it.
 *
 * All times are absolute milliseconds on the cluster clock.
 */

export interface LogLine {
  atMs: number;
  text: string;
  stream: "stdout" | "stderr";
}

export interface ContainerInput {
  image: string;
  command?: string[];
  args?: string[];
  /** Resolved environment (spec env with values from ConfigMaps/Secrets/fieldRefs already filled in). */
  env: Record<string, string>;
  /** When the process started (the container's state.running.startedAt, at millisecond precision). */
  startedAtMs: number;
  /** The pod's hostname (what `hostname` prints) and a few identity facts scripts commonly echo. */
  hostname: string;
  podName: string;
  namespace: string;
  /** How many times this container restarted before this run (scripts that count runs can differ). */
  restartCount: number;
  /** The pod's annotations: scripted-failure overrides (see src/sim/annotations.ts). */
  annotations: Record<string, string>;
}

export interface ContainerRun {
  /** Output written in [fromMs, toMs), oldest first, at most `limit` lines (the newest ones when cut). */
  logs(fromMs: number, toMs: number, limit?: number): LogLine[];
  /** When and how the process exits by itself; undefined = it runs until it is stopped. */
  exit?: { atMs: number; code: number };
  /**
   * How long after SIGTERM the process exits (it then exits with 0 for servers that handle it, or as the
   * shell does); undefined = SIGTERM is ignored (PID 1 without a handler, e.g. `sleep`) and the kubelet
   * kills it with SIGKILL (exit 137) when the grace period ends.
   */
  sigtermExitMs?: number;
  /** Exit code when it exits because of SIGTERM (servers: 0; shells: 143). */
  sigtermExitCode?: number;
}

/** Whether a container image can be pulled, and how long pulling takes. */
export type PullOutcome =
  | { ok: true; pullMs: number; sizeBytes: number; digest: string }
  | { ok: false; message: string };
