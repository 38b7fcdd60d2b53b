/**
 * The job controller's pod-failure back-off (pkg/controller/job/backoff_utils.go): failures counted since the
 * last success delay the next pod creation by 10 s doubling per failure, capped at MaxJobPodFailureBackOff,
 * which is 10 minutes in the 1.32 code (the Job docs still say six).
 *
 * Like kube-controller-manager, the records live in memory: a restart forgets them and the next pod is created
 * without waiting.
 */
import type { KObject } from "../../kube/object";
import { finishedTimeOf } from "./job-pods";

export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** newBackoffRecord: the stored record advanced by the pods that finished since it was taken. */
  next(key: string, newSucceeded: KObject[], newFailed: KObject[]): BackoffRecord {
    const cur = this.records.get(key) ?? { failuresAfterLastSuccess: 0 };
    const failedTimes = newFailed.map(finishedTimeOf).sort((a, b) => a - b);
    if (newSucceeded.length === 0) {
      if (failedTimes.length === 0) return { ...cur };
      return {
        failuresAfterLastSuccess: cur.failuresAfterLastSuccess + failedTimes.length,
        lastFailureTime: failedTimes[failedTimes.length - 1],
      };
    }
    const lastSuccess = Math.max(...newSucceeded.map(finishedTimeOf));
    const rec: BackoffRecord = { failuresAfterLastSuccess: 0 };
    for (let i = failedTimes.length - 1; i >= 0; i--) {
      if (failedTimes[i] <= lastSuccess) break;
      rec.lastFailureTime ??= failedTimes[i];
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }

  save(key: string, rec: BackoffRecord): void {
    this.records.set(key, rec);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/** getRemainingTimeForFailuresCount: how long pod creation still waits, 0 when it may go ahead. */
export function remainingBackoffMs(rec: BackoffRecord, now: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let backoff = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - rec.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
