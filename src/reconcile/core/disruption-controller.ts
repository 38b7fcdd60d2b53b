/**
 * The disruption controller: PodDisruptionBudget status.
 * - expectedPods: with minAvailable as a number, the matching pods; otherwise (maxUnavailable, or a
 *   percentage) the sum of the scale of the pods' controllers (Deployment through its ReplicaSet,
 *   ReplicaSet, StatefulSet, ReplicationController).
 * - desiredHealthy: minAvailable, or expected - maxUnavailable (percentages of expected, rounded up).
 * - currentHealthy: matching pods that are Ready and not being deleted nor recently evicted.
 * - disruptionsAllowed = currentHealthy - desiredHealthy (never below 0), condition DisruptionAllowed
 *   (SufficientPods / InsufficientPods), observedGeneration.
 * disruptedPods holds pods the eviction API just evicted so a second quick eviction cannot pass on stale
 * numbers; entries are dropped when the pod is deleted or after 2 minutes, as kube does.
 */

import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { scaledValue } from "../../kube/intstr";
import { deepEqual, type KObject } from "../../kube/object";
import { type ControllerContext, groupOfApiVersion, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { isPodReady, labelSelectorMatches } from "./pods";
import { KCM, kinds, listAll } from "./store-helpers";

const NAME = "disruption-controller";
const DELETION_TIMEOUT_MS = 2 * 60_000;

interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: unknown;
}
interface PdbStatus {
  disruptedPods?: Record<string, string>;
  conditions?: {
    type: string;
    status: string;
    reason: string;
    message: string;
    lastTransitionTime?: string;
    observedGeneration?: number;
  }[];
  [k: string]: unknown;
}

export function disruptionController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  const pdbKey = (ns: string, name: string) => `policy/poddisruptionbudgets/${ns}/${name}`;

  const ownerOf = (obj: KObject, ns: string): KObject | undefined => {
    const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!ref) return undefined;
    const decl = ctx.registry.byKind(groupOfApiVersion(ref.apiVersion), ref.kind);
    const owner = decl ? ctx.store.tryGet(decl, ns, ref.name) : undefined;
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  };

  /** Sum of the scale of the pods' controllers; a string is kube's error when a pod has none. */
  const expectedScale = (pods: KObject[], ns: string): number | string => {
    const seen = new Map<string, number>();
    for (const pod of pods) {
      let ctrl = ownerOf(pod, ns);
      if (ctrl?.kind === "ReplicaSet") {
        const dep = ownerOf(ctrl, ns);
        if (dep?.kind === "Deployment") ctrl = dep;
      }
      if (!ctrl || !["ReplicaSet", "Deployment", "StatefulSet", "ReplicationController"].includes(ctrl.kind ?? "")) {
        return `found no controllers for pod "${pod.metadata.name}"`;
      }
      seen.set(ctrl.metadata.uid!, Number((ctrl.spec as { replicas?: number } | undefined)?.replicas ?? 1));
    }
    return [...seen.values()].reduce((a, b) => a + b, 0);
  };

  return {
    name: NAME,
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("policy/poddisruptionbudgets/")) return ch.type === "DELETED" ? [] : [ch.key];
      if (!ch.key.startsWith("core/pods/")) return [];
      const ns = ch.object.metadata.namespace!;
      const labels = [ch.object.metadata.labels, ch.prev?.metadata.labels];
      return listAll(ctx, k.pdbs, ns)
        .filter((pdb) => labels.some((l) => labelSelectorMatches((pdb.spec as PdbSpec).selector, l)))
        .map((pdb) => pdbKey(ns, pdb.metadata.name!));
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref?.namespace) return undefined;
      const pdb = ctx.store.tryGet(k.pdbs, ref.namespace, ref.name);
      if (!pdb) return undefined;
      const ns = ref.namespace;
      const spec = (pdb.spec ?? {}) as PdbSpec;
      const status = ((pdb.status ?? {}) as PdbStatus) ?? {};
      const now = ctx.clock.now();
      const pods = listAll(ctx, k.pods, ns).filter((p) => labelSelectorMatches(spec.selector, p.metadata.labels));

      // Recently evicted pods stay "disrupted" until they are gone or the entry times out.
      const disrupted: Record<string, string> = {};
      let nextExpiry: number | undefined;
      for (const [name, at] of Object.entries(status.disruptedPods ?? {})) {
        const pod = pods.find((p) => p.metadata.name === name);
        const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
        if (!pod || pod.metadata.deletionTimestamp || expires <= now) continue;
        disrupted[name] = at;
        nextExpiry = nextExpiry === undefined ? expires : Math.min(nextExpiry, expires);
      }

      let expected: number;
      let desired: number;
      let failure: string | undefined;
      if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
        const scale = expectedScale(pods, ns);
        if (typeof scale === "string") failure = scale;
        expected = typeof scale === "number" ? scale : 0;
        desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true));
      } else if (typeof spec.minAvailable === "string" && spec.minAvailable.endsWith("%")) {
        const scale = expectedScale(pods, ns);
        if (typeof scale === "string") failure = scale;
        expected = typeof scale === "number" ? scale : 0;
        desired = scaledValue(spec.minAvailable, expected, true);
      } else {
        expected = pods.length;
        desired = scaledValue(spec.minAvailable ?? 1, expected, true);
      }
      const healthy = pods.filter(
        (p) => !p.metadata.deletionTimestamp && isPodReady(p) && !disrupted[p.metadata.name!],
      ).length;
      let allowed = healthy - desired;
      if (failure || expected <= 0 || allowed <= 0) allowed = 0;

      const prevCond = (status.conditions ?? []).find((c) => c.type === "DisruptionAllowed");
      const cond = failure
        ? { type: "DisruptionAllowed", status: "False", reason: "SyncFailed", message: failure }
        : allowed > 0
          ? { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "" }
          : { type: "DisruptionAllowed", status: "False", reason: "InsufficientPods", message: "" };
      const condition = {
        ...cond,
        observedGeneration: pdb.metadata.generation,
        lastTransitionTime: prevCond && prevCond.status === cond.status ? prevCond.lastTransitionTime : rfc3339(now),
      };
      const next: PdbStatus = {
        ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
        disruptionsAllowed: allowed,
        currentHealthy: healthy,
        desiredHealthy: desired,
        expectedPods: expected,
        observedGeneration: pdb.metadata.generation,
        conditions: [condition],
      };
      if (failure && status.disruptionsAllowed === undefined) {
        ctx.events.record(
          pdb,
          "Warning",
          "CalculateExpectedPodCountFailed",
          `Failed to calculate the number of expected pods: ${failure}`,
          {
            component: "controllermanager",
          },
        );
      }
      if (!deepEqual(next, status)) {
        ctx.store.update(
          k.pdbs,
          ns,
          ref.name,
          { ...pdb, status: next },
          { dryRun: false, fieldManager: KCM, subresource: "status" },
        );
      }
      return nextExpiry === undefined ? undefined : { requeueAfterMs: nextExpiry - now };
    },
  };
}
