/**
 * Taints and tolerations as k8s.io/api/core/v1 matches them (Toleration.ToleratesTaint,
 * v1helper.FindMatchingUntoleratedTaint). The one implementation the scheduler, the DaemonSet controller and the
 * taint-eviction / node-lifecycle controllers all use, so "tolerated" means the same thing everywhere.
 */
import type { KObject } from "../object";

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/**
 * Toleration.ToleratesTaint: an empty effect or key matches any; operator "" means Equal (values compared),
 * Exists matches any value, and any other operator tolerates nothing.
 */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || "Equal";
  if (op === "Exists") return true;
  if (op === "Equal") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

/** Whether any of the tolerations tolerates the taint (TolerationsTolerateTaint). */
export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => tolerates(t, taint));
}

/** FindMatchingUntoleratedTaint: the first taint with one of `effects` that no toleration tolerates. */
export function untoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly string[],
): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerated(tolerations, taint));
}

/** A Node's spec.taints (a copy, so callers may sort or filter it). */
export function nodeTaints(node: KObject | undefined): Taint[] {
  return ((node?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).slice();
}
