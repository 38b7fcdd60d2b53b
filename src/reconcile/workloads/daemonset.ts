/**
 * The DaemonSet controller (kube-controller-manager's daemonset controller, v1.32). Keys are DaemonSet storage
 * keys; a DaemonSet is looked at when it changes, when one of its pods or ControllerRevisions changes, when an
 * orphan pod matching its selector appears, and — for every DaemonSet — when a node comes, goes, or changes in a
 * way that can change where daemon pods belong (labels, taints, conditions). The work is in daemonset-sync.ts.
 */
import type { Change } from "../../durable/store/kv-store";
import type { KObject } from "../../kube/object";
import { deepEqual } from "../../kube/object";
import { type ControllerContext, declOf, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { ownerKeysFor } from "./controller-revision-owner";
import type { FailedPodBackoff } from "./daemonset-pods";
import { syncDaemonSet } from "./daemonset-sync";

/** shouldIgnoreNodeUpdate: heartbeats and other status churn do not move daemon pods. */
function nodeChangeMatters(ch: Change): boolean {
  if (ch.type !== "MODIFIED" || !ch.prev) return true;
  const conds = (n: KObject) =>
    ((n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [])
      .map((c) => `${c.type}=${c.status}`)
      .sort();
  return (
    !deepEqual(ch.prev.metadata.labels, ch.object.metadata.labels) ||
    !deepEqual(ch.prev.spec, ch.object.spec) ||
    !deepEqual(conds(ch.prev), conds(ch.object))
  );
}

export function daemonSetController(ctx: ControllerContext): Controller {
  const backoff: FailedPodBackoff = new Map();
  return {
    name: "daemonset-controller",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("apps/daemonsets/")) return ch.type === "DELETED" ? [] : [ch.key];
      if (ch.key.startsWith("core/pods/") || ch.key.startsWith("apps/controllerrevisions/")) {
        return ownerKeysFor(ctx, ch, "DaemonSet", "daemonsets");
      }
      if (ch.key.startsWith("core/nodes/") && nodeChangeMatters(ch)) {
        const decl = declOf(ctx.registry, "apps", "daemonsets");
        return ctx.store
          .list(decl, undefined, { filter: {} })
          .items.map((ds) => `apps/daemonsets/${ds.metadata.namespace}/${ds.metadata.name}`);
      }
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const ds = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
      if (!ds) return undefined;
      return syncDaemonSet(ctx, ds, backoff);
    },
  };
}
