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
  /**
   * The cluster's DNS as CoreDNS would answer it when the container starts: fully qualified Service names
   * (`kubernetes.default.svc.cluster.local`) to their addresses (cluster IP, or a headless Service's pods).
   */
  dns?: Record<string, string[]>;
  /** The pod's annotations: scripted-failure overrides (see src/sim/annotations.ts). */
  annotations: Record<string, string>;
  /** The container's name: per-container annotation keys (`sim.edgeplane.dev/exit-code.<name>`) use it. */
  name?: string;
  /** Declared containerPorts: an image the simulator does not know serves HTTP (200) on these. */
  ports?: number[];
  /** `stdin: true`: a shell with no script waits for input instead of exiting at once. */
  stdin?: boolean;
  /** The pod's IP, for the few programs that print it (httpd, `hostname -i`). */
  podIP?: string;
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
  /**
   * The runtime could not start the process at all (e.g. `command: ["foo"]` with no such executable): the
   * container terminates at once with reason StartError, exit code 128 and this message.
   */
  startError?: string;
  /** TCP ports the process listens on once started (httpGet/tcpSocket probes and Services reach these). */
  listensOn: { port: number; fromMs: number }[];
  /**
   * Runs a command inside the running container at `atMs` (exec probes; later `kubectl exec`): sees the
   * container's files as the script has changed them by then (`touch /tmp/healthy`, `rm -f ...`).
   */
  exec(command: string[], atMs: number): { code: number; stdout: string; stderr: string };
  /** Answers an HTTP GET to one of `listensOn` (httpGet probes): status code, or undefined = refused. */
  httpGet(port: number, path: string, atMs: number): number | undefined;
  /** Lines the process prints when SIGTERM (or the image's STOPSIGNAL) reaches it at `atMs` (nginx's
   * shutdown notices, a trap handler's echo); empty when it ignores the signal. */
  sigtermLogs?(atMs: number): LogLine[];
}

/** Whether a container image can be pulled, and how long pulling takes. */
export type PullOutcome =
  | { ok: true; pullMs: number; sizeBytes: number; digest: string }
  | { ok: false; message: string };
