/**
 * Events expire an hour after they were last written, as the API server's --event-ttl (1h) lease makes etcd
 * drop them. Without it a busy cluster (a CronJob every minute) would fill its object budget with old
 * events. One queue entry per event, due at its expiry; a repeat (a new write) moves the expiry on.
 */
import type { Change } from "../durable/store/kv-store";
import type { KObject } from "../kube/object";
import { type ControllerContext, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

export const EVENT_TTL_MS = 60 * 60 * 1000;

/**
 * When the event was last written: its creation, a client's update (managedFields times), or a repeat our
 * recorder counted (lastTimestamp, which it sets to the write time). Timestamps a client put in the body
 * never make an event older than its creation.
 */
function lastWritten(e: KObject): number {
  const times = [
    e.metadata.creationTimestamp,
    ...(e.metadata.managedFields ?? []).map((f) => (f as { time?: string }).time),
    e.lastTimestamp,
  ]
    .map((t) => Date.parse(String(t ?? "")))
    .filter((t) => !Number.isNaN(t));
  return times.length ? Math.max(...times) : 0;
}

export function eventTtlController(ctx: ControllerContext): Controller {
  return {
    name: "event-ttl",
    keysFor(ch: Change): string[] {
      return ch.type !== "DELETED" && ch.key.startsWith("core/events/") ? [ch.key] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const e = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
      if (!e) return undefined;
      const expires = lastWritten(e) + EVENT_TTL_MS;
      const now = ctx.clock.now();
      if (now < expires) return { requeueAfterMs: expires - now };
      try {
        ctx.store.delete(ref.decl, ref.namespace, ref.name, { dryRun: false, preconditions: { uid: e.metadata.uid } });
      } catch (err) {
        if (!(err instanceof Error && "code" in err && (err as { code: number }).code === 404)) throw err;
      }
      return undefined;
    },
  };
}
