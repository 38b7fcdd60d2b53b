/**
 * CustomResourceDefinition deletion, as apiextensions-apiserver's finalizer controller does it: a CRD being
 * deleted first has every object of its kind deleted (in all namespaces), then loses the
 * customresourcecleanup finalizer and disappears.
 */
import type { Change } from "../durable/store/kv-store";
import { prefixRange } from "../durable/store/kv-store";
import { CRD_CLEANUP_FINALIZER } from "../kube/kinds/apiextensions";
import { deepClone } from "../kube/object";
import { type ControllerContext, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

const PREFIX = "apiextensions.k8s.io/customresourcedefinitions/";

export function crdCleanupController(ctx: ControllerContext): Controller {
  return {
    name: "crd-cleanup",
    keysFor(ch: Change): string[] {
      return ch.key.startsWith(PREFIX) && ch.type !== "DELETED" && ch.object.metadata.deletionTimestamp ? [ch.key] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const crd = ctx.store.tryGet(ref.decl, undefined, ref.name);
      if (!crd?.metadata.deletionTimestamp || !(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) {
        return undefined;
      }
      const spec = crd.spec as { group: string; names: { plural: string } };
      const range = prefixRange(`${spec.group}/${spec.names.plural}/`);
      const { items } = ctx.store.kv.list(range, { limit: 500 });
      for (const it of items) {
        const m = it.object.metadata;
        const decl = ctx.registry.byResource(spec.group, spec.names.plural);
        if (!decl || m.deletionTimestamp) continue;
        ctx.store.delete(decl, m.namespace, m.name ?? "", { dryRun: false, propagationPolicy: "Background" });
      }
      if (ctx.store.kv.list(range, { limit: 1 }).items.length > 0) return { requeueAfterMs: 500 };
      const next = deepClone(crd);
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
      ctx.store.update(ref.decl, undefined, ref.name, next, { dryRun: false, fieldManager: "apiextensions-apiserver" });
      return undefined;
    },
  };
}
