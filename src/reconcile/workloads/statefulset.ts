/**
 * The StatefulSet controller (kube-controller-manager's statefulset controller, v1.32). Keys are StatefulSet
 * storage keys; a set is looked at when it changes, when one of its pods or ControllerRevisions changes, and when
 * an orphan pod matching its selector appears (adoption). The work itself is in statefulset-sync.ts.
 */
import type { Change } from "../../durable/store/kv-store";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { ownerKeysFor } from "./controller-revision-owner";
import { syncStatefulSet } from "./statefulset-sync";

export function statefulSetController(ctx: ControllerContext): Controller {
  return {
    name: "statefulset-controller",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("apps/statefulsets/")) return ch.type === "DELETED" ? [] : [ch.key];
      if (ch.key.startsWith("core/pods/") || ch.key.startsWith("apps/controllerrevisions/")) {
        return ownerKeysFor(ctx, ch, "StatefulSet", "statefulsets");
      }
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const set = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
      if (!set) return undefined;
      return syncStatefulSet(ctx, set);
    },
  };
}
