/**
 * policy/v1 PodDisruptionBudget: no SetDefaults; the strategy's PrepareForCreate stores an empty status, whose
 * counters are not omitempty, so a new PDB shows them all as 0.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";

export function defaultPodDisruptionBudget(pdb: KObject): void {
  if (isPlainObject(pdb.status)) return;
  pdb.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
}
