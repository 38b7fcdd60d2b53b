/**
 * Probes as the kubelet's prober workers run them (pkg/kubelet/prober): one worker per probe, ticking every
 * periodSeconds from the pod's admission; a tick before initialDelaySeconds or (liveness/readiness) before
 * the startup probe succeeded does nothing; a result only takes effect after successThreshold /
 * failureThreshold identical results in a row; every failed probe is an Unhealthy event.
 *
 * Probing a simulated process is a pure function of its ContainerRun and the time, so the controller can
 * look ahead over ticks without waking (probeHorizon) and only wake when something changes.
 */
import type { ContainerRun } from "../sim/program";
import type { ContainerState, ProbeKind, ProbeState } from "./types";

type J = Record<string, any>;

export const PROBE_KINDS: ProbeKind[] = ["startup", "liveness", "readiness"];
const TITLE: Record<ProbeKind, string> = { startup: "Startup", liveness: "Liveness", readiness: "Readiness" };

export function probeSpec(spec: J, kind: ProbeKind): J | undefined {
  return spec[`${kind}Probe`] as J | undefined;
}

function num(v: unknown, d: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : d;
}

export function periodMs(p: J): number {
  return Math.max(1, num(p.periodSeconds, 10)) * 1000;
}

function resolvePort(port: unknown, spec: J): number {
  if (typeof port === "number") return port;
  const named = ((spec.ports ?? []) as J[]).find((p) => p.name === port);
  return named ? Number(named.containerPort) : Number(port);
}

/** One probe attempt: success, or the failure output the kubelet puts into the event. */
export function runProbe(p: J, spec: J, run: ContainerRun, podIP: string, t: number): { ok: boolean; output: string } {
  if (p.exec) {
    const r = run.exec((p.exec.command ?? []) as string[], t);
    return { ok: r.code === 0, output: `${r.stdout}${r.stderr}`.replace(/\n$/, "") };
  }
  if (p.httpGet) {
    const host = p.httpGet.host || podIP;
    const port = resolvePort(p.httpGet.port, spec);
    const path = p.httpGet.path || "/";
    const scheme = String(p.httpGet.scheme ?? "HTTP").toLowerCase();
    const code = run.httpGet(port, path, t);
    if (code === undefined) {
      return {
        ok: false,
        output: `Get "${scheme}://${host}:${port}${path}": dial tcp ${host}:${port}: connect: connection refused`,
      };
    }
    if (code >= 200 && code < 400) return { ok: true, output: "" };
    return { ok: false, output: `HTTP probe failed with statuscode: ${code}` };
  }
  const sock = p.tcpSocket ?? p.grpc;
  if (sock) {
    const host = p.tcpSocket?.host || podIP;
    const port = resolvePort(sock.port, spec);
    const listening = run.listensOn.some((l) => l.port === port && l.fromMs <= t);
    if (listening) return { ok: true, output: "" };
    if (p.grpc) {
      return {
        ok: false,
        output: `timeout: failed to connect service "${host}:${port}" within ${num(p.timeoutSeconds, 1)}s: context deadline exceeded`,
      };
    }
    return { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  return { ok: true, output: "" };
}

/** First tick of a worker anchored at `anchor` that falls at or after `from`. */
export function firstTickAtOrAfter(anchor: number, period: number, from: number): number {
  if (from <= anchor) return anchor;
  return anchor + Math.ceil((from - anchor) / period) * period;
}

/** Fresh workers for a container that just started (results reset to their initial values). */
export function resetProbes(c: ContainerState, spec: J, anchor: number, startedAt: number): void {
  c.probes = {};
  for (const kind of PROBE_KINDS) {
    const p = probeSpec(spec, kind);
    if (!p || (c.init && !c.sidecar)) continue;
    c.probes[kind] = { next: firstTickAtOrAfter(anchor, periodMs(p), startedAt), run: 0 };
  }
  c.started = !c.probes.startup;
  c.ready = c.started && !c.probes.readiness;
}

export interface TickOutcome {
  /** Unhealthy event message for a failed attempt. */
  failure?: string;
  /** The container must be killed and restarted (liveness/startup failureThreshold reached). */
  kill?: string;
}

/** Runs one worker tick at `t` on `c` (mutates it). */
export function tick(
  c: ContainerState,
  kind: ProbeKind,
  spec: J,
  run: ContainerRun,
  podIP: string,
  t: number,
): TickOutcome {
  const ps = c.probes[kind] as ProbeState;
  const p = probeSpec(spec, kind) as J;
  ps.next = t + periodMs(p);
  if (c.stage !== "running" || c.startedAt === undefined || ps.onHold || c.killing) return {};
  if (kind === "startup" ? c.started : !c.started) return {};
  if (Math.floor((t - c.startedAt) / 1000) < num(p.initialDelaySeconds, 0)) return {};
  const r = runProbe(p, spec, run, podIP, t);
  if (ps.lastResult === r.ok) ps.run++;
  else {
    ps.lastResult = r.ok;
    ps.run = 1;
  }
  const out: TickOutcome = r.ok ? {} : { failure: `${TITLE[kind]} probe failed: ${r.output}` };
  const threshold = r.ok ? (kind === "readiness" ? num(p.successThreshold, 1) : 1) : num(p.failureThreshold, 3);
  if (ps.run < threshold) return out;
  if (kind === "readiness") c.ready = r.ok;
  else if (kind === "startup" && r.ok) {
    c.started = true;
    c.ready = !c.probes.readiness;
  } else if (!r.ok) {
    ps.onHold = true;
    out.kill = `Container ${c.name} failed ${kind} probe, will be restarted`;
  }
  return out;
}

/** The earliest pending tick of a container's workers. */
export function nextTick(c: ContainerState): { kind: ProbeKind; t: number } | undefined {
  let best: { kind: ProbeKind; t: number } | undefined;
  for (const kind of PROBE_KINDS) {
    const ps = c.probes[kind];
    if (ps && (!best || ps.next < best.t)) best = { kind, t: ps.next };
  }
  return best;
}

export const FAILURE_EVENT_REFRESH_MS = 60_000;
const HORIZON_MS = 3_600_000;

/**
 * Looks ahead over a running container's probe ticks (on a copy) for the first one that changes what the
 * pod shows: started/ready flips, a kill, the first failure of a streak, or a failure at least a minute
 * after the last recorded one (so Unhealthy counts keep growing without waking every period). Returns that
 * tick's time, or the horizon (an hour ahead) when nothing changes before it.
 */
export function probeHorizon(
  c: ContainerState,
  spec: J,
  run: ContainerRun,
  podIP: string,
  now: number,
  until: number,
): number | undefined {
  if (!nextTick(c)) return undefined;
  const copy = structuredClone(c);
  const end = Math.min(until, now + HORIZON_MS);
  for (let i = 0; i < 100_000; i++) {
    const n = nextTick(copy);
    if (!n || n.t > end) break;
    const before = `${copy.started}/${copy.ready}`;
    const prevResult = copy.probes[n.kind]?.lastResult;
    const eventAt = copy.probes[n.kind]?.eventAt ?? Number.NEGATIVE_INFINITY;
    const o = tick(copy, n.kind, spec, run, podIP, n.t);
    if (o.kill || `${copy.started}/${copy.ready}` !== before) return n.t;
    if (o.failure && (prevResult !== false || n.t - eventAt >= FAILURE_EVENT_REFRESH_MS)) return n.t;
  }
  return end < until ? now + HORIZON_MS : undefined;
}
