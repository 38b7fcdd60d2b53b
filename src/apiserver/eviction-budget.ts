/**
 * The PodDisruptionBudget check of pods/eviction, as kube's eviction REST does it: a budget the disruption
 * controller has not caught up with, or one with no disruptions left, answers 429 (kubectl drain retries);
 * an allowed eviction spends one disruption and records the pod under status.disruptedPods before the
 * delete, so two quick evictions cannot both pass on the same count. A pod that is not Ready may go while
 * the budget is otherwise met (unhealthyPodEvictionPolicy IfHealthyBudget) without spending anything.
 */
import { StatusError } from "../kube/errors";
import type { KObject } from "../kube/object";
import type { ResourceStore } from "./resource-store";
import { rfc3339 } from "./time";

interface PdbStatus {
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
}

/** policy.MaxDisruptedPodSize. */
const MAX_DISRUPTED_PODS = 2000;

const tooMany = (message: string) =>
  new StatusError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: "DisruptionBudget", message }],
  });

function podReady(pod: KObject): boolean {
  const conds = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type === "Ready" && c.status === "True");
}

export function spendDisruption(store: ResourceStore, pod: KObject, pdb: KObject, now: number, dryRun: boolean): void {
  const status = (pdb.status ?? {}) as PdbStatus;
  const name = pdb.metadata.name;
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw tooMany(`The disruption budget ${name} is still being processed by the server.`);
  }
  const allowed = Number(status.disruptionsAllowed ?? 0);
  const healthy = Number(status.currentHealthy ?? 0);
  const desired = Number(status.desiredHealthy ?? 0);
  const policy = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)?.unhealthyPodEvictionPolicy;
  if (!podReady(pod) && (policy === "AlwaysAllow" || (healthy >= desired && desired > 0))) return;
  if (allowed < 0) throw new StatusError(403, "Forbidden", "pdb disruptions allowed is negative");
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw new StatusError(
      403,
      "Forbidden",
      "DisruptedPods map too big - too many evictions not confirmed by PDB controller",
    );
  }
  if (allowed === 0)
    throw tooMany(`The disruption budget ${name} needs ${desired} healthy pods and has ${healthy} currently`);
  if (dryRun) return;
  const decl = store.registry.byResource("policy", "poddisruptionbudgets")!;
  const next: PdbStatus = {
    ...status,
    disruptionsAllowed: allowed - 1,
    disruptedPods: { ...(status.disruptedPods ?? {}), [pod.metadata.name!]: rfc3339(now) },
  };
  store.update(
    decl,
    pdb.metadata.namespace,
    name!,
    { ...pdb, status: next },
    {
      dryRun: false,
      fieldManager: "kube-apiserver",
      subresource: "status",
    },
  );
}
