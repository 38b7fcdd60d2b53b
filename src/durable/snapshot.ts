/**
 * Cluster snapshots: a tutorial author freezes a cluster at a step (export); learners get new clusters made
 * from it (fork) and can put theirs back to it (reset = wipe + import). Pure functions over the Durable
 * Object's SqlStorage; the snapshot is plain JSON, gzip'd for transport and storage.
 *
 * What each piece of a cluster's storage becomes (every table and setting is decided here; export throws on
 * one it does not know, so whoever adds state also decides whether forks get it):
 * - `objects` (live objects): carried, values byte-for-byte, so uids, resourceVersions, ownerReferences and
 *   timestamps are the source's. A Deployment keeps its ReplicaSets, pods keep their names and IPs.
 * - `log` (history): not carried. The import writes one row per live object and marks everything up to the
 *   head compacted, so lists and watches from the current revision work and anything older answers
 *   410 Gone (as after an etcd compaction), never a silent gap.
 * - `meta`: `rev` is carried as `revision` (new writes continue after it); `compact_rev` becomes the head;
 *   `object_count` is recounted; `schema_version` is carried and must match the importing code's.
 * - `work_queue`: carried. Due times are cluster time and the clock comes along, so controllers resume where
 *   the source stopped (a rollout half-way goes on, requeued checks fire when they would have).
 * - `kubelet_pods`, `kubelet_runs`, `kubelet_ipam`: carried, so running pods stay running with the same
 *   container IDs, restart counts and `logs --previous`, and IPAM does not hand out an address in use.
 * - setting `clock`: carried as `clock`. A virtual clock comes back at exactly the frozen instant. A real
 *   clock keeps its offset from wall time: the time that passed since the snapshot has passed for the fork
 *   too (a resumed VM syncing NTP), since real-mode time is what tokens and clients compare against.
 *   `null` = the source never moved its clock, so the fork starts with its host's default clock too.
 * - setting `cluster_name`: stays behind; the import writes the new cluster's name.
 * - setting `serviceaccount_signing_key`: stays behind (a secret of the source): a fork generates its own key
 *   on its first TokenRequest, so tokens issued by the source never verify on a fork. A reset keeps the
 *   cluster's own key (a wipe spares every source-only setting: the cluster is still itself), so a token
 *   still verifies after a reset when its ServiceAccount came back with the same uid.
 *
 * Node names are kept from the source, and with them every mention of the source's name in seeded objects
 * (nodes `<source>-worker`, kubeadm's ClusterConfiguration, ...): pods are bound to those nodes and the
 * kubelet's rows point at them, so a fork is like a cloned VM keeping its hostname.
 *
 * In the Durable Object, fork and reset run in one `transactionSync` (wipe, import), after which every
 * in-memory cache of the old state is stale: build the KvStore, clock, registry (custom kinds), token keys
 * and engine anew (or let the object restart) and arm the alarm for the restored work queue.
 */
import type { KObject } from "../kube/object";
import { createKubeletTables } from "../kubelet/state-store";
import type { ClockState } from "../reconcile/clock";
import { createSchema, SCHEMA_VERSION } from "./store/schema";

export const SNAPSHOT_FORMAT = "edgeplane.dev/snapshot/v1";

/** Decompressed size decode accepts by default: well above a full cluster, well below a DO's memory. */
export const DEFAULT_MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** One row of a carried table: column name to value (JSON columns hold the parsed value). */
export type SnapshotRow = Record<string, string | number | null | Record<string, unknown>>;

export interface ClusterSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** Wall-clock time of the export, ISO 8601. */
  takenAt: string;
  sourceCluster: string;
  kubernetesVersion: string;
  /** The storage schema the rows are shaped by. */
  schemaVersion: number;
  /** The source's head revision; the importing cluster continues after it. */
  revision: number;
  clock: ClockState | null;
  /** Live objects in key order; each value's metadata.resourceVersion is its revision. */
  objects: { key: string; value: KObject }[];
  rows: Record<CarriedTable, SnapshotRow[]>;
  /** Further settings a fork inherits (see CARRIED_SETTINGS). */
  settings: Record<string, string>;
}

/** Thrown for bytes or values that are not a usable snapshot (the caller's 400). */
export class SnapshotError extends Error {
  override name = "SnapshotError";
}

type ColumnKind = "text" | "text?" | "number" | "number?" | "json";

/**
 * Tables copied row by row: their columns and primary key (checked on decode, so a crafted upload is a clear
 * 400 rather than a constraint error half-way through an import). Other tables are handled explicitly.
 */
const CARRIED_TABLES = {
  work_queue: {
    key: ["controller", "key"],
    columns: { controller: "text", key: "text", due: "number", attempts: "number" },
  },
  kubelet_pods: {
    key: ["uid"],
    columns: { uid: "text", namespace: "text", name: "text", node: "text", config_wait: "number", state: "json" },
  },
  kubelet_runs: {
    key: ["uid", "container", "restart_count"],
    columns: {
      uid: "text",
      container: "text",
      restart_count: "number",
      container_id: "text",
      started_at: "number",
      finished_at: "number?",
      exit_code: "number?",
      reason: "text?",
      sigterm_at: "number?",
      input: "json",
    },
  },
  kubelet_ipam: { key: ["node"], columns: { node: "text", last: "number" } },
} as const satisfies Record<string, { key: readonly string[]; columns: Record<string, ColumnKind> }>;

type CarriedTable = keyof typeof CARRIED_TABLES;
const CARRIED_TABLE_NAMES = Object.keys(CARRIED_TABLES) as CarriedTable[];
/** Tables whose content is rebuilt by the import rather than copied. */
const REBUILT_TABLES = ["meta", "log", "objects"];
/** Tables that belong to the source cluster alone and survive a reset: its audit outbox (not yet in D1). */
const SOURCE_ONLY_TABLES = ["audit_outbox"];

/** Settings a fork inherits as they are (none yet beyond the clock, which has its own field). */
const CARRIED_SETTINGS: readonly string[] = [];
/** Settings that stay with the source: its identity and its secrets. */
const SOURCE_ONLY_SETTINGS = [
  "cluster_name",
  "serviceaccount_signing_key",
  // The cluster's identity and terms in the service (a fork or a reset target gets its own).
  "cluster_id",
  "tenant",
  "spec",
  "max_objects",
  "expires_at",
];
/** Store counters in `meta`, derived by the import. */
const META_COUNTERS = ["schema_version", "rev", "compact_rev", "object_count"];
const SETTING_PREFIX = "setting:";

// ---- export ----------------------------------------------------------------------------------------------

export function exportSnapshot(
  sql: SqlStorage,
  meta: { clusterName: string; kubernetesVersion: string },
): ClusterSnapshot {
  const tables = userTables(sql);
  for (const t of tables) {
    if (!REBUILT_TABLES.includes(t) && !SOURCE_ONLY_TABLES.includes(t) && !(t in CARRIED_TABLES)) {
      throw new Error(`cannot snapshot table "${t}": src/durable/snapshot.ts does not say whether forks carry it`);
    }
  }
  let revision = 0;
  let schemaVersion = 0;
  let clock: ClockState | null = null;
  const settings: Record<string, string> = {};
  for (const row of sql.exec("SELECT key, value FROM meta ORDER BY key")) {
    const key = String(row.key);
    const value = String(row.value);
    const setting = key.startsWith(SETTING_PREFIX) ? key.slice(SETTING_PREFIX.length) : undefined;
    if (key === "rev") revision = Number(value);
    else if (key === "schema_version") schemaVersion = Number(value);
    else if (META_COUNTERS.includes(key)) continue;
    else if (setting === "clock") clock = JSON.parse(value) as ClockState;
    else if (setting !== undefined && CARRIED_SETTINGS.includes(setting)) settings[setting] = value;
    else if (setting === undefined || !SOURCE_ONLY_SETTINGS.includes(setting)) {
      throw new Error(`cannot snapshot meta key "${key}": src/durable/snapshot.ts does not say whether forks carry it`);
    }
  }
  const objects = sql
    .exec("SELECT key, value FROM objects ORDER BY key")
    .toArray()
    .map((r) => ({ key: String(r.key), value: JSON.parse(String(r.value)) as KObject }));
  const rows = {} as Record<CarriedTable, SnapshotRow[]>;
  for (const t of CARRIED_TABLE_NAMES) rows[t] = tables.includes(t) ? exportRows(sql, t) : [];
  return {
    format: SNAPSHOT_FORMAT,
    takenAt: new Date().toISOString(),
    sourceCluster: meta.clusterName,
    kubernetesVersion: meta.kubernetesVersion,
    schemaVersion,
    revision,
    clock,
    objects,
    rows,
    settings,
  };
}

function exportRows(sql: SqlStorage, table: CarriedTable): SnapshotRow[] {
  const columns: Record<string, ColumnKind> = CARRIED_TABLES[table].columns;
  const out: SnapshotRow[] = [];
  for (const r of sql.exec(`SELECT * FROM ${table} ORDER BY rowid`)) {
    const row: SnapshotRow = {};
    for (const [col, value] of Object.entries(r)) {
      const kind = columns[col];
      if (!kind) {
        throw new Error(`cannot snapshot column ${table}.${col}: src/durable/snapshot.ts does not know it`);
      }
      row[col] = kind === "json" ? (JSON.parse(String(value)) as Record<string, unknown>) : (value as string | number);
    }
    out.push(row);
  }
  return out;
}

/** The database's own tables: not SQLite's, not the platform's hidden ones (`_cf_*`, `__cf_kv`). */
function userTables(sql: SqlStorage): string[] {
  return sql
    .exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .toArray()
    .map((r) => String(r.name))
    .filter((n) => !n.startsWith("sqlite_") && !n.startsWith("_"));
}

// ---- encoding --------------------------------------------------------------------------------------------

export async function encodeSnapshot(s: ClusterSnapshot): Promise<Uint8Array> {
  const gz = new Blob([JSON.stringify(s)]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

/** Gunzips, parses and validates; anything else than a v1 snapshot throws a SnapshotError saying why. */
export async function decodeSnapshot(
  bytes: Uint8Array | ArrayBuffer,
  opts: { maxBytes?: number } = {},
): Promise<ClusterSnapshot> {
  const text = await gunzip(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), opts.maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SnapshotError(`snapshot is not JSON: ${(e as Error).message}`);
  }
  return validateSnapshot(json);
}

async function gunzip(bytes: Uint8Array, maxBytes = DEFAULT_MAX_SNAPSHOT_BYTES): Promise<string> {
  const ds = new DecompressionStream("gzip");
  const writer = ds.writable.getWriter();
  // Fed concurrently with the reads below (backpressure); its failure also surfaces on the reading side.
  const writing = writer.write(bytes).then(() => writer.close());
  writing.catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // A small upload must not inflate into more than the object's memory (a gzip bomb).
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new SnapshotError(`snapshot is larger than ${maxBytes} bytes uncompressed`);
      }
      chunks.push(value);
    }
    await writing;
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError(`snapshot is not valid gzip data (${(e as Error).message ?? e})`);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(all);
  } catch {
    throw new SnapshotError("snapshot is not UTF-8 text");
  }
}

/** Size of a snapshot: its objects and its JSON before compression (what an import must hold in memory). */
export function snapshotStats(s: ClusterSnapshot): { objects: number; bytes: number } {
  const json = JSON.stringify(s);
  let bytes = json.length;
  // UTF-8 length without encoding the whole text: non-ASCII code units take 2 or 3 bytes (surrogate pairs 4).
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return { objects: s.objects.length, bytes };
}

// ---- validation ------------------------------------------------------------------------------------------

const TOP_LEVEL = [
  "format",
  "takenAt",
  "sourceCluster",
  "kubernetesVersion",
  "schemaVersion",
  "revision",
  "clock",
  "objects",
  "rows",
  "settings",
];

function fail(message: string): never {
  throw new SnapshotError(`invalid snapshot: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** Checks a parsed value is a snapshot this code can import (shape, versions, revision consistency). */
export function validateSnapshot(v: unknown): ClusterSnapshot {
  if (!isRecord(v)) fail("not a JSON object");
  if (v.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      `unsupported snapshot format ${JSON.stringify(v.format ?? null)} (expected "${SNAPSHOT_FORMAT}")`,
    );
  }
  for (const k of Object.keys(v)) if (!TOP_LEVEL.includes(k)) fail(`unknown field "${k}"`);
  for (const k of ["takenAt", "sourceCluster", "kubernetesVersion"]) {
    if (typeof v[k] !== "string") fail(`${k} must be a string`);
  }
  if (v.schemaVersion !== SCHEMA_VERSION) {
    fail(`schemaVersion ${JSON.stringify(v.schemaVersion)} cannot be imported (this code stores ${SCHEMA_VERSION})`);
  }
  if (!isCount(v.revision)) fail("revision must be a non-negative integer");
  const revision = v.revision;
  if (v.clock !== null) validateClock(v.clock);

  if (!Array.isArray(v.objects)) fail("objects must be an array");
  const keys = new Set<string>();
  const revs = new Set<number>();
  v.objects.forEach((o: unknown, i: number) => {
    if (!isRecord(o) || typeof o.key !== "string" || o.key === "" || !isRecord(o.value)) {
      fail(`objects[${i}] must be {key, value} with a non-empty key and an object value`);
    }
    if (Object.keys(o).length !== 2) fail(`objects[${i}] has fields other than key and value`);
    const md = o.value.metadata;
    const rv = isRecord(md) && typeof md.resourceVersion === "string" ? Number(md.resourceVersion) : Number.NaN;
    if (!Number.isSafeInteger(rv) || rv < 1 || rv > revision) {
      fail(`objects[${i}] (${o.key}) must have a resourceVersion between 1 and the revision ${revision}`);
    }
    if (keys.has(o.key)) fail(`objects[${i}]: key ${o.key} appears twice`);
    if (revs.has(rv)) fail(`objects[${i}] (${o.key}): resourceVersion ${rv} appears twice`);
    keys.add(o.key);
    revs.add(rv);
  });

  if (!isRecord(v.rows)) fail("rows must be an object");
  for (const t of Object.keys(v.rows)) if (!(t in CARRIED_TABLES)) fail(`rows of unknown table "${t}"`);
  for (const t of CARRIED_TABLE_NAMES) {
    const rows = v.rows[t];
    if (!Array.isArray(rows)) fail(`rows.${t} must be an array`);
    const seen = new Set<string>();
    rows.forEach((r: unknown, i: number) => {
      validateRow(t, r, i);
      const pk = JSON.stringify(CARRIED_TABLES[t].key.map((c) => (r as SnapshotRow)[c]));
      if (seen.has(pk)) fail(`rows.${t}[${i}]: primary key ${pk} appears twice`);
      seen.add(pk);
    });
  }

  if (!isRecord(v.settings)) fail("settings must be an object");
  for (const [k, s] of Object.entries(v.settings)) {
    if (!CARRIED_SETTINGS.includes(k)) fail(`setting "${k}" is not one a snapshot may carry`);
    if (typeof s !== "string") fail(`setting "${k}" must be a string`);
  }
  return v as unknown as ClusterSnapshot;
}

function validateClock(c: unknown): void {
  if (
    !isRecord(c) ||
    (c.mode !== "real" && c.mode !== "virtual") ||
    !Number.isFinite(c.offsetMs) ||
    !Number.isFinite(c.virtualMs) ||
    Object.keys(c).length !== 3
  ) {
    fail("clock must be null or {mode: real|virtual, offsetMs, virtualMs}");
  }
}

function validateRow(table: CarriedTable, r: unknown, i: number): void {
  const columns: Record<string, ColumnKind> = CARRIED_TABLES[table].columns;
  const where = `rows.${table}[${i}]`;
  if (!isRecord(r)) fail(`${where} must be an object`);
  for (const k of Object.keys(r)) if (!(k in columns)) fail(`${where} has unknown column "${k}"`);
  for (const [col, kind] of Object.entries(columns)) {
    const value = r[col];
    const ok =
      kind === "json"
        ? isRecord(value)
        : kind.startsWith("text")
          ? typeof value === "string" || (kind === "text?" && value === null)
          : Number.isFinite(value) || (kind === "number?" && value === null);
    if (!ok) fail(`${where}.${col} must be ${kind.endsWith("?") ? "null or " : ""}${kind.replace("?", "")}`);
  }
}

// ---- wipe and import -------------------------------------------------------------------------------------

/**
 * Empties the cluster's state (schema and indexes stay) and returns the revision it had reached, for
 * `importSnapshot`'s `afterRevision` on a reset. What belongs to the cluster itself rather than to its state —
 * the source-only tables and settings (its id, tenant, limits, TTL, signing key) — is spared.
 */
export function wipeClusterState(sql: SqlStorage): { revision: number } {
  const row = sql.exec("SELECT value FROM meta WHERE key = 'rev'").toArray()[0];
  for (const t of userTables(sql)) {
    if (SOURCE_ONLY_TABLES.includes(t)) continue;
    if (t !== "meta") {
      sql.exec(`DELETE FROM ${t}`);
      continue;
    }
    const spared = SOURCE_ONLY_SETTINGS.filter((k) => k !== "cluster_name").map((k) => `${SETTING_PREFIX}${k}`);
    sql.exec(`DELETE FROM meta WHERE key NOT IN (${spared.map(() => "?").join(", ")})`, ...spared);
  }
  return { revision: row ? Number(row.value) : 0 };
}

export interface ImportOptions {
  /** The new cluster's name (a fork's own, or the same name on a reset). */
  clusterName: string;
  /**
   * Revisions this storage already handed out before a reset. The restored head moves past it and is marked
   * compacted, so a client still watching from before the reset gets 410 Gone and relists instead of silently
   * missing the reset (etcdutl snapshot restore --bump-revision --mark-compacted).
   */
  afterRevision?: number;
  /** The importing tenant's bound on stored objects: a bigger snapshot is refused before anything is written. */
  maxObjects?: number;
}

/**
 * Writes a snapshot into empty cluster storage (fresh, or wiped). Creates the tables it needs; throws when
 * the storage already holds a cluster. Call inside one transaction so a failure leaves nothing half-written.
 */
export function importSnapshot(sql: SqlStorage, s: ClusterSnapshot, opts: ImportOptions): void {
  // `s` comes from decodeSnapshot, which validated it.
  if (opts.maxObjects !== undefined && s.objects.length > opts.maxObjects) {
    throw new Error(`the snapshot holds ${s.objects.length} objects, over this cluster's limit of ${opts.maxObjects}`);
  }
  createSchema(sql);
  // The kubelet creates its tables lazily; the same DDL, through its own code, over this SQL handle.
  createKubeletTables({ rawQuery: (q: string, ...p: SqlStorageValue[]) => sql.exec(q, ...p).toArray() });
  const head = Number(sql.exec("SELECT value FROM meta WHERE key = 'rev'").toArray()[0]?.value ?? 0);
  const nonEmpty = ["objects", "log", ...CARRIED_TABLE_NAMES].filter(
    (t) => Number(sql.exec(`SELECT COUNT(*) AS n FROM ${t}`).one().n) > 0,
  );
  if (head > 0 || nonEmpty.length > 0) {
    throw new Error(
      `cannot import a snapshot into a cluster that has state (revision ${head}${nonEmpty.length ? `, rows in ${nonEmpty.join(", ")}` : ""}); wipe it first`,
    );
  }

  for (const { key, value } of s.objects) {
    const rev = Number(value.metadata.resourceVersion);
    const json = JSON.stringify(value);
    sql.exec("INSERT INTO objects (key, rev, value) VALUES (?, ?, ?)", key, rev, json);
    // The history starts here: each object's newest row, as compaction would have left it.
    sql.exec("INSERT INTO log (rev, key, event, prev_rev, value) VALUES (?, ?, 0, 0, ?)", rev, key, json);
  }
  for (const t of CARRIED_TABLE_NAMES) {
    const columns: [string, ColumnKind][] = Object.entries(CARRIED_TABLES[t].columns);
    const insert = `INSERT INTO ${t} (${columns.map(([c]) => c).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
    for (const r of s.rows[t]) {
      sql.exec(
        insert,
        ...columns.map(([c, kind]) => (kind === "json" ? JSON.stringify(r[c]) : (r[c] as SqlStorageValue))),
      );
    }
  }

  const revision = Math.max(s.revision, opts.afterRevision === undefined ? 0 : opts.afterRevision + 1);
  const setMeta = (key: string, value: string | number) =>
    sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, String(value));
  setMeta("rev", revision);
  setMeta("compact_rev", revision);
  setMeta("object_count", s.objects.length);
  setMeta(`${SETTING_PREFIX}cluster_name`, opts.clusterName);
  if (s.clock) setMeta(`${SETTING_PREFIX}clock`, JSON.stringify(s.clock));
  else sql.exec("DELETE FROM meta WHERE key = ?", `${SETTING_PREFIX}clock`);
  for (const [k, value] of Object.entries(s.settings)) setMeta(`${SETTING_PREFIX}${k}`, value);
}
