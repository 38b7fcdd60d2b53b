/**
 * framework.FitError.Error(): "0/N nodes are available: <prefilter msg | sorted reason histogram>." followed by
 * the PostFilter (preemption) message, each part formatted with " %v." — which is why real messages end in
 * "for incoming pod.." (the preemption message carries its own period).
 */
import { compareGoStrings } from "../kube/selectors/go-format";
import type { Diagnosis } from "./framework";

export const NO_NODES_AVAILABLE = "no nodes available to schedule pods";

export function fitErrorMessage(d: Diagnosis, postFilterMsg?: string): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const s of d.statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = d.numAllNodes - d.statuses.size;
    if (d.absent && absent > 0) for (const r of d.absent.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort(compareGoStrings);
    if (parts.length > 0) msg += ` ${parts.join(", ")}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}
