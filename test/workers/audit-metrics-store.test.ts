/**
 * Audit and metrics history against real D1 (migrations applied by the setup file): the outbox runs over a
 * cluster Durable Object's own SQLite, and flushes into D1 in bulk.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AuditOutbox } from "../../src/audit/outbox";
import { pruneAudit, queryAudit } from "../../src/audit/query";
import type { AuditRecord } from "../../src/audit/record";
import type { MetricSample } from "../../src/metrics-history/series";
import { pruneMetrics, queryMetrics, writeSamples } from "../../src/metrics-history/store";

const T0 = Date.parse("2026-05-01T00:00:00Z");

/** env.DB, counting round trips and the statements sent. */
function countingDB() {
  const stats = { batches: 0, statements: 0 };
  const db = {
    prepare: (q: string) => env.DB.prepare(q),
    batch: (s: D1PreparedStatement[]) => {
      stats.batches++;
      stats.statements += s.length;
      return env.DB.batch(s);
    },
  } as unknown as D1Database;
  return { db, stats };
}

function rec(i: number, over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    auditId: `audit-${i}`,
    requestURI: `/api/v1/namespaces/default/configmaps/cm-${i}`,
    verb: "update",
    user: { username: "alice", groups: ["system:authenticated"] },
    sourceIPs: ["203.0.113.7"],
    userAgent: "kubectl/v1.32.0",
    objectRef: { resource: "configmaps", namespace: "default", name: `cm-${i}`, apiVersion: "v1" },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: T0 + i * 1000,
    stageTimestamp: T0 + i * 1000 + 5,
    ...over,
  };
}

let objects = 0;
/** Runs `fn` with an audit outbox over a fresh cluster Durable Object's storage. */
function withOutbox<R>(fn: (outbox: AuditOutbox, sql: SqlStorage) => Promise<R>): Promise<R> {
  const stub = env.CLUSTERS.get(env.CLUSTERS.idFromName(`audit-outbox-${++objects}`));
  return runInDurableObject(stub, (_instance, state) => fn(new AuditOutbox(state.storage.sql), state.storage.sql));
}

async function d1Count(clusterId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE cluster_id = ?")
    .bind(clusterId)
    .first<{ n: number }>();
  return row!.n;
}

/** Every page of a query, following continue tokens. */
async function allPages(clusterId: string, filters: Parameters<typeof queryAudit>[2]) {
  const pages: string[][] = [];
  let token: string | undefined;
  do {
    const list = await queryAudit(env.DB, clusterId, { ...filters, continue: token });
    pages.push(list.items.map((e) => e.auditID));
    token = list.metadata.continue;
  } while (token && pages.length < 100);
  return pages;
}

describe("audit outbox to D1", () => {
  it("flushes 250 events in one round trip of a single statement, and drains the outbox", async () => {
    const { db, stats } = countingDB();
    await withOutbox(async (outbox) => {
      for (let i = 0; i < 250; i++) outbox.append(rec(i));
      expect(outbox.pending()).toBe(250);
      expect(await outbox.flush(db, "flush-250")).toBe(250);
      expect(outbox.pending()).toBe(0);
      expect(await outbox.flush(db, "flush-250")).toBe(0);
    });
    expect(stats).toEqual({ batches: 1, statements: 1 });
    expect(await d1Count("flush-250")).toBe(250);
    const list = await queryAudit(env.DB, "flush-250", { limit: 1000 });
    expect(list.items.map((e) => e.auditID)).toEqual(Array.from({ length: 250 }, (_, i) => `audit-${i}`));
    expect(list.items[7]).toMatchObject({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      stage: "ResponseComplete",
      verb: "update",
      user: { username: "alice" },
      objectRef: { resource: "configmaps", namespace: "default", name: "cm-7" },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: "2026-05-01T00:00:07.000000Z",
    });
    expect(list.metadata).toEqual({});
  });

  it("moves at most `max` per flush, oldest first", async () => {
    await withOutbox(async (outbox) => {
      for (let i = 0; i < 12; i++) outbox.append(rec(i));
      expect(await outbox.flush(env.DB, "flush-max", 5)).toBe(5);
      expect(outbox.pending()).toBe(7);
    });
    const list = await queryAudit(env.DB, "flush-max", {});
    expect(list.items.map((e) => e.auditID)).toEqual(["audit-0", "audit-1", "audit-2", "audit-3", "audit-4"]);
  });

  it("re-flushing after a crash (events in D1 but still in the outbox) stores each event once", async () => {
    await withOutbox(async (outbox, sql) => {
      for (let i = 0; i < 30; i++) outbox.append(rec(i));
      // The crash: D1 got the batch, the outbox delete never ran.
      const saved = sql.exec("SELECT * FROM audit_outbox ORDER BY id").toArray();
      expect(await outbox.flush(env.DB, "reflush")).toBe(30);
      for (const r of saved) {
        sql.exec(
          "INSERT INTO audit_outbox (audit_id, verb, username, resource, namespace, name, code, received_at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          r.audit_id,
          r.verb,
          r.username,
          r.resource,
          r.namespace,
          r.name,
          r.code,
          r.received_at,
          r.event,
        );
      }
      outbox.append(rec(30));
      expect(await outbox.flush(env.DB, "reflush")).toBe(31);
      expect(outbox.pending()).toBe(0);
    });
    expect(await d1Count("reflush")).toBe(31);
  });
});

describe("audit queries", () => {
  const C = "query-cluster";
  const seed = async () => {
    const records: AuditRecord[] = [];
    for (let i = 0; i < 40; i++) {
      const bob = i % 4 === 0;
      records.push(
        rec(i, {
          user: { username: bob ? "bob" : "alice", groups: [] },
          verb: i % 5 === 0 ? "delete" : "update",
          objectRef:
            i % 2 === 0
              ? { resource: "deployments", apiGroup: "apps", namespace: "web", name: `d-${i}`, apiVersion: "v1" }
              : { resource: "configmaps", namespace: "default", name: `cm-${i}`, apiVersion: "v1" },
        }),
      );
    }
    records.push(
      rec(99, {
        verb: "get",
        responseStatus: { code: 403, reason: "Forbidden" },
        user: { username: "eve", groups: [] },
      }),
    );
    await withOutbox(async (outbox) => {
      for (const r of records) outbox.append(r);
      await outbox.flush(env.DB, C);
      // Another cluster's log is separate.
      outbox.append(rec(1000, { user: { username: "bob", groups: [] } }));
      await outbox.flush(env.DB, "other-cluster");
    });
  };
  const ids = (...n: number[]) => n.map((i) => `audit-${i}`);

  it("filters by user, verb, resource, namespace and time, and pages with continue tokens", async () => {
    await seed();
    const q = async (f: Parameters<typeof queryAudit>[2]) =>
      (await queryAudit(env.DB, C, f)).items.map((e) => e.auditID);

    expect(await q({ user: "bob" })).toEqual(ids(0, 4, 8, 12, 16, 20, 24, 28, 32, 36));
    expect(await q({ user: "bob", verb: "delete" })).toEqual(ids(0, 20));
    expect(await q({ user: "eve" })).toEqual(ids(99));
    expect(await q({ resource: "configmaps", since: T0 + 30_000 })).toEqual(ids(31, 33, 35, 37, 39, 99));
    expect(await q({ resource: "deployments.apps", verb: "delete" })).toEqual(ids(0, 10, 20, 30));
    expect(await q({ resource: "deployments.batch" })).toEqual([]);
    expect(await q({ namespace: "web", until: "2026-05-01T00:00:06Z" })).toEqual(ids(0, 2, 4));
    expect(await q({ since: "2026-05-01T00:00:10.000Z", until: T0 + 13_000 })).toEqual(ids(10, 11, 12));

    const pages = await allPages(C, { limit: 7, user: "alice" });
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
    const all = (await q({ user: "alice", limit: 1000 })).slice();
    expect(pages.flat()).toEqual(all);
    expect(all).toHaveLength(30);
    // The last full page says there is more only when there is.
    expect((await allPages(C, { limit: 10, user: "bob" })).map((p) => p.length)).toEqual([10]);
  });

  it("rejects bad filters with a QueryError, not a server error", async () => {
    for (const f of [
      { limit: 0 },
      { limit: 1001 },
      { limit: "ten" },
      { since: "yesterday" },
      { until: "2026-05-01" },
      { continue: "garbage!" },
      { continue: btoa(JSON.stringify({ v: 2, seq: 3 })) },
    ]) {
      await expect(queryAudit(env.DB, C, f)).rejects.toMatchObject({ name: "QueryError" });
    }
  });

  it("prunes events older than the retention cutoff, in every cluster", async () => {
    await seed();
    const before = await d1Count(C);
    // Tests share the database: other clusters' older events go too, so count this cluster's.
    expect(await pruneAudit(env.DB, T0 + 10_000)).toBeGreaterThanOrEqual(10);
    expect(before - (await d1Count(C))).toBe(10);
    const left = (await queryAudit(env.DB, C, { limit: 1000 })).items.map((e) => e.auditID);
    expect(left[0]).toBe("audit-10");
    expect(left).toHaveLength(31);
    expect(await d1Count("other-cluster")).toBe(1);
  });
});

describe("metrics history", () => {
  const sample = (series: MetricSample["series"], labels: string, value: number): MetricSample => ({
    series,
    labels,
    value,
  });

  it("writes a whole sampling in one statement and averages samples per step bucket", async () => {
    const { db, stats } = countingDB();
    const C = "metrics-agg";
    const pods = Array.from({ length: 300 }, (_, i) => `namespace=${i % 3 ? "default" : "kube-system"},pod=p-${i}`);
    // Samples every 20 s for 3 minutes: values rise by one per sample.
    for (let k = 0; k < 9; k++) {
      const ts = T0 + k * 20_000;
      await writeSamples(db, C, ts, [
        ...pods.map((l) => sample("pod_cpu_usage_millicores", l, k)),
        sample("cluster_nodes_ready", "", k),
        sample("cluster_objects", "", Number.NaN),
      ]);
    }
    expect(stats).toEqual({ batches: 9, statements: 9 });

    const r = await queryMetrics(env.DB, C, { series: "cluster_nodes_ready", from: T0, to: T0 + 180_000, step: "60s" });
    expect(r).toEqual({
      series: "cluster_nodes_ready",
      step: 60_000,
      from: T0,
      to: T0 + 180_000,
      data: [
        {
          labels: "",
          points: [
            [T0, 1],
            [T0 + 60_000, 4],
            [T0 + 120_000, 7],
          ],
        },
      ],
    });
    const coarse = await queryMetrics(env.DB, C, {
      series: "cluster_nodes_ready",
      from: "2026-05-01T00:00:00Z",
      to: "2026-05-01T00:10:00Z",
      step: "5m",
    });
    expect(coarse.data[0].points).toEqual([[T0, 4]]);
    // Buckets are aligned to the step, not to `from`: a window starting mid-bucket keeps the same buckets.
    const shifted = await queryMetrics(env.DB, C, {
      series: "cluster_nodes_ready",
      from: T0 + 30_000,
      to: T0 + 180_000,
    });
    expect(shifted.data[0].points).toEqual([
      [T0, 2],
      [T0 + 60_000, 4],
      [T0 + 120_000, 7],
    ]);

    const one = await queryMetrics(env.DB, C, {
      series: "pod_cpu_usage_millicores",
      labels: "namespace=default,pod=p-1",
      from: T0,
      to: T0 + 180_000,
    });
    expect(one.data).toEqual([
      {
        labels: "namespace=default,pod=p-1",
        points: [
          [T0, 1],
          [T0 + 60_000, 4],
          [T0 + 120_000, 7],
        ],
      },
    ]);
    const ns = await queryMetrics(env.DB, C, {
      series: "pod_cpu_usage_millicores",
      labels: "namespace=kube-system",
      from: T0,
      to: T0 + 180_000,
      step: "1h",
    });
    expect(ns.data).toHaveLength(100);
    expect(ns.data.every((d) => d.labels.startsWith("namespace=kube-system,") && d.points.length === 1)).toBe(true);
    const byPod = await queryMetrics(env.DB, C, {
      series: "pod_cpu_usage_millicores",
      labels: "pod=p-3",
      from: T0,
      to: T0 + 1,
    });
    expect(byPod.data).toEqual([{ labels: "namespace=kube-system,pod=p-3", points: [[T0, 0]] }]);
    // A label value is matched whole, not as a prefix of a longer one (p-1 is not p-10).
    const exact = await queryMetrics(env.DB, C, {
      series: "pod_cpu_usage_millicores",
      labels: "pod=p-1",
      from: T0,
      to: T0,
    });
    expect(exact.data.map((d) => d.labels)).toEqual(["namespace=default,pod=p-1"]);
    // A non-finite value is never stored.
    expect((await queryMetrics(env.DB, C, { series: "cluster_objects", from: T0, to: T0 + 180_000 })).data).toEqual([]);
  });

  it("answers QueryErrors for an unknown series, a bad step or range, and too many points", async () => {
    const bad = [
      { series: "node_cpu_seconds_total" },
      { series: "cluster_objects", step: "1s" },
      { series: "cluster_objects", step: "2d" },
      { series: "cluster_objects", step: "sometimes" },
      { series: "cluster_objects", from: T0 + 1, to: T0 },
      { series: "cluster_objects", from: T0, to: T0 + 30 * 86_400_000, step: "60s" },
      { series: "cluster_objects", labels: "namespace" },
      { series: "cluster_objects", from: "last week" },
    ];
    for (const q of bad) {
      await expect(queryMetrics(env.DB, "m", q)).rejects.toMatchObject({ name: "QueryError" });
    }
    // A week at one-minute resolution is within the bound.
    const week = await queryMetrics(env.DB, "m", { series: "cluster_objects", from: T0, to: T0 + 7 * 86_400_000 });
    expect(week.data).toEqual([]);
  });

  it("prunes samples older than the retention cutoff", async () => {
    const C = "metrics-prune";
    for (let k = 0; k < 5; k++) await writeSamples(env.DB, C, T0 + k * 60_000, [sample("cluster_objects", "", 10 + k)]);
    expect(await pruneMetrics(env.DB, T0 + 120_000)).toBeGreaterThanOrEqual(2);
    const r = await queryMetrics(env.DB, C, { series: "cluster_objects", from: T0, to: T0 + 300_000 });
    expect(r.data[0].points.map((p) => p[1])).toEqual([12, 13, 14]);
  });
});
