/**
 * Store throughput measured inside the Durable Object (`npm run bench` calls it through /_dev/bench/store,
 * which exists only when EDGEPLANE_DEV=1). Keys live under `bench/`, a prefix no kind uses, and are removed
 * afterwards, so the cluster's objects and watches are untouched.
 */
import type { KObject } from "../kube/object";
import { type KvStore, prefixRange } from "./store/kv-store";

function opsPerSecond(n: number, ms: number): number {
  return Math.round((n / Math.max(ms, 0.001)) * 1000);
}

export function benchStore(kv: KvStore, n: number): Record<string, number> {
  const count = Math.max(100, Math.min(n, 20000));
  const obj = (i: number): KObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `bench-${i}`, namespace: "bench", labels: { app: "bench", i: String(i % 10) } },
    data: { key: "x".repeat(200) },
  });
  const key = (i: number) => `bench/configmaps/bench/bench-${String(i).padStart(6, "0")}`;
  const result: Record<string, number> = { objects: count };

  let t = performance.now();
  for (let i = 0; i < count; i++) kv.create(key(i), obj(i));
  result.create_ops_per_s = opsPerSecond(count, performance.now() - t);

  t = performance.now();
  for (let i = 0; i < count; i++) kv.get(key(i));
  result.get_ops_per_s = opsPerSecond(count, performance.now() - t);

  t = performance.now();
  for (let i = 0; i < count; i++) {
    const cur = kv.get(key(i))!;
    kv.update(key(i), { ...cur.object, data: { key: "y".repeat(200) } }, cur.rev);
  }
  result.update_ops_per_s = opsPerSecond(count, performance.now() - t);

  t = performance.now();
  const lists = 20;
  for (let i = 0; i < lists; i++) kv.list(prefixRange("bench/configmaps/"), { limit: 500 });
  result.list_500_per_s = opsPerSecond(lists, performance.now() - t);

  t = performance.now();
  for (let i = 0; i < count; i++) kv.delete(key(i));
  result.delete_ops_per_s = opsPerSecond(count, performance.now() - t);
  return result;
}
