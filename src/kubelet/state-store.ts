/**
 * The kubelet's tables in the cluster's SQLite: per-pod state (what a real kubelet keeps in memory and on
 * disk), one row per container run (so `kubectl logs --previous` finds the last instance after restarts;
 * the output itself is recomputed from the run's input, never stored) and each node's IPAM cursor.
 */
import type { KvStore } from "../durable/store/kv-store";
import type { ContainerInput } from "../sim/program";
import type { PodState } from "./types";

const created = new WeakSet<object>();

/** Creates the kubelet's tables if missing (also used by snapshot import, before any kubelet runs). */
export function createKubeletTables(kv: Pick<KvStore, "rawQuery">): void {
  if (created.has(kv)) return;
  kv.rawQuery(
    `CREATE TABLE IF NOT EXISTS kubelet_pods (
       uid TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, node TEXT NOT NULL,
       config_wait INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL)`,
  );
  kv.rawQuery("CREATE INDEX IF NOT EXISTS kubelet_pods_name ON kubelet_pods(namespace, name)");
  kv.rawQuery(
    `CREATE TABLE IF NOT EXISTS kubelet_runs (
       uid TEXT NOT NULL, container TEXT NOT NULL, restart_count INTEGER NOT NULL, container_id TEXT NOT NULL,
       started_at INTEGER NOT NULL, finished_at INTEGER, exit_code INTEGER, reason TEXT, sigterm_at INTEGER,
       input TEXT NOT NULL,
       PRIMARY KEY (uid, container, restart_count))`,
  );
  kv.rawQuery("CREATE INDEX IF NOT EXISTS kubelet_runs_id ON kubelet_runs(container_id)");
  kv.rawQuery("CREATE TABLE IF NOT EXISTS kubelet_ipam (node TEXT PRIMARY KEY, last INTEGER NOT NULL)");
  created.add(kv);
}

export interface RunRecord {
  uid: string;
  container: string;
  restartCount: number;
  containerID: string;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  sigtermAt?: number;
  input: ContainerInput;
}

export class KubeletTables {
  constructor(private readonly kv: KvStore) {
    createKubeletTables(kv);
  }

  load(uid: string): PodState | undefined {
    const row = this.kv.rawQuery("SELECT state FROM kubelet_pods WHERE uid = ?", uid)[0];
    return row ? (JSON.parse(String(row.state)) as PodState) : undefined;
  }

  save(namespace: string, name: string, st: PodState): void {
    this.kv.rawQuery(
      "INSERT OR REPLACE INTO kubelet_pods (uid, namespace, name, node, config_wait, state) VALUES (?, ?, ?, ?, ?, ?)",
      st.uid,
      namespace,
      name,
      st.node,
      st.configWait ? 1 : 0,
      JSON.stringify(st),
    );
  }

  /** Forgets pods that no longer exist under this name (or whose uid differs from the live one). */
  forget(namespace: string, name: string, keepUid?: string): void {
    for (const r of this.kv.rawQuery(
      "SELECT uid FROM kubelet_pods WHERE namespace = ? AND name = ? AND uid != ?",
      namespace,
      name,
      keepUid ?? "",
    )) {
      this.kv.rawQuery("DELETE FROM kubelet_runs WHERE uid = ?", r.uid);
      this.kv.rawQuery("DELETE FROM kubelet_pods WHERE uid = ?", r.uid);
    }
  }

  /** Pod names of a node (to wake them when its kubelet comes back). */
  podsOnNode(node: string): { namespace: string; name: string }[] {
    return this.kv
      .rawQuery("SELECT namespace, name FROM kubelet_pods WHERE node = ?", node)
      .map((r) => ({ namespace: String(r.namespace), name: String(r.name) }));
  }

  podsWaitingForConfig(namespace: string): string[] {
    return this.kv
      .rawQuery("SELECT name FROM kubelet_pods WHERE namespace = ? AND config_wait = 1", namespace)
      .map((r) => String(r.name));
  }

  recordRun(r: RunRecord): void {
    this.kv.rawQuery(
      `INSERT OR REPLACE INTO kubelet_runs
         (uid, container, restart_count, container_id, started_at, finished_at, exit_code, reason, input)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.uid,
      r.container,
      r.restartCount,
      r.containerID,
      r.startedAt,
      r.finishedAt ?? null,
      r.exitCode ?? null,
      r.reason ?? null,
      JSON.stringify(r.input),
    );
  }

  finishRun(containerID: string, finishedAt: number, exitCode: number, reason: string): void {
    this.kv.rawQuery(
      "UPDATE kubelet_runs SET finished_at = ?, exit_code = ?, reason = ? WHERE container_id = ?",
      finishedAt,
      exitCode,
      reason,
      containerID,
    );
  }

  sigterm(containerID: string, at: number): void {
    this.kv.rawQuery("UPDATE kubelet_runs SET sigterm_at = ? WHERE container_id = ?", at, containerID);
  }

  run(containerID: string): RunRecord | undefined {
    const r = this.kv.rawQuery("SELECT * FROM kubelet_runs WHERE container_id = ?", containerID)[0];
    if (!r) return undefined;
    return {
      uid: String(r.uid),
      container: String(r.container),
      restartCount: Number(r.restart_count),
      containerID: String(r.container_id),
      startedAt: Number(r.started_at),
      finishedAt: r.finished_at == null ? undefined : Number(r.finished_at),
      exitCode: r.exit_code == null ? undefined : Number(r.exit_code),
      reason: r.reason == null ? undefined : String(r.reason),
      sigtermAt: r.sigterm_at == null ? undefined : Number(r.sigterm_at),
      input: JSON.parse(String(r.input)) as ContainerInput,
    };
  }

  ipCursor(node: string): number | undefined {
    const r = this.kv.rawQuery("SELECT last FROM kubelet_ipam WHERE node = ?", node)[0];
    return r ? Number(r.last) : undefined;
  }

  setIpCursor(node: string, last: number): void {
    this.kv.rawQuery("INSERT OR REPLACE INTO kubelet_ipam (node, last) VALUES (?, ?)", node, last);
  }

  /** Pod IPs in use on a node: non-terminal pods' status.podIP, from the live objects. */
  usedIPs(node: string): Set<string> {
    const rows = this.kv.rawQuery(
      `SELECT json_extract(value, '$.status.podIP') AS ip FROM objects
       WHERE key >= 'core/pods/' AND key < 'core/pods0' AND instr(value, ?) > 0
         AND json_extract(value, '$.spec.nodeName') = ?
         AND json_extract(value, '$.status.podIP') IS NOT NULL
         AND COALESCE(json_extract(value, '$.status.phase'), '') NOT IN ('Succeeded', 'Failed')`,
      // A plain substring test first, so only this node's pods get their JSON parsed.
      JSON.stringify(node),
      node,
    );
    return new Set(rows.map((r) => String(r.ip)));
  }
}

/** The next free address of a node's podCIDR after the cursor (host-local IPAM's round robin: freed
 * addresses come back only after the range wraps). `.0`, `.1` (the bridge) and broadcast are skipped. */
export function allocateIP(tables: KubeletTables, node: string, cidr: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const base = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
  const bits = +m[5];
  const size = 2 ** (32 - bits);
  if (size < 4) return undefined;
  const used = tables.usedIPs(node);
  const toText = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  const first = 2;
  const lastHost = size - 2;
  let cur = tables.ipCursor(node) ?? first - 1;
  for (let i = 0; i < lastHost; i++) {
    cur = cur + 1 > lastHost ? first : cur + 1;
    const ip = toText((base + cur) >>> 0);
    if (!used.has(ip)) {
      tables.setIpCursor(node, cur);
      return ip;
    }
  }
  return undefined;
}
