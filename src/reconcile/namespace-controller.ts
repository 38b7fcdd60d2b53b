/**
 * Namespace deletion, as kube-controller-manager's namespace controller does it: a namespace with a
 * deletionTimestamp (phase Terminating) has every object in it deleted; once nothing is left, its
 * `kubernetes` spec finalizer is removed (the /finalize step) and the namespace itself disappears.
 */
import type { Change } from "../durable/store/kv-store";
import { deepClone } from "../kube/object";
import { type ControllerContext, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

const RECHECK_MS = 500;

export function namespaceController(ctx: ControllerContext): Controller {
  return {
    name: "namespace",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("core/namespaces/") && ch.type !== "DELETED" && ch.object.metadata.deletionTimestamp) {
        return [ch.key];
      }
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const ns = ctx.store.tryGet(ref.decl, undefined, ref.name);
      if (!ns?.metadata.deletionTimestamp) return undefined;
      let remaining = 0;
      for (const decl of ctx.registry.kinds) {
        // Kinds served in another's stored form (autoscaling/v1, events.k8s.io) hold the same objects.
        if (!decl.namespaced || decl.storedAs || decl.virtual) continue;
        const { items } = ctx.store.list(decl, ref.name, { filter: {} });
        for (const obj of items) {
          remaining++;
          if (obj.metadata.deletionTimestamp) continue;
          try {
            ctx.store.delete(decl, ref.name, obj.metadata.name!, { dryRun: false, propagationPolicy: "Background" });
          } catch (e) {
            if (!(e instanceof Error && "code" in e && (e as { code: number }).code === 404)) throw e;
          }
        }
      }
      // Re-count: objects without finalizers or grace periods are gone already.
      remaining = 0;
      for (const decl of ctx.registry.kinds) {
        if (decl.namespaced && !decl.storedAs && !decl.virtual) {
          remaining += ctx.store.list(decl, ref.name, { filter: {} }).items.length;
        }
      }
      if (remaining > 0) return { requeueAfterMs: RECHECK_MS };
      const spec = (ns.spec ?? {}) as { finalizers?: string[] };
      if ((spec.finalizers ?? []).length > 0) {
        const next = deepClone(ns);
        next.spec = { ...spec, finalizers: [] };
        // Finalize: with no spec or metadata finalizers left, the pending deletion completes.
        ctx.store.update(ref.decl, undefined, ref.name, next, {
          dryRun: false,
          fieldManager: "namespace-controller",
          subresource: "finalize",
        });
      }
      return undefined;
    },
  };
}
