/**
 * client-go's flowcontrol.Backoff as the kubelet configures it for image pulls and container restarts:
 * 10 s doubling to 5 min, forgotten once the item stayed quiet for twice the maximum (10 min).
 */
import type { BackoffEntry } from "./types";

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

function expired(e: BackoffEntry, t: number): boolean {
  return t - e.last > 2 * BACKOFF_MAX_MS;
}

/** Backoff.Next: starts (or restarts, when expired) at 10 s, else doubles up to 5 min. */
export function nextBackoff(e: BackoffEntry | undefined, t: number): BackoffEntry {
  if (!e || expired(e, t)) return { ms: BACKOFF_INITIAL_MS, last: t };
  return { ms: Math.min(e.ms * 2, BACKOFF_MAX_MS), last: t };
}

/** Whether an event at `t` still falls inside the entry's window (an expired entry holds nothing back). */
export function holdsBack(e: BackoffEntry | undefined, t: number): boolean {
  return e !== undefined && !expired(e, t);
}
