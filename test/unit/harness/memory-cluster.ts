/**
 * A whole cluster in plain Node for controller and scheduler tests: the real store, registry, work queue and
 * controllers over an in-memory SQLite, with a virtual clock. Nothing sleeps: `advance(ms)` runs everything
 * due in that span, in time order, the way `POST /clusters/<c>/time:advance` does for tenants.
 */
import { ResourceStore } from "../../../src/apiserver/resource-store";
import { kindClusterObjects } from "../../../src/cluster/seed";
import { KvStore } from "../../../src/durable/store/kv-store";
import type { KObject } from "../../../src/kube/object";
import { KINDS } from "../../../src/kube/registry/kinds";
import { Registry, storageKey } from "../../../src/kube/registry/registry";
import { ClusterClock } from "../../../src/reconcile/clock";
import { type ControllerContext, groupOfApiVersion, seededRandom } from "../../../src/reconcile/controller-context";
import { CONTROLLERS } from "../../../src/reconcile/controllers";
import { type Controller, ControllerEngine } from "../../../src/reconcile/engine";
import { eventRecorder } from "../../../src/reconcile/events";
import { memoryStorage } from "./sqlite-storage";

export const T0 = Date.parse("2026-01-01T00:00:00Z");

export interface TestClusterOptions {
  /** Seed the kind-like cluster (3 nodes, system pods...). Default true. */
  seed?: boolean;
  /** Which controllers to run; default: all of CONTROLLERS. */
  controllers?: ((ctx: ControllerContext) => Controller)[];
  name?: string;
  /**
   * Reuse another test cluster's storage: a "restart" of the Durable Object (new in-memory state, same
   * SQLite), to prove work survives eviction mid-rollout.
   */
  storage?: DurableObjectStorage;
}

export type TestCluster = ReturnType<typeof createTestCluster>;

export function createTestCluster(opts: TestClusterOptions = {}) {
  const storage = opts.storage ?? memoryStorage();
  const kv = new KvStore(storage, { maxObjects: 100_000, historyWindow: 100_000 });
  const registry = new Registry(KINDS);
  const savedClock = kv.getSetting("clock");
  const clock = new ClusterClock(
    savedClock ? JSON.parse(savedClock) : { mode: "virtual", offsetMs: 0, virtualMs: T0 },
    (st) => kv.setSetting("clock", JSON.stringify(st)),
  );
  const store = new ResourceStore(kv, registry, () => clock.now());
  const alarms = { at: null as number | null };
  const engine = new ControllerEngine(storage.sql, clock, {
    getAlarm: async () => alarms.at,
    setAlarm: async (t) => {
      alarms.at = t;
    },
    deleteAlarm: async () => {
      alarms.at = null;
    },
  });
  const name = opts.name ?? "test";
  const ctx: ControllerContext = {
    store,
    registry,
    clock,
    events: eventRecorder(store, registry, clock),
    random: seededRandom(name),
    enqueue: (c, k, d = 0) => engine.enqueue(c, k, clock.now() + d),
  };
  for (const f of opts.controllers ?? CONTROLLERS) engine.register(f(ctx));
  kv.subscribe((changes) => engine.onChanges(changes));

  const declFor = (obj: KObject) => {
    const d = registry.byKind(groupOfApiVersion(obj.apiVersion ?? "v1"), obj.kind ?? "");
    if (!d) throw new Error(`unknown kind ${obj.apiVersion}/${obj.kind}`);
    return d;
  };
  const declOfResource = (resource: string) => {
    const [plural, ...g] = resource.split(".");
    const d = registry.byResource(g.join("."), plural);
    if (!d) throw new Error(`unknown resource ${resource}`);
    return d;
  };

  if (opts.seed !== false && !opts.storage) {
    kv.transaction(() => {
      for (const obj of kindClusterObjects(name, clock.now())) {
        const d = declFor(obj);
        kv.create(storageKey(d, obj.metadata.namespace, obj.metadata.name ?? ""), obj);
      }
    });
    // Seed objects are history, not work: start with an empty queue, but for the boot events' expiry.
    storage.sql.exec("DELETE FROM work_queue WHERE controller != 'event-ttl'");
  }

  return {
    storage,
    kv,
    store,
    registry,
    clock,
    engine,
    ctx,
    /** Creates an object as a client would (defaults, validation, admission). */
    create(obj: KObject): KObject {
      const d = declFor(obj);
      return store.create(d, d.namespaced ? (obj.metadata.namespace ?? "default") : undefined, obj, {
        dryRun: false,
        fieldManager: "test",
      });
    },
    /** Replaces an object (read-modify-write with the current resourceVersion). */
    update(resource: string, namespace: string | undefined, name: string, mutate: (o: KObject) => void): KObject {
      const d = declOfResource(resource);
      const cur = store.get(d, namespace, name);
      const next = structuredClone(cur);
      mutate(next);
      return store.update(d, namespace, name, next, { dryRun: false, fieldManager: "test" }).object;
    },
    delete(
      resource: string,
      namespace: string | undefined,
      name: string,
      propagationPolicy?: "Orphan" | "Background" | "Foreground",
      gracePeriodSeconds?: number,
    ) {
      return store.delete(declOfResource(resource), namespace, name, {
        dryRun: false,
        propagationPolicy,
        gracePeriodSeconds,
      });
    },
    /** `resource` is `plural` or `plural.group`, e.g. "pods", "deployments.apps". */
    get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
      return store.tryGet(declOfResource(resource), namespace, name);
    },
    list(resource: string, namespace?: string): KObject[] {
      return store.list(declOfResource(resource), namespace, { filter: {} }).items;
    },
    /** Events in a namespace, optionally for one object name, oldest first. */
    events(namespace: string, objectName?: string): KObject[] {
      return store
        .list(declOfResource("events"), namespace, { filter: {} })
        .items.filter((e) => objectName === undefined || (e.involvedObject as { name?: string }).name === objectName)
        .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)));
    },
    /** Runs work due now (no time passes). */
    async settle(): Promise<number> {
      return engine.advanceTo(clock.now());
    },
    /** Moves virtual time forward by ms, running everything due on the way. */
    async advance(ms: number): Promise<number> {
      return engine.advanceTo(clock.now() + ms);
    },
    now: () => clock.now(),
  };
}
