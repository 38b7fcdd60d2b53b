/**
 * The ResourceQuota controller: keeps each quota's status.hard (= spec.hard) and status.used (what the
 * namespace's objects use) current, so `kubectl describe quota` and `kubectl get quota` show real figures.
 * Any change in a namespace that has quotas re-syncs that namespace's quotas.
 */
import { currentQuotas } from "../apiserver/quota";
import type { Change } from "../durable/store/kv-store";
import { prefixRange } from "../durable/store/kv-store";
import { deepEqual } from "../kube/object";
import type { ControllerContext } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

export function quotaController(ctx: ControllerContext): Controller {
  const hasQuotas = (ns: string) =>
    ctx.store.kv.list(prefixRange(`core/resourcequotas/${ns}/`), { limit: 1 }).items.length > 0;
  return {
    name: "resourcequota",
    keysFor(ch: Change): string[] {
      const ns = ch.object.metadata.namespace;
      if (!ns) return [];
      // Status writes by this controller change nothing it counts.
      if (
        ch.key.startsWith("core/resourcequotas/") &&
        ch.type === "MODIFIED" &&
        deepEqual(ch.prev?.spec, ch.object.spec)
      ) {
        return [];
      }
      return hasQuotas(ns) ? [ns] : [];
    },
    reconcile(ns: string): ReconcileResult | undefined {
      const decl = ctx.registry.byResource("", "resourcequotas");
      if (!decl) return undefined;
      for (const q of currentQuotas(ctx.store.view, ns)) {
        const stored = ctx.store.tryGet(decl, ns, q.metadata.name ?? "");
        if (!stored || deepEqual(stored.status, q.status)) continue;
        ctx.store.update(
          decl,
          ns,
          q.metadata.name ?? "",
          { ...stored, status: q.status },
          {
            dryRun: false,
            fieldManager: "kube-controller-manager",
            subresource: "status",
          },
        );
      }
      return undefined;
    },
  };
}
