/**
 * One tenant cluster: its etcd-like store, API server and controllers, in one SQLite-backed Durable Object.
 *
 * Shape follows partyserver / cloudflare/agents: the schema is created synchronously at construction inside
 * blockConcurrencyWhile; the cluster is born (seeded like `kind create cluster`) on its first request, when
 * the Worker tells it its name; controllers run from the alarm, which is armed for the earliest queued work.
 */
import { DurableObject } from "cloudflare:workers";
import { ResourceStore } from "../apiserver/resource-store";
import { errorResponse } from "../apiserver/responses";
import { KubeApi, type UserInfo } from "../apiserver/server";
import { ServiceAccountTokens } from "../apiserver/serviceaccount-tokens";
import { IDENTITY_HEADERS, readIdentity } from "../auth/identity";
import { kindClusterObjects } from "../cluster/seed";
import type { Env } from "../env";
import { type CustomResourceDefinition, crdIsEstablished, kindsFromCRD } from "../kube/crd/kind-from-crd";
import { StatusError } from "../kube/errors";
import { KINDS } from "../kube/registry/kinds";
import { Registry, storageKey } from "../kube/registry/registry";
import { type ClockState, ClusterClock } from "../reconcile/clock";
import { type ControllerContext, seededRandom } from "../reconcile/controller-context";
import { CONTROLLERS } from "../reconcile/controllers";
import { ControllerEngine } from "../reconcile/engine";
import { eventRecorder } from "../reconcile/events";
import { KvStore, prefixRange } from "./store/kv-store";
import { handleTime } from "./time-control";

const CRD_PREFIX = "apiextensions.k8s.io/customresourcedefinitions/";

import { benchClusterSize, benchSchedulerRoute } from "./cluster-bench";
import { benchStore } from "./store-bench";

export class ClusterObject extends DurableObject<Env> {
  private kv!: KvStore;
  private store!: ResourceStore;
  private api!: KubeApi;
  private engine!: ControllerEngine;
  private clock!: ClusterClock;
  /** Per cluster: built-in kinds plus the cluster's own CustomResourceDefinitions. */
  private readonly registry = new Registry(KINDS);
  private clusterName: string | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.kv = new KvStore(ctx.storage, {
        maxObjects: Number(env.MAX_OBJECTS_PER_CLUSTER ?? 20000),
        historyWindow: Number(env.HISTORY_WINDOW ?? 10000),
      });
      const saved = this.kv.getSetting("clock");
      this.clock = new ClusterClock(saved ? (JSON.parse(saved) as ClockState) : undefined, (st) =>
        this.kv.setSetting("clock", JSON.stringify(st)),
      );
      const now = () => this.clock.now();
      const registry = this.registry;
      this.store = new ResourceStore(this.kv, registry, now);
      this.api = new KubeApi(this.kv, this.store, registry, now, new ServiceAccountTokens(this.kv));
      this.engine = new ControllerEngine(ctx.storage.sql, this.clock, {
        getAlarm: () => ctx.storage.getAlarm(),
        setAlarm: (t) => ctx.storage.setAlarm(t),
        deleteAlarm: () => ctx.storage.deleteAlarm(),
      });
      this.clusterName = this.kv.getSetting("cluster_name");
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
    });
  }

  /** Serves the custom resources of every established CRD (built-in kinds keep their names). */
  private refreshCustomKinds(): void {
    const crds = this.kv
      .list(prefixRange(CRD_PREFIX))
      .items.map((i) => i.object as unknown as CustomResourceDefinition)
      .filter((c) => crdIsEstablished(c));
    this.registry.setCustomKinds(crds.flatMap((c) => kindsFromCRD(c)));
  }

  /** First contact: remember the cluster's name and create its kind-like initial objects, atomically. */
  private ensureBorn(name: string): void {
    if (this.clusterName) return;
    const objects = kindClusterObjects(name, this.clock.now());
    this.kv.transaction(() => {
      for (const obj of objects) {
        const decl = this.registry.byKind(groupOf(obj.apiVersion ?? "v1"), obj.kind ?? "");
        if (!decl) throw new Error(`seed object of unknown kind ${obj.apiVersion}/${obj.kind}`);
        this.kv.create(storageKey(decl, obj.metadata.namespace, obj.metadata.name ?? ""), obj);
      }
      this.kv.setSetting("cluster_name", name);
    });
    this.clusterName = name;
  }

  override async fetch(request: Request): Promise<Response> {
    try {
      const name = request.headers.get(IDENTITY_HEADERS.cluster);
      const prefix = request.headers.get(IDENTITY_HEADERS.prefix) ?? "";
      const id = readIdentity(request.headers);
      // Only the Worker reaches a Durable Object, and it always sets these; anything else is refused.
      if (!name || !id) throw new StatusError(401, "Unauthorized", "Unauthorized");
      this.ensureBorn(name);
      const url = new URL(request.url);
      if (url.pathname === "/_dev/bench/store" && this.env.EDGEPLANE_DEV === "1") {
        return Response.json(benchStore(this.kv, Number(url.searchParams.get("n") ?? 2000)));
      }
      if (url.pathname === "/_dev/bench/scheduler" && this.env.EDGEPLANE_DEV === "1") {
        return Response.json(benchSchedulerRoute(url));
      }
      if (url.pathname === "/_dev/bench/cluster-size" && this.env.EDGEPLANE_DEV === "1") {
        const deps = { kv: this.kv, registry: this.registry, engine: this.engine, clusterName: name };
        const sql = this.ctx.storage.sql;
        const res = await benchClusterSize(
          { ...deps, now: () => this.clock.now(), databaseSize: () => sql.databaseSize },
          url,
        );
        await this.engine.arm();
        return Response.json(res);
      }
      const user: UserInfo = { username: id.username, groups: id.groups };
      if (url.pathname === "/time" || url.pathname === "/time:advance") {
        const res = await handleTime(request, url, this.clock, this.engine, user);
        await this.engine.arm();
        return res;
      }
      const res = await this.api.handle(request, user, {
        prefix,
        bookmarkIntervalMs: Number(this.env.BOOKMARK_INTERVAL_MS ?? 60000),
      });
      await this.engine.arm();
      return res;
    } catch (e) {
      return errorResponse(e);
    } finally {
      // A request rejected before its body was read (bad parameters, 413, ...) must still drain it, or the
      // Worker's upload stream errors after the response is sent.
      if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => {});
    }
  }

  override async alarm(): Promise<void> {
    this.engine.alarmFired();
    // runDue catches each item's failure itself, so an error here never makes the platform retry everything.
    try {
      await this.engine.runDue();
    } finally {
      await this.engine.arm();
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

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}
