/**
 * Events expire an hour after they were last seen, as the API server's --event-ttl (1h) makes etcd drop
 * them. Without it a busy cluster (a CronJob every minute) would fill its object budget with old events.
 * One queue entry per event, due at its expiry; a repeat moves the expiry on.
 */
import type { Change } from "../durable/store/kv-store";
import { type ControllerContext, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

export const EVENT_TTL_MS = 60 * 60 * 1000;

function lastSeen(e: Record<string, unknown>): number {
  const t = Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? ""));
  return Number.isNaN(t) ? 0 : t;
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
      const expires = lastSeen(e) + EVENT_TTL_MS;
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
