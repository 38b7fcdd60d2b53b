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
  // Which namespaces hold quotas, kept in memory from the quota changes themselves: most writes land in
  // namespaces without quotas, and this keeps them from costing a query each.
  let quotaCounts: Map<string, number> | undefined;
  const counts = (): Map<string, number> => {
    if (!quotaCounts) {
      quotaCounts = new Map();
      for (const it of ctx.store.kv.list(prefixRange("core/resourcequotas/")).items) {
        const ns = it.object.metadata.namespace ?? "";
        quotaCounts.set(ns, (quotaCounts.get(ns) ?? 0) + 1);
      }
    }
    return quotaCounts;
  };
  const hasQuotas = (ns: string) => (counts().get(ns) ?? 0) > 0;
  return {
    name: "resourcequota",
    keysFor(ch: Change): string[] {
      const ns = ch.object.metadata.namespace;
      if (!ns) return [];
      if (ch.key.startsWith("core/resourcequotas/") && quotaCounts && (ch.type === "ADDED" || ch.type === "DELETED")) {
        quotaCounts.set(ns, (quotaCounts.get(ns) ?? 0) + (ch.type === "ADDED" ? 1 : -1));
      }
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
