/**
 * Snapshot plumbing for the tests: a running source cluster, its snapshot through the wire format, and a
 * cluster made from a snapshot (a fork into fresh storage, or a reset of existing storage), each a new
 * in-memory cluster over the resulting SQLite, as a Durable Object would be after the operation.
 */
import {
  type ClusterSnapshot,
  decodeSnapshot,
  encodeSnapshot,
  exportSnapshot,
  importSnapshot,
  wipeClusterState,
} from "../../../src/durable/snapshot";
import type { KObject } from "../../../src/kube/object";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { memoryStorage } from "../harness/sqlite-storage";

type J = Record<string, any>;

export const deployment = (replicas: number, name = "web"): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default", labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] }] },
    },
  },
});

/** Exports a cluster and sends the snapshot through encode/decode, as a stored snapshot would travel. */
export async function snapshotOf(c: TestCluster, clusterName = "tutorial"): Promise<ClusterSnapshot> {
  return decodeSnapshot(
    await encodeSnapshot(exportSnapshot(c.storage.sql, { clusterName, kubernetesVersion: "1.32" })),
  );
}

/** A new cluster from a snapshot, in its own storage. */
export function fork(s: ClusterSnapshot, name: string): TestCluster {
  const storage = memoryStorage();
  storage.transactionSync(() => importSnapshot(storage.sql, s, { clusterName: name }));
  return createTestCluster({ storage, name });
}

/** A cluster put back to a snapshot in place; the old instance must not be used afterwards. */
export function reset(c: TestCluster, s: ClusterSnapshot, name: string): TestCluster {
  c.storage.transactionSync(() => {
    const { revision } = wipeClusterState(c.storage.sql);
    importSnapshot(c.storage.sql, s, { clusterName: name, afterRevision: revision });
  });
  return createTestCluster({ storage: c.storage, name });
}

/** Live pods (not being deleted) of a Deployment's app label, by name. */
export function pods(c: TestCluster, app = "web"): Map<string, J> {
  return new Map(
    c
      .list("pods", "default")
      .filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp)
      .map((p) => [p.metadata.name as string, p as J]),
  );
}

export const running = (p: J) =>
  p.status?.phase === "Running" && p.status.conditions?.some((c: J) => c.type === "Ready" && c.status === "True");

/** Every live object as stored: key, revision and exact JSON. */
export function storedObjects(c: TestCluster): { key: string; rev: number; value: string }[] {
  return c.kv
    .rawQuery("SELECT key, rev, value FROM objects ORDER BY key")
    .map((r) => ({ key: String(r.key), rev: Number(r.rev), value: String(r.value) }));
}
