/**
 * `kubectl logs` over simulated containers: the API server's checks (pkg/registry/core/pod LogLocation) and
 * the kubelet's choice of container instance (validateContainerLogStatus), then the run's output recomputed
 * from its recorded input (runs are deterministic), cut by sinceSeconds/sinceTime, tailLines and limitBytes.
 */
import type { KvStore } from "../durable/store/kv-store";
import { badRequest } from "../kube/errors";
import type { KObject } from "../kube/object";
import type { ContainerRun, LogLine } from "../sim/program";
import { KubeletTables } from "./state-store";
import type { Program } from "./types";

type J = Record<string, any>;

export interface LogQuery {
  container?: string;
  previous: boolean;
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
}

function intParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${name}: Invalid value: "${v}": must be an integer`);
  if (n < min) {
    const what = min === 0 ? "must be greater than or equal to 0" : "must be greater than 0";
    throw badRequest(`PodLogOptions "" is invalid: ${name}: Invalid value: ${n}: ${what}`);
  }
  return n;
}

export function parseLogQuery(q: URLSearchParams): LogQuery {
  const sinceTime = q.get("sinceTime");
  const out: LogQuery = {
    container: q.get("container") || undefined,
    previous: q.get("previous") === "true",
    follow: q.get("follow") === "true",
    timestamps: q.get("timestamps") === "true",
    tailLines: intParam(q, "tailLines", 0),
    sinceSeconds: intParam(q, "sinceSeconds", 1),
    limitBytes: intParam(q, "limitBytes", 1),
  };
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw badRequest(`parsing time "${sinceTime}" as RFC3339: cannot parse`);
    out.sinceTime = t;
  }
  if (out.sinceSeconds !== undefined && out.sinceTime !== undefined) {
    throw badRequest(
      'PodLogOptions "" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
  }
  return out;
}

function names(pod: KObject, field: string): string[] {
  return (((pod.spec as J | undefined)?.[field] ?? []) as J[]).map((c) => String(c.name));
}

/** The container the request means: named, or the only one (the API server's rule). */
export function pickContainer(pod: KObject, requested: string | undefined): string {
  const podName = String(pod.metadata.name);
  const containers = names(pod, "containers");
  const init = names(pod, "initContainers");
  const ephemeral = names(pod, "ephemeralContainers");
  if (!requested) {
    if (containers.length === 1) return containers[0];
    let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`;
    if (init.length) msg += ` or one of the init containers: [${init.join(" ")}]`;
    if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(" ")}]`;
    throw badRequest(msg);
  }
  if (![...containers, ...init, ...ephemeral].includes(requested)) {
    throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  }
  return requested;
}

/** The container instance whose output a request reads. */
export interface LogSource {
  containerID: string;
  run: ContainerRun;
  startedAt: number;
  finishedAt?: number;
  sigtermAt?: number;
}

function statusOf(pod: KObject, container: string): J | undefined {
  const s = (pod.status ?? {}) as J;
  const all = [
    ...((s.initContainerStatuses ?? []) as J[]),
    ...((s.containerStatuses ?? []) as J[]),
    ...((s.ephemeralContainerStatuses ?? []) as J[]),
  ];
  return all.find((c) => c.name === container);
}

/** kubelet validateContainerLogStatus: which container ID, or the error kubectl shows. */
function containerIDFor(pod: KObject, container: string, previous: boolean): string {
  const podName = String(pod.metadata.name);
  const cs = statusOf(pod, container);
  const waiting = (reason: string) =>
    badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  if (!cs) throw waiting("ContainerCreating");
  const last = cs.lastState?.terminated as J | undefined;
  if (previous) {
    if (!last?.containerID)
      throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return String(last.containerID);
  }
  const state = (cs.state ?? {}) as J;
  if (state.running) return String(cs.containerID ?? "");
  if (state.terminated) {
    if (state.terminated.containerID) return String(state.terminated.containerID);
    if (last?.containerID) return String(last.containerID);
    throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (last) {
    if (!last.containerID) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
    return String(last.containerID);
  }
  const reason = String(state.waiting?.reason ?? "ContainerCreating");
  if (reason === "ErrImagePull") throw waiting("image can't be pulled");
  if (reason === "ImagePullBackOff") throw waiting("trying and failing to pull image");
  throw waiting(reason);
}

export function logSource(
  kv: KvStore,
  program: Program,
  pod: KObject,
  container: string,
  previous: boolean,
): LogSource {
  const id = containerIDFor(pod, container, previous);
  const rec = new KubeletTables(kv).run(id);
  if (rec && rec.uid === pod.metadata.uid) {
    return {
      containerID: id,
      run: program.runContainer(rec.input),
      startedAt: rec.startedAt,
      finishedAt: rec.finishedAt,
      sigtermAt: rec.sigtermAt,
    };
  }
  // A container the kubelet never ran itself (seeded before it existed): rebuild its input from the pod.
  const cs = statusOf(pod, container) as J;
  const spec = [...names(pod, "containers")].includes(container)
    ? (((pod.spec as J).containers ?? []) as J[]).find((c) => c.name === container)
    : (((pod.spec as J).initContainers ?? []) as J[]).find((c) => c.name === container);
  const startedAt = Date.parse(String(cs?.state?.running?.startedAt ?? cs?.state?.terminated?.startedAt ?? 0));
  const finished = cs?.state?.terminated?.finishedAt;
  return {
    containerID: id,
    run: program.runContainer({
      image: String(spec?.image ?? ""),
      command: spec?.command,
      args: spec?.args,
      env: {},
      startedAtMs: startedAt,
      hostname: String((pod.spec as J).hostname ?? pod.metadata.name),
      podName: String(pod.metadata.name),
      namespace: String(pod.metadata.namespace ?? "default"),
      restartCount: Number(cs?.restartCount ?? 0),
      annotations: { ...(pod.metadata.annotations ?? {}) },
      name: container,
      podIP: (pod.status as J | undefined)?.podIP,
    }),
    startedAt,
    finishedAt: finished ? Date.parse(String(finished)) : undefined,
  };
}

/** Go's time.RFC3339Nano: nanoseconds with trailing zeros dropped. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, "");
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ""}Z`;
}

/** Lines of a source written in [from, to), at most `limit` (the newest). */
export function linesBetween(src: LogSource, from: number, to: number, limit?: number): LogLine[] {
  const end = src.finishedAt !== undefined ? Math.min(to, src.finishedAt + 1) : to;
  const start = Math.max(from, src.startedAt);
  if (end <= start) return [];
  let lines = src.run.logs(start, end, limit);
  if (src.sigtermAt !== undefined && src.run.sigtermLogs && src.sigtermAt >= start && src.sigtermAt < end) {
    const extra = src.run.sigtermLogs(src.sigtermAt).filter((l) => l.atMs >= start && l.atMs < end);
    lines = [...lines, ...extra].sort((a, b) => a.atMs - b.atMs);
    if (limit !== undefined && lines.length > limit) lines = lines.slice(lines.length - limit);
  }
  return lines;
}

export function formatLines(lines: LogLine[], timestamps: boolean): string {
  return lines.map((l) => (timestamps ? `${rfc3339Nano(l.atMs)} ${l.text}\n` : `${l.text}\n`)).join("");
}

/** Cuts the text to at most `limit` UTF-8 bytes (kubelet's LimitBytes). */
export function limitBytes(text: string, limit: number | undefined): string {
  if (limit === undefined) return text;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= limit) return text;
  return new TextDecoder().decode(bytes.slice(0, limit));
}

/** The start of the window a request asks for (sinceSeconds / sinceTime), if any. */
export function sinceOf(q: LogQuery, now: number): number | undefined {
  if (q.sinceSeconds !== undefined) return now - q.sinceSeconds * 1000;
  return q.sinceTime;
}

/** Everything `kubectl logs` (without -f) prints for a pod and query at `now`. */
export function podLogText(kv: KvStore, program: Program, pod: KObject, q: LogQuery, now: number): string {
  const container = pickContainer(pod, q.container);
  // The API server checks the container name first; a pod not yet on a node has no kubelet to ask, and
  // LogLocation answers with an empty stream (kubectl prints nothing).
  if (!(pod.spec as J | undefined)?.nodeName) return "";
  const src = logSource(kv, program, pod, container, q.previous);
  const lines = linesBetween(src, sinceOf(q, now) ?? Number.NEGATIVE_INFINITY, now, q.tailLines);
  return limitBytes(formatLines(lines, q.timestamps), q.limitBytes);
}
