/** Helpers shared by the apps/v1 workload printers. */
import type { KObject } from "../object";
import { field, int } from "./common";

/**
 * spec.replicas as the internal object has it. Stored objects are defaulted (SetDefaults_* sets 1 when unset),
 * so an absent value is taken as that default.
 */
export function specReplicas(obj: KObject): number {
  const v = field(obj, "spec").replicas;
  return typeof v === "number" ? int(v) : 1;
}

/** An integer status field, 0 when absent. */
export function statusInt(obj: KObject, key: string): number {
  return int(field(obj, "status")[key]);
}
