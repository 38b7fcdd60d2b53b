/**
 * JS heap of a 1,000-node, 30,000-pod cluster. workerd exposes no heap figure to the Durable Object
 * (process.memoryUsage() answers zeros), so the same build runs here in plain Node over the same store,
 * registry, engine and controllers (the in-memory test cluster). Its SQLite is sql.js, whose database lives
 * in a WebAssembly buffer (reported as arrayBuffers, not heap); in the Durable Object that data is in
 * SQLite's own storage, so heapUsed is the figure comparable to the Durable Object's isolate.
 * Writes its figures as JSON to $BENCH_OUT (scripts/bench.mjs reads them).
 */
import { writeFileSync } from "node:fs";
import { memoryUsage } from "node:process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { buildBenchCluster } from "../../src/durable/cluster-bench";
import { createTestCluster } from "../unit/harness/memory-cluster";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function mib(n: number): number {
  return Math.round((n / 2 ** 20) * 10) / 10;
}

function snapshot() {
  gc();
  gc();
  const m = memoryUsage();
  return { heap_used_mib: mib(m.heapUsed), array_buffers_mib: mib(m.arrayBuffers), rss_mib: mib(m.rss) };
}

test("1,000 nodes and 30,000 pods: heap after build, settle and one scheduled pod", async () => {
  const nodes = Number(process.env.BENCH_NODES ?? 1000);
  const pods = Number(process.env.BENCH_PODS ?? 30000);
  const empty = snapshot();
  const c = createTestCluster({ name: "bench" });
  const seeded = snapshot();
  const sql = c.storage.sql;
  const pageBytes = () =>
    Number(sql.exec("PRAGMA page_count").one().page_count) * Number(sql.exec("PRAGMA page_size").one().page_size);
  const report = await buildBenchCluster(
    { kv: c.kv, registry: c.registry, engine: c.engine, clusterName: "bench", now: c.now, databaseSize: pageBytes },
    nodes,
    pods,
  );
  const built = snapshot();
  const result = {
    runtime: `node ${process.version}`,
    nodes,
    pods,
    objects: report.objects,
    build_ms: report.build_ms,
    settle_ms: report.settle_ms,
    settle_writes: report.settle_writes,
    extra_pod_scheduled_on: report.extra_pod_scheduled_on,
    memory: { before_cluster: empty, seeded_cluster: seeded, after_build_settle_schedule: built },
    heap_used_by_cluster_mib: Math.round((built.heap_used_mib - empty.heap_used_mib) * 10) / 10,
  };
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
  expect(report.objects).toBeGreaterThanOrEqual(nodes + pods);
  expect(report.extra_pod_scheduled_on).toBeTruthy();
  // Keep the cluster reachable until the last snapshot.
  expect(c.kv.count()).toBe(report.objects);
});
