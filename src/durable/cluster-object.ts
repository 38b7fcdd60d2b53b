/**
 * One tenant cluster: its etcd-like store, API server and controllers, in one SQLite-backed Durable Object.
 *
 * Shape follows partyserver / cloudflare/agents: the schema is created synchronously at construction inside
 * blockConcurrencyWhile; controllers run from the alarm, which is armed for the earliest queued work (or the
 * cluster's TTL, or pending audit). A cluster is born only by `create()` (the lifecycle API, or the first use
 * of a local development cluster); an object that was never created, or was deleted, answers 404.
 */
import { DurableObject } from "cloudflare:workers";
import { revokeKubeconfigTokens } from "../api/tenant-store";
import { ResourceStore } from "../apiserver/resource-store";
import { errorResponse } from "../apiserver/responses";
import { auditRecordFor, KubeApi, type KubeApiConfig, type UserInfo } from "../apiserver/server";
import { authenticateServiceAccountToken } from "../apiserver/serviceaccount-auth";
import { ServiceAccountTokens } from "../apiserver/serviceaccount-tokens";
import { AuditOutbox } from "../audit/outbox";
import { IDENTITY_HEADERS, readIdentity } from "../auth/identity";
import { kindClusterObjects } from "../cluster/seed";
import { type ClusterSpec, DEFAULT_CLUSTER_SPEC } from "../cluster/spec";
import { versionInfo } from "../cluster/versions";
import type { Env } from "../env";
import { type CustomResourceDefinition, crdIsEstablished, kindsFromCRD } from "../kube/crd/kind-from-crd";
import { StatusError } from "../kube/errors";
import { groupOfApiVersion, type KObject } from "../kube/object";
import { KINDS } from "../kube/registry/kinds";
import { Registry, storageKey } from "../kube/registry/registry";
import { AUDIT_FLUSH_DELAY_MS, sampleDue } from "../metrics-history/policy";
import { isNodeReady, sampleCluster } from "../metrics-history/sampler";
import { writeSamples } from "../metrics-history/store";
import { type ClockState, ClusterClock } from "../reconcile/clock";
import { type ControllerContext, seededRandom } from "../reconcile/controller-context";
import { CONTROLLERS } from "../reconcile/controllers";
import { ControllerEngine } from "../reconcile/engine";
import { eventRecorder } from "../reconcile/events";
import {
  type AppliedObject,
  applyBundle,
  type EventSummary,
  failureEvents,
  type RolloutResult,
  rolloutOutcome,
  rolloutResults,
} from "./apply-bundle";
import { benchClusterSize, benchSchedulerRoute } from "./cluster-bench";
import { decodeSnapshot, encodeSnapshot, exportSnapshot, importSnapshot, wipeClusterState } from "./snapshot";
import { KvStore, prefixRange } from "./store/kv-store";
import { benchStore } from "./store-bench";
import { handleTime } from "./time-control";

/** Who a request is before it has authenticated (kube's user for refused credentials). */
const ANONYMOUS: UserInfo = { username: "system:anonymous", groups: ["system:unauthenticated"] };
const CRD_PREFIX = "apiextensions.k8s.io/customresourcedefinitions/";

/** What the lifecycle API hands a new cluster. */
export interface ClusterInit {
  id: string;
  tenant: string;
  name: string;
  spec: ClusterSpec;
  maxObjects: number;
  /** Wall-clock epoch ms at which the cluster deletes itself (sandbox TTL). */
  expiresAt?: number;
  /** A snapshot (gzip'd JSON, see snapshot.ts) to start from instead of a fresh kind cluster. */
  snapshot?: Uint8Array;
}

export interface ClusterSummary {
  id: string;
  name: string;
  tenant: string;
  kubernetesVersion: string;
  clock: { mode: string; now: number };
  nodes: { total: number; ready: number };
  pods: { total: number; byPhase: Record<string, number> };
  objects: number;
  expiresAt?: number;
}

export interface DeliveryRequest {
  objects: KObject[];
  namespace: string;
  wait: boolean;
  timeoutSeconds: number;
  /** Who applies: the webhook's identity inside the cluster (cluster RBAC decides what it may do). */
  user: UserInfo;
}

export interface DeliveryResult {
  applied: AppliedObject[];
  rollouts: RolloutResult[];
  events: EventSummary[];
  timedOut: boolean;
}

export interface SnapshotExport {
  bytes: Uint8Array;
  objects: number;
  kubernetesVersion: string;
}

export class ClusterObject extends DurableObject<Env> {
  private kv!: KvStore;
  private store!: ResourceStore;
  private api!: KubeApi;
  private engine!: ControllerEngine;
  private clock!: ClusterClock;
  private outbox!: AuditOutbox;
  private tokens!: ServiceAccountTokens;
  /** Per cluster: built-in kinds plus the cluster's own CustomResourceDefinitions. */
  private registry = new Registry(KINDS);
  private clusterName: string | undefined;
  private clusterId: string | undefined;
  /** Settings read on every request and alarm, kept in memory (they change only at birth). */
  private spec: ClusterSpec = DEFAULT_CLUSTER_SPEC;
  private expiresAt: number | undefined;
  private destroyed = false;
  private flushing: Promise<void> | undefined;
  private auditDueAt: number | undefined;
  private lastSampleAt: number | undefined;
  private requestCount = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.boot());
  }

  /** Builds the in-memory cluster over whatever storage holds (again after a reset replaces the storage). */
  private boot(): void {
    const ctx = this.ctx;
    const env = this.env;
    this.registry = new Registry(KINDS);
    this.kv = new KvStore(ctx.storage, {
      maxObjects: Number(env.MAX_OBJECTS_PER_CLUSTER ?? 20000),
      historyWindow: Number(env.HISTORY_WINDOW ?? 10000),
    });
    const max = this.kv.getSetting("max_objects");
    if (max) this.kv.setMaxObjects(Number(max));
    const saved = this.kv.getSetting("clock");
    this.clock = new ClusterClock(saved ? (JSON.parse(saved) as ClockState) : undefined, (st) =>
      this.kv.setSetting("clock", JSON.stringify(st)),
    );
    const now = () => this.clock.now();
    const registry = this.registry;
    this.store = new ResourceStore(this.kv, registry, now);
    this.loadSettings();
    this.tokens = new ServiceAccountTokens(this.kv, () => this.clusterId);
    this.api = new KubeApi(this.kv, this.store, registry, now, this.tokens);
    this.outbox = new AuditOutbox(ctx.storage.sql);
    this.engine = new ControllerEngine(ctx.storage.sql, this.clock, {
      getAlarm: () => ctx.storage.getAlarm(),
      setAlarm: (t) => ctx.storage.setAlarm(t),
      deleteAlarm: () => ctx.storage.deleteAlarm(),
    });
    this.engine.setDeadlines(() => [this.expiresAt, this.outbox.pending() > 0 ? this.auditDeadline() : undefined]);
    const engine = this.engine;
    const cctx: ControllerContext = {
      store: this.store,
      registry,
      clock: this.clock,
      events: eventRecorder(this.store, registry, this.clock),
      random: seededRandom(this.clusterName ?? ctx.id.toString()),
      enqueue: (c, k, d = 0) => engine.enqueue(c, k, this.clock.now() + d),
    };
    for (const make of CONTROLLERS) engine.register(make(cctx));
    this.kv.subscribe((changes) => {
      if (changes.some((c) => c.key.startsWith(CRD_PREFIX))) this.refreshCustomKinds();
      engine.onChanges(changes);
    });
    this.refreshCustomKinds();
  }

  /** Serves the custom resources of every established CRD (built-in kinds keep their names). */
  private refreshCustomKinds(): void {
    const crds = this.kv
      .list(prefixRange(CRD_PREFIX))
      .items.map((i) => i.object as unknown as CustomResourceDefinition)
      .filter((c) => crdIsEstablished(c));
    this.registry.setCustomKinds(crds.flatMap((c) => kindsFromCRD(c)));
  }

  private loadSettings(): void {
    this.clusterName = this.kv.getSetting("cluster_name");
    this.clusterId = this.kv.getSetting("cluster_id");
    const spec = this.kv.getSetting("spec");
    this.spec = spec ? (JSON.parse(spec) as ClusterSpec) : DEFAULT_CLUSTER_SPEC;
    const expires = this.kv.getSetting("expires_at");
    this.expiresAt = expires ? Number(expires) : undefined;
  }

  private auditDeadline(): number {
    this.auditDueAt ??= Date.now() + AUDIT_FLUSH_DELAY_MS;
    return this.auditDueAt;
  }

  /** How this cluster's API server serves a request: its version, its audit, and the clock it hosts. */
  private apiConfig(prefix: string): KubeApiConfig {
    const clock = (request: Request, url: URL) => handleTime(request, url, this.clock, this.engine);
    return {
      prefix,
      bookmarkIntervalMs: Number(this.env.BOOKMARK_INTERVAL_MS ?? 60000),
      version: this.version,
      onAudit: (r) => this.outbox.append(r),
      routes: { "/time": clock, "/time:advance": clock },
    };
  }

  private get version() {
    const v = versionInfo(this.spec.kubernetesVersion);
    return { ...v.version, goVersion: v.goVersion };
  }

  private requireBorn(): void {
    if (this.destroyed || !this.clusterId) throw new StatusError(404, "NotFound", "cluster not found");
  }

  // ---- lifecycle (RPC from the Worker) ------------------------------------------------------------------------

  /** Births the cluster: a fresh kind-like cluster from the spec, or the state of a snapshot. Idempotent per id. */
  async create(init: ClusterInit): Promise<ClusterSummary> {
    if (this.destroyed) throw new Error("this cluster object was deleted; a new cluster needs a new id");
    if (this.clusterId) {
      if (this.clusterId !== init.id) throw new Error("cluster object already holds another cluster");
      return this.summary();
    }
    if (init.snapshot) {
      const snap = await decodeSnapshot(init.snapshot);
      this.ctx.storage.transactionSync(() => {
        wipeClusterState(this.ctx.storage.sql);
        importSnapshot(this.ctx.storage.sql, snap, { clusterName: init.name, maxObjects: init.maxObjects });
      });
      this.boot();
    } else {
      const objects = kindClusterObjects(init.name, this.clock.now(), undefined, {
        kubernetesVersion: init.spec.kubernetesVersion,
        nodes: init.spec.nodes,
      });
      this.kv.transaction(() => {
        for (const obj of objects) {
          const decl = this.registry.byKind(groupOfApiVersion(obj.apiVersion ?? "v1"), obj.kind ?? "");
          if (!decl) throw new Error(`seed object of unknown kind ${obj.apiVersion}/${obj.kind}`);
          this.kv.create(storageKey(decl, obj.metadata.namespace, obj.metadata.name ?? ""), obj);
        }
      });
      if (init.spec.clock === "virtual") this.clock.setMode("virtual");
    }
    this.kv.setSetting("cluster_name", init.name);
    this.kv.setSetting("cluster_id", init.id);
    this.kv.setSetting("tenant", init.tenant);
    this.kv.setSetting("spec", JSON.stringify(init.spec));
    this.kv.setSetting("max_objects", String(init.maxObjects));
    if (init.expiresAt) this.kv.setSetting("expires_at", String(init.expiresAt));
    this.kv.setMaxObjects(init.maxObjects);
    this.loadSettings();
    await this.engine.arm();
    return this.summary();
  }

  /** Deletes the cluster: every row of its storage and its alarm. Audit already written stays in D1. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    if (this.clusterId) await this.flushAudit().catch(() => {});
    this.destroyed = true;
    this.clusterId = undefined;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  async summary(): Promise<ClusterSummary> {
    this.requireBorn();
    const byPhase: Record<string, number> = {};
    let pods = 0;
    for (const row of this.kv.rawQuery(
      "SELECT json_extract(value, '$.status.phase') AS phase, COUNT(*) AS n FROM objects WHERE key >= ? AND key < ? GROUP BY phase",
      ...rangeArgs("core/pods/"),
    )) {
      const n = Number(row.n);
      byPhase[String(row.phase ?? "Pending")] = (byPhase[String(row.phase ?? "Pending")] ?? 0) + n;
      pods += n;
    }
    const nodes = this.kv.list(prefixRange("core/nodes/")).items;
    const ready = nodes.filter((n) => isNodeReady(n.object)).length;
    return {
      id: this.clusterId!,
      name: this.clusterName ?? "",
      tenant: this.kv.getSetting("tenant") ?? "",
      kubernetesVersion: this.spec.kubernetesVersion,
      clock: { mode: this.clock.mode, now: this.clock.now() },
      nodes: { total: nodes.length, ready },
      pods: { total: pods, byPhase },
      objects: this.kv.count(),
      expiresAt: this.expiresAt,
    };
  }

  /** The cluster's state as a snapshot (no history, no signing key). */
  async snapshot(): Promise<SnapshotExport> {
    this.requireBorn();
    const spec = this.spec;
    const snap = exportSnapshot(this.ctx.storage.sql, {
      clusterName: this.clusterName ?? "",
      kubernetesVersion: spec.kubernetesVersion,
    });
    return { bytes: await encodeSnapshot(snap), objects: this.kv.count(), kubernetesVersion: spec.kubernetesVersion };
  }

  /** Replaces the cluster's state with a snapshot's, keeping its identity, limits and TTL. */
  async reset(bytes: Uint8Array): Promise<ClusterSummary> {
    this.requireBorn();
    const snap = await decodeSnapshot(bytes);
    const name = this.clusterName ?? "";
    await this.flushAudit().catch(() => {});
    this.ctx.storage.transactionSync(() => {
      // The revision moves past the old one and is marked compacted: watchers from before the reset get 410
      // Gone and relist, as after `etcdutl snapshot restore --bump-revision --mark-compacted`. The cluster's
      // identity, limits, TTL and signing key survive the wipe.
      const { revision } = wipeClusterState(this.ctx.storage.sql);
      const maxObjects = Number(this.kv.getSetting("max_objects") ?? Number.POSITIVE_INFINITY);
      importSnapshot(this.ctx.storage.sql, snap, { clusterName: name, afterRevision: revision, maxObjects });
    });
    this.boot();
    await this.engine.arm();
    return this.summary();
  }

  /** Writes pending audit events to D1 now (the audit API calls this first, so reads see every request). */
  async flushAudit(): Promise<number> {
    if (!this.clusterId) return 0;
    let total = 0;
    while (this.outbox.pending() > 0) {
      const n = await this.outbox.flush(this.env.DB, this.clusterId);
      if (n === 0) break;
      total += n;
    }
    this.auditDueAt = undefined;
    return total;
  }

  /**
   * A CI delivery: server-side apply of a bundle as the webhook's user, then (if asked) waiting until every
   * rollout finishes, fails or the timeout passes. A virtual-clock cluster fast-forwards its own time while
   * waiting (the rollout takes cluster seconds, not wall seconds); a real-clock cluster waits in real time.
   */
  async deliver(d: DeliveryRequest): Promise<DeliveryResult> {
    this.requireBorn();
    const started = this.clock.now();
    const config = this.apiConfig("");
    const deps = { registry: this.registry, handle: (req: Request) => this.api.handle(req, d.user, config) };
    const applied = await applyBundle(deps, d.objects, { namespace: d.namespace });
    await this.engine.arm();
    let rollouts = await rolloutResults(deps, applied);
    let timedOut = false;
    if (d.wait) {
      const deadline = started + d.timeoutSeconds * 1000;
      const wallDeadline = Date.now() + d.timeoutSeconds * 1000;
      while (rolloutOutcome(rollouts) === "waiting") {
        if (this.clock.mode === "virtual") {
          if (this.clock.now() >= deadline) {
            timedOut = true;
            break;
          }
          // Step at least a second, but skip straight to the next queued work: nothing changes in between.
          const next = Math.max(this.clock.now() + 1000, this.engine.nextDue() ?? deadline);
          await this.engine.advanceTo(Math.min(deadline, next));
        } else {
          if (Date.now() >= wallDeadline) {
            timedOut = true;
            break;
          }
          await new Promise((r) => setTimeout(r, 250));
          await this.engine.runDue();
        }
        rollouts = await rolloutResults(deps, applied);
      }
      await this.engine.arm();
    }
    const events = await failureEvents(deps, applied, { since: started });
    this.background();
    return { applied, rollouts, events, timedOut };
  }

  // ---- requests -----------------------------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    try {
      const name = request.headers.get(IDENTITY_HEADERS.cluster);
      const prefix = request.headers.get(IDENTITY_HEADERS.prefix) ?? "";
      // Only the Worker reaches a Durable Object, and it always names the cluster; anything else is refused.
      if (!name) throw new StatusError(401, "Unauthorized", "Unauthorized");
      this.requireBorn();
      if (name !== this.clusterName) throw new StatusError(404, "NotFound", `cluster "${name}" not found`);
      const user = await this.who(request);
      this.requestCount++;
      const url = new URL(request.url);
      const dev = this.devRoute(url, name);
      if (dev) return await dev;
      const res = await this.api.handle(request, user, this.apiConfig(prefix));
      await this.engine.arm();
      this.background();
      return res;
    } catch (e) {
      return errorResponse(e);
    } finally {
      // A request rejected before its body was read (bad parameters, 413, ...) must still drain it, or the
      // Worker's upload stream errors after the response is sent.
      if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => {});
    }
  }

  /** The Worker's identity headers, or a ServiceAccount token this cluster issued. */
  private async who(request: Request): Promise<UserInfo> {
    const sa = request.headers.get(IDENTITY_HEADERS.serviceAccountToken);
    if (sa) {
      const received = Date.now();
      try {
        // Deletion grace is measured on the cluster's clock, the one deletionTimestamp was written with.
        return await authenticateServiceAccountToken(
          sa,
          this.tokens,
          (ns, n) => {
            const decl = this.registry.byKind("", "ServiceAccount");
            return decl ? this.kv.get(storageKey(decl, ns, n))?.object : undefined;
          },
          this.clock.now(),
        );
      } catch (e) {
        // A refused credential is a denied request: audited, as kube-apiserver audits failed authentication.
        const record = auditRecordFor(request, new URL(request.url), ANONYMOUS, received);
        record.responseStatus = { code: 401, status: "Failure", reason: "Unauthorized", message: "Unauthorized" };
        this.outbox.append(record);
        this.background();
        throw e;
      }
    }
    const id = readIdentity(request.headers);
    if (!id) throw new StatusError(401, "Unauthorized", "Unauthorized");
    return { username: id.username, groups: id.groups };
  }

  private devRoute(url: URL, name: string): Promise<Response> | undefined {
    if (this.env.EDGEPLANE_DEV !== "1" || !url.pathname.startsWith("/_dev/bench/")) return undefined;
    if (url.pathname === "/_dev/bench/store") {
      return Promise.resolve(Response.json(benchStore(this.kv, Number(url.searchParams.get("n") ?? 2000))));
    }
    if (url.pathname === "/_dev/bench/scheduler") return Promise.resolve(Response.json(benchSchedulerRoute(url)));
    if (url.pathname === "/_dev/bench/cluster-size") {
      return (async () => {
        const deps = { kv: this.kv, registry: this.registry, engine: this.engine, clusterName: name };
        const sql = this.ctx.storage.sql;
        const res = await benchClusterSize(
          { ...deps, now: () => this.clock.now(), databaseSize: () => sql.databaseSize },
          url,
        );
        await this.engine.arm();
        return Response.json(res);
      })();
    }
    return undefined;
  }

  /**
   * Background work that must not delay a response: batching audit out to D1 and, at most once a minute
   * while the cluster is in use, a metrics sample.
   */
  private background(): void {
    if (!this.clusterId || this.destroyed) return;
    if (this.outbox.pending() > 0 && !this.flushing) {
      this.flushing = (async () => {
        await new Promise((r) => setTimeout(r, 250)); // gather a burst into one batch
        await this.flushAudit();
      })()
        .catch((e) => console.error("audit flush failed", e instanceof Error ? e.message : String(e)))
        .finally(() => {
          this.flushing = undefined;
        });
      this.ctx.waitUntil(this.flushing);
    }
    if (sampleDue(this.lastSampleAt, Date.now())) {
      this.lastSampleAt = Date.now();
      this.ctx.waitUntil(
        this.sampleMetrics().catch((e) =>
          console.error("metrics sample failed", e instanceof Error ? e.message : String(e)),
        ),
      );
    }
  }

  private async sampleMetrics(): Promise<void> {
    if (!this.clusterId) return;
    const samples = sampleCluster(this.store, { now: this.clock.now(), requestsTotal: this.requestCount });
    await writeSamples(this.env.DB, this.clusterId, Date.now(), samples);
  }

  override async alarm(): Promise<void> {
    if (this.destroyed || !this.clusterId) return;
    // Read from storage, not memory: the alarm is the moment of truth for a TTL, and it is rare.
    const expires = this.kv.getSetting("expires_at");
    if (expires !== undefined && Date.now() >= Number(expires)) {
      // A sandbox's time is up: the cluster deletes itself and its directory entry.
      const id = this.clusterId;
      const tenant = this.kv.getSetting("tenant") ?? "";
      const name = this.clusterName ?? "";
      await this.destroy();
      await this.env.DB.batch([
        this.env.DB.prepare("DELETE FROM clusters WHERE id = ?").bind(id),
        revokeKubeconfigTokens(this.env.DB, tenant, name),
      ]);
      return;
    }
    this.engine.alarmFired();
    // runDue catches each item's failure itself, so an error here never makes the platform retry everything.
    try {
      await this.engine.runDue();
      if (this.outbox.pending() > 0 && Date.now() >= this.auditDeadline()) await this.flushAudit();
    } finally {
      await this.engine.arm();
      this.background();
    }
  }

  // ---- RPC for tests and internal callers -----------------------------------------------------------------

  /** Runs queued controller work that is due now (tests call this instead of waiting for the alarm). */
  async runControllers(): Promise<number> {
    const n = await this.engine.runDue();
    await this.engine.arm();
    return n;
  }

  queuedWork(): number {
    return this.engine.pending();
  }
}

function rangeArgs(prefix: string): [string, string] {
  const r = prefixRange(prefix);
  return [r.start, r.end];
}
