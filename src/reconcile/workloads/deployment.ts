/**
 * The Deployment controller, as kube-controller-manager 1.32's pkg/controller/deployment does it. Per sync:
 * claim ReplicaSets by selector and controllerRef; a deleted Deployment only gets status; the Progressing
 * condition notes pause/resume; a paused Deployment or a scaling event only scales (proportionally
 * mid-rollout); otherwise the strategy rolls out (deployment-rollout.ts).
 *
 * Triggers: the Deployment itself, its ReplicaSets (by controllerRef, or orphans its selector matches), and
 * pod deletions for Recreate (which waits for old pods to be gone). The progress deadline is a requeue.
 */

import type { Change } from "../../durable/store/kv-store";
import type { KObject } from "../../kube/object";
import { labelSelectorFromObject, matches } from "../../kube/selectors/label-selector";
import { type ControllerContext, declOf, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { rolloutRecreate, rolloutRolling } from "./deployment-rollout";
import { type Decls, DeploymentSync } from "./deployment-sync";
import {
  dSpec,
  dStatus,
  getCondition,
  hasProgressDeadline,
  newCondition,
  PAUSED_REASON,
  RESUMED_REASON,
  setCondition,
  TIMED_OUT_REASON,
} from "./deployment-util";
import { claimObjects, controllerRefOf, keyOf, ownerKeysForControlled } from "./pod-template";

export function deploymentController(ctx: ControllerContext): Controller {
  const decls: Decls = {
    deployments: declOf(ctx.registry, "apps", "deployments"),
    replicaSets: declOf(ctx.registry, "apps", "replicasets"),
    pods: declOf(ctx.registry, "", "pods"),
  };
  const dKey = (ns: string, name: string) => keyOf(decls.deployments, ns, name);

  /** getDeploymentsForReplicaSet: Deployments whose (non-empty) selector matches an orphan's labels. */
  const selectingDeployments = (ns: string, labels: Record<string, string> | undefined): string[] => {
    const out: string[] = [];
    for (const d of ctx.store.list(decls.deployments, ns, { filter: {} }).items) {
      try {
        const sel = labelSelectorFromObject(dSpec(d).selector);
        if (sel.requirements.length > 0 && matches(sel, labels)) out.push(dKey(ns, String(d.metadata.name)));
      } catch {
        // an unparsable selector selects nothing
      }
    }
    return out;
  };

  const replicaSetKeys = (ch: Change): string[] => ownerKeysForControlled(ch, "Deployment", dKey, selectingDeployments);

  /** deletePod: a Recreate rollout waits for the last old pod to disappear. */
  const podKeys = (ch: Change): string[] => {
    if (ch.type !== "DELETED") return [];
    const ref = controllerRefOf(ch.object);
    if (ref?.kind !== "ReplicaSet") return [];
    const ns = ch.object.metadata.namespace ?? "";
    const rs = ctx.store.tryGet(decls.replicaSets, ns, ref.name);
    const owner = rs && controllerRefOf(rs);
    if (owner?.kind !== "Deployment") return [];
    const d = ctx.store.tryGet(decls.deployments, ns, owner.name);
    if (!d || dSpec(d).strategy?.type !== "Recreate") return [];
    return [dKey(ns, owner.name)];
  };

  return {
    name: "deployment-controller",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("apps/deployments/")) return [ch.key];
      if (ch.key.startsWith("apps/replicasets/")) return replicaSetKeys(ch);
      if (ch.key.startsWith("core/pods/")) return podKeys(ch);
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const d = ctx.store.tryGet(decls.deployments, ref.namespace, ref.name);
      if (!d) return undefined;
      return syncDeployment(d);
    },
  };

  function syncDeployment(d: KObject): ReconcileResult | undefined {
    const selectorJson = dSpec(d).selector;
    if (
      !selectorJson ||
      (Object.keys(selectorJson.matchLabels ?? {}).length === 0 && (selectorJson.matchExpressions ?? []).length === 0)
    ) {
      ctx.events.record(
        d,
        "Warning",
        "SelectingAll",
        "This deployment is selecting all pods. A non-empty selector is required.",
        { component: "deployment-controller" },
      );
      const gen = d.metadata.generation ?? 1;
      if ((dStatus(d).observedGeneration ?? 0) < gen) {
        const s = new DeploymentSync(ctx, decls, structuredClone(d), []);
        s.status().observedGeneration = gen;
        s.persist();
      }
      return undefined;
    }
    let selector: ReturnType<typeof labelSelectorFromObject>;
    try {
      selector = labelSelectorFromObject(selectorJson);
    } catch {
      return undefined;
    }
    const ns = d.metadata.namespace ?? "";
    const rsList = claimObjects(
      ctx,
      decls.replicaSets,
      d,
      "apps/v1",
      "Deployment",
      selector,
      ctx.store.list(decls.replicaSets, ns, { filter: {} }).items,
    );
    const s = new DeploymentSync(ctx, decls, structuredClone(d), rsList);

    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = s.getAllReplicaSetsAndSyncRevision(false);
      s.syncDeploymentStatus([...oldRSs, newRS], newRS);
      return undefined;
    }
    checkPausedConditions(s);
    if (dSpec(s.d).paused) {
      syncScaleOrPaused(s);
      return undefined;
    }
    if (s.isScalingEvent()) {
      syncScaleOrPaused(s);
      return undefined;
    }
    if (dSpec(s.d).strategy?.type === "Recreate") rolloutRecreate(s);
    else rolloutRolling(s);
    return s.requeueAfterMs === undefined ? undefined : { requeueAfterMs: s.requeueAfterMs };
  }

  /** sync: scale (proportionally if need be), clean history while paused, and write status. */
  function syncScaleOrPaused(s: DeploymentSync): void {
    const { newRS, oldRSs } = s.getAllReplicaSetsAndSyncRevision(false);
    s.scale(newRS, oldRSs);
    const fresh = (rs: KObject) => s.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs;
    const old = oldRSs.map(fresh);
    if (dSpec(s.d).paused) s.cleanupDeployment(old);
    const current = newRS ? fresh(newRS) : undefined;
    s.syncDeploymentStatus([...old, current], current);
  }

  /** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed, unless timed out. */
  function checkPausedConditions(s: DeploymentSync): void {
    if (!hasProgressDeadline(s.d)) return;
    const cond = getCondition(dStatus(s.d), "Progressing");
    if (cond?.reason === TIMED_OUT_REASON) return;
    const pausedCondExists = cond?.reason === PAUSED_REASON;
    const paused = !!dSpec(s.d).paused;
    const now = ctx.clock.now();
    if (paused && !pausedCondExists) {
      setCondition(s.status(), newCondition("Progressing", "Unknown", PAUSED_REASON, "Deployment is paused", now));
    } else if (!paused && pausedCondExists) {
      setCondition(s.status(), newCondition("Progressing", "Unknown", RESUMED_REASON, "Deployment is resumed", now));
    } else return;
    s.persist();
  }
}
