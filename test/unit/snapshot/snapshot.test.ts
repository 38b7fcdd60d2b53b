/**
 * Cluster snapshots end to end on the in-memory cluster: a tutorial author's cluster is exported, sent
 * through the wire format, and learners' clusters are made from it (fork) or put back to it (reset); each
 * resulting cluster is a new instance over the imported storage, as the Durable Object would be.
 */
import { describe, expect, it } from "vitest";
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokens } from "../../../src/apiserver/serviceaccount-tokens";
import {
  decodeSnapshot,
  encodeSnapshot,
  exportSnapshot,
  importSnapshot,
  snapshotStats,
  wipeClusterState,
} from "../../../src/durable/snapshot";
import { prefixRange } from "../../../src/durable/store/kv-store";
import { createTestCluster, T0 } from "../harness/memory-cluster";
import { memoryStorage } from "../harness/sqlite-storage";
import { deployment, fork, pods, reset, running, snapshotOf, storedObjects } from "./fork";

type J = Record<string, any>;

const meta = { clusterName: "tutorial", kubernetesVersion: "1.32" };

async function tutorialWithDeployment(name = "tutorial") {
  const c = createTestCluster({ name });
  c.create(deployment(3));
  await c.advance(30_000);
  return c;
}

describe("forking a cluster from a snapshot", () => {
  it("carries every object as it was, and the fork's pods keep running where they ran", async () => {
    const src = await tutorialWithDeployment();
    const before = pods(src);
    expect(before.size).toBe(3);
    expect([...before.values()].every(running)).toBe(true);

    const f = fork(await snapshotOf(src), "learner-1");
    expect(storedObjects(f)).toEqual(storedObjects(src));
    expect(f.kv.revision()).toBe(src.kv.revision());
    expect(f.kv.count()).toBe(src.kv.count());
    expect(f.kv.getSetting("cluster_name")).toBe("learner-1");
    // Nodes keep the source's names, like a cloned VM keeps its hostname.
    expect(f.list("nodes").map((n) => n.metadata.name)).toEqual([
      "tutorial-control-plane",
      "tutorial-worker",
      "tutorial-worker2",
    ]);

    await f.advance(60_000);
    const after = pods(f);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, p] of after) {
      const was = before.get(name) as J;
      expect(running(p)).toBe(true);
      expect(p.metadata.uid).toBe(was.metadata.uid);
      expect(p.spec.nodeName).toBe(was.spec.nodeName);
      expect(p.status.podIP).toBe(was.status.podIP);
      expect(p.status.startTime).toBe(was.status.startTime);
      // Same container, never restarted: the kubelet picked up its own state, not a fresh start.
      expect(p.status.containerStatuses[0].containerID).toBe(was.status.containerStatuses[0].containerID);
      expect(p.status.containerStatuses[0].restartCount).toBe(0);
      expect(p.status.containerStatuses[0].state.running.startedAt).toBe(
        was.status.containerStatuses[0].state.running.startedAt,
      );
    }
  });

  it("resumes the controllers: scaling the Deployment to 5 adds pods to the same ReplicaSet", async () => {
    const src = await tutorialWithDeployment();
    const f = fork(await snapshotOf(src), "learner-1");
    const rsBefore = f.list("replicasets.apps", "default").map((rs) => rs.metadata.uid);
    expect(rsBefore).toHaveLength(1);
    const original = [...pods(f).values()];

    f.update("deployments.apps", "default", "web", (d) => {
      (d.spec as J).replicas = 5;
    });
    await f.advance(30_000);

    const scaled = [...pods(f).values()];
    expect(scaled).toHaveLength(5);
    expect(scaled.every(running)).toBe(true);
    expect(f.list("replicasets.apps", "default").map((rs) => rs.metadata.uid)).toEqual(rsBefore);
    for (const p of original) expect(scaled.map((s) => s.metadata.uid)).toContain(p.metadata.uid);
    // New pods get fresh addresses: the restored IPAM state does not hand out one in use.
    expect(new Set(scaled.map((p) => p.status.podIP)).size).toBe(5);
    expect(f.get("deployments.apps", "default", "web")?.status).toMatchObject({
      replicas: 5,
      readyReplicas: 5,
      availableReplicas: 5,
    });
  });

  it("serves watches and lists from the fork's revision; older revisions answer Compacted (410)", async () => {
    const src = await tutorialWithDeployment();
    const f = fork(await snapshotOf(src), "learner-1");
    const rev = f.kv.revision();
    const deployments = prefixRange("apps/deployments/default/");
    expect(() => f.kv.changesSince(rev - 1, deployments)).toThrow(/compacted/);

    f.update("deployments.apps", "default", "web", (d) => {
      (d.spec as J).replicas = 4;
    });
    await f.advance(30_000);

    const changes = f.kv.changesSince(rev, deployments);
    expect(changes[0]).toMatchObject({ type: "MODIFIED", key: "apps/deployments/default/web" });
    expect((changes[0].object.spec as J).replicas).toBe(4);
    // A list as of the fork's revision still sees the three pods it had then (read from the rebuilt history).
    const podsThen = f.kv.list(prefixRange("core/pods/default/"), { atRev: rev }).items;
    expect(podsThen.map((i) => i.object.metadata.name).sort()).toEqual([...pods(src).keys()].sort());
    expect(pods(f).size).toBe(4);
  });

  it("leaves the source's ServiceAccount signing key behind: its tokens do not work on a fork", async () => {
    const src = await tutorialWithDeployment();
    const tokens = new ServiceAccountTokens(src.kv);
    const token = await tokens.issue({
      namespace: "default",
      name: "default",
      uid: "sa-uid",
      audiences: [SERVICE_ACCOUNT_ISSUER],
      issuedAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
    });
    await expect(tokens.verify(token)).resolves.toMatchObject({ username: "system:serviceaccount:default:default" });
    const key = JSON.parse(src.kv.getSetting("serviceaccount_signing_key") as string);

    const snap = exportSnapshot(src.storage.sql, meta);
    const json = JSON.stringify(snap);
    expect(json).not.toContain(key.d);
    expect(json).not.toContain("serviceaccount_signing_key");

    const f = fork(snap, "learner-1");
    expect(f.kv.getSetting("serviceaccount_signing_key")).toBeUndefined();
    await expect(new ServiceAccountTokens(f.kv).verify(token)).rejects.toThrow(/signature/);
  });

  it("restores a virtual clock exactly, so the fork continues as the source would", async () => {
    const src = createTestCluster({ name: "tutorial" });
    src.create(deployment(3));
    // Mid-rollout: pods created, some still starting, their next steps queued.
    await src.advance(1_234);
    expect([...pods(src).values()].every(running)).toBe(false);

    const snap = await snapshotOf(src);
    expect(snap.clock).toEqual({ mode: "virtual", offsetMs: 0, virtualMs: T0 + 1_234 });
    const f = fork(snap, "learner-1");
    expect(f.now()).toBe(T0 + 1_234);
    expect(f.clock.snapshot()).toEqual(src.clock.snapshot());
    expect(f.kv.rawQuery("SELECT * FROM work_queue ORDER BY controller, key")).toEqual(
      src.kv.rawQuery("SELECT * FROM work_queue ORDER BY controller, key"),
    );

    await src.advance(20_000);
    await f.advance(20_000);
    // Same pods, same IPs, same container IDs and start times: the kubelets and the queue took up the work.
    const view = (c: typeof src) => [...pods(c).values()].map((p) => [p.metadata.name, p.status]);
    expect(view(f).length).toBe(3);
    expect(view(f)).toEqual(view(src));
    expect(f.get("deployments.apps", "default", "web")?.status).toEqual(
      src.get("deployments.apps", "default", "web")?.status,
    );
  });

  it("keeps a real clock's offset from wall time", async () => {
    const src = createTestCluster({ name: "tutorial" });
    src.clock.setMode("real");
    src.clock.set(src.now() + 3_600_000);
    const f = fork(await snapshotOf(src), "learner-1");
    expect(f.clock.snapshot()).toEqual(src.clock.snapshot());
    expect(f.clock.mode).toBe("real");
  });
});

describe("resetting a cluster to its snapshot", () => {
  it("brings back the snapshot's state: later objects are gone, deleted ones are back and running", async () => {
    const c = await tutorialWithDeployment("learner-1");
    const snap = await snapshotOf(c, "learner-1");
    const atSnapshot = storedObjects(c);
    const podsAtSnapshot = pods(c);
    const depUid = c.get("deployments.apps", "default", "web")?.metadata.uid;

    c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "notes", namespace: "default" }, data: {} });
    c.delete("deployments.apps", "default", "web", "Background");
    await c.advance(120_000);
    expect(c.get("deployments.apps", "default", "web")).toBeUndefined();
    expect(pods(c).size).toBe(0);
    const revBeforeReset = c.kv.revision();

    const r = reset(c, snap, "learner-1");
    expect(r.get("configmaps", "default", "notes")).toBeUndefined();
    expect(r.get("deployments.apps", "default", "web")?.metadata.uid).toBe(depUid);
    expect(storedObjects(r)).toEqual(atSnapshot);
    expect(r.now()).toBe(snap.clock?.virtualMs);
    // Revisions keep moving forward; a watch from before the reset is told to relist (410), not left stale.
    expect(r.kv.revision()).toBeGreaterThan(revBeforeReset);
    expect(() => r.kv.changesSince(revBeforeReset, prefixRange("core/configmaps/"))).toThrow(/compacted/);

    await r.advance(60_000);
    const after = pods(r);
    expect([...after.keys()].sort()).toEqual([...podsAtSnapshot.keys()].sort());
    for (const [name, p] of after) {
      expect(running(p)).toBe(true);
      expect(p.status.podIP).toBe(podsAtSnapshot.get(name)?.status.podIP);
    }
    // New writes continue after the bumped revision.
    const cm = r.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "again", namespace: "default" } });
    expect(Number(cm.metadata.resourceVersion)).toBeGreaterThan(revBeforeReset);
  });

  it("keeps the cluster itself through a reset (id, tenant, limits, TTL, signing key), and its object limit", async () => {
    const c = await tutorialWithDeployment();
    const snap = exportSnapshot(c.storage.sql, meta);
    for (const [k, v] of [
      ["cluster_id", "id-1"],
      ["tenant", "acme"],
      ["max_objects", "500"],
      ["expires_at", "123"],
      ["serviceaccount_signing_key", "{}"],
    ]) {
      c.kv.setSetting(k, v);
    }
    const { revision } = wipeClusterState(c.storage.sql);
    const kept = c.storage.sql
      .exec("SELECT key FROM meta ORDER BY key")
      .toArray()
      .map((r) => r.key);
    expect(kept).toEqual([
      "setting:cluster_id",
      "setting:expires_at",
      "setting:max_objects",
      "setting:serviceaccount_signing_key",
      "setting:tenant",
    ]);
    expect(() =>
      importSnapshot(c.storage.sql, snap, { clusterName: "tutorial", afterRevision: revision, maxObjects: 10 }),
    ).toThrow(new RegExp(`the snapshot holds ${snap.objects.length} objects, over this cluster's limit of 10`));
    expect(Number(c.storage.sql.exec("SELECT COUNT(*) AS n FROM objects").one().n)).toBe(0);
  });

  it("refuses to import over a cluster that still has state", async () => {
    const c = await tutorialWithDeployment();
    const snap = exportSnapshot(c.storage.sql, meta);
    expect(() => importSnapshot(c.storage.sql, snap, { clusterName: "x" })).toThrow(/has state.*wipe it first/);
  });
});

describe("what a snapshot holds", () => {
  it("refuses to export state it has not been told about, rather than dropping or leaking it", async () => {
    const c = createTestCluster({ name: "tutorial" });
    c.kv.setSetting("webhook_secret", "s3cr3t");
    expect(() => exportSnapshot(c.storage.sql, meta)).toThrow(/setting:webhook_secret/);

    const d = createTestCluster({ name: "tutorial" });
    d.kv.rawQuery("CREATE TABLE audit_buffer (line TEXT)");
    expect(() => exportSnapshot(d.storage.sql, meta)).toThrow(/table "audit_buffer"/);
  });

  it("reports its object count and JSON size", async () => {
    const c = createTestCluster({ name: "tutorial" });
    c.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "intl", namespace: "default" },
      data: { greeting: "grüße ✓ 😀" },
    });
    const snap = exportSnapshot(c.storage.sql, meta);
    expect(snapshotStats(snap)).toEqual({
      objects: c.kv.count(),
      bytes: Buffer.byteLength(JSON.stringify(snap), "utf8"),
    });
  });
});

describe("decoding snapshot bytes", () => {
  const gzipJson = (v: unknown) => encodeSnapshot(v as never);

  it("round-trips a snapshot", async () => {
    const snap = exportSnapshot((await tutorialWithDeployment()).storage.sql, meta);
    const bytes = await encodeSnapshot(snap);
    expect(bytes[0]).toBe(0x1f); // gzip magic
    expect(await decodeSnapshot(bytes)).toEqual(snap);
  });

  it("rejects bytes that are not gzip, truncated, or not JSON", async () => {
    await expect(decodeSnapshot(new TextEncoder().encode('{"format":"x"}'))).rejects.toThrow(
      /snapshot is not valid gzip data/,
    );
    const bytes = await encodeSnapshot(exportSnapshot(createTestCluster().storage.sql, meta));
    await expect(decodeSnapshot(bytes.slice(0, bytes.length >> 1))).rejects.toThrow(/snapshot is not valid gzip data/);
    const notJson = new Uint8Array(
      await new Response(new Blob(["hello"]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
    );
    await expect(decodeSnapshot(notJson)).rejects.toThrow(/snapshot is not JSON/);
  });

  it("rejects another format, and a v1 snapshot whose content does not hold together", async () => {
    const good = exportSnapshot((await tutorialWithDeployment()).storage.sql, meta);
    await expect(decodeSnapshot(await gzipJson([1, 2]))).rejects.toThrow("invalid snapshot: not a JSON object");
    await expect(decodeSnapshot(await gzipJson({ objects: [] }))).rejects.toThrow(/unsupported snapshot format null/);
    await expect(decodeSnapshot(await gzipJson({ ...good, format: "edgeplane.dev/snapshot/v0" }))).rejects.toThrow(
      'unsupported snapshot format "edgeplane.dev/snapshot/v0" (expected "edgeplane.dev/snapshot/v1")',
    );
    const broken: [string, (s: J) => void, RegExp][] = [
      ["extra field", (s) => (s.extra = 1), /unknown field "extra"/],
      ["newer schema", (s) => (s.schemaVersion = 99), /schemaVersion 99 cannot be imported/],
      ["object ahead of revision", (s) => (s.revision = 3), /resourceVersion between 1 and the revision 3/],
      ["duplicate key", (s) => s.objects.push(s.objects[0]), /appears twice/],
      [
        "smuggled signing key",
        (s) => (s.settings.serviceaccount_signing_key = "{}"),
        /setting "serviceaccount_signing_key" is not one a snapshot may carry/,
      ],
      ["bad clock", (s) => (s.clock = { mode: "sundial" }), /clock must be null or/],
      ["bad row", (s) => (s.rows.kubelet_pods[0].state = "{}"), /rows\.kubelet_pods\[0\]\.state must be json/],
      ["unknown table", (s) => (s.rows.secrets = []), /rows of unknown table "secrets"/],
      ["duplicate queue item", (s) => s.rows.work_queue.push(s.rows.work_queue[0]), /primary key .* appears twice/],
    ];
    for (const [what, mutate, message] of broken) {
      const s = structuredClone(good) as J;
      mutate(s);
      await expect(decodeSnapshot(await gzipJson(s)), what).rejects.toThrow(message);
    }
  });

  it("stops inflating past the size limit", async () => {
    const bytes = await encodeSnapshot(exportSnapshot(createTestCluster().storage.sql, meta));
    await expect(decodeSnapshot(bytes, { maxBytes: 10_000 })).rejects.toThrow(/larger than 10000 bytes uncompressed/);
  });
});

describe("importing into fresh storage", () => {
  it("creates the tables it needs when the storage has none yet", async () => {
    const snap = exportSnapshot((await tutorialWithDeployment()).storage.sql, meta);
    const storage = memoryStorage();
    importSnapshot(storage.sql, snap, { clusterName: "learner-2" });
    const f = createTestCluster({ storage, name: "learner-2" });
    expect(pods(f).size).toBe(3);
  });
});
