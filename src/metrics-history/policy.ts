/**
 * When a cluster's history is written and how long it is kept.
 *
 * Sampling is opportunistic, on the wall clock: a cluster takes a sample while it is doing something anyway
 * (serving a request, running its alarm) and at most once per interval. No timer exists for it, so an idle
 * cluster takes no samples, stays asleep and costs nothing; its charts show a gap, which is the truth. The
 * wall clock (not the cluster's clock, which may be virtual and frozen) spaces samples, so time travel in a
 * cluster neither floods nor starves its history.
 */

export const SAMPLE_INTERVAL_MS = 60_000;

/** Whether a sample is due, given when the last one was taken (undefined: never). */
export function sampleDue(lastSampleWallMs: number | undefined, wallNowMs: number): boolean {
  return lastSampleWallMs === undefined || wallNowMs - lastSampleWallMs >= SAMPLE_INTERVAL_MS;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 30;
export const DEFAULT_METRICS_RETENTION_DAYS = 7;
/** A guard against a typo keeping history forever (D1 bills by storage). */
export const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;

/**
 * Retention in days from an environment string: a positive number (fractions allowed, e.g. "0.5");
 * absent, empty or invalid falls back to the default, so a bad setting never prunes everything.
 */
export function parseRetentionDays(text: string | undefined, fallback: number): number {
  const t = text?.trim();
  if (!t || !/^\d+(\.\d+)?$/.test(t)) return fallback;
  const n = Number(t);
  return n > 0 ? Math.min(n, MAX_RETENTION_DAYS) : fallback;
}

export interface Retention {
  auditMs: number;
  metricsMs: number;
}

export function retention(env: { AUDIT_RETENTION_DAYS?: string; METRICS_RETENTION_DAYS?: string }): Retention {
  return {
    auditMs: parseRetentionDays(env.AUDIT_RETENTION_DAYS, DEFAULT_AUDIT_RETENTION_DAYS) * DAY_MS,
    metricsMs: parseRetentionDays(env.METRICS_RETENTION_DAYS, DEFAULT_METRICS_RETENTION_DAYS) * DAY_MS,
  };
}

/** The cutoffs to pass to pruneAudit / pruneMetrics at wall time `nowMs`. */
export function pruneCutoffs(env: Parameters<typeof retention>[0], nowMs: number): { audit: number; metrics: number } {
  const r = retention(env);
  return { audit: nowMs - r.auditMs, metrics: nowMs - r.metricsMs };
}

/**
 * Audit events wait in the cluster's outbox at most about this long before a flush to D1 (a background flush
 * usually moves them within a quarter second; the alarm is the backstop), and a flush moves at most this many.
 */
export const AUDIT_FLUSH_DELAY_MS = 2_000;
export const AUDIT_FLUSH_BATCH = 500;
