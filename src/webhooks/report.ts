/**
 * The result of one webhook delivery, as stored and as answered to the CI system: what was applied, how each
 * workload's rollout ended (in `kubectl rollout status` words), and the Warning events that explain a failure.
 * `summary` fits a GitHub commit status description (140 characters).
 */
import type { AppliedObject, EventSummary, RolloutResult } from "../durable/apply-bundle";

export type ReportStatus =
  /** Applied, and every rollout finished. */
  | "succeeded"
  /** An object was refused, a rollout cannot finish (progress deadline, failed Job), or the delivery broke. */
  | "failed"
  /** Applied, but rollouts were still going when the delivery's timeout ran out. */
  | "timed_out"
  /** Applied without waiting (`wait: false`) while rollouts were still going. */
  | "applied"
  /** The pull/merge request closed: its ephemeral cluster was deleted. */
  | "closed"
  | "pong"
  /** Nothing to do for this event. */
  | "ignored";

export interface WebhookReport {
  delivery: string;
  webhook: string;
  cluster?: string;
  status: ReportStatus;
  summary: string;
  applied: AppliedObject[];
  rollouts: RolloutResult[];
  events: EventSummary[];
  startedAt: string;
  finishedAt: string;
}

export interface ReportInput {
  delivery: string;
  webhook: string;
  cluster?: string;
  /** What the delivery asked for (the intent's kind). */
  intent: "apply" | "close" | "ping" | "ignore";
  /** For ignored deliveries: why. */
  ignoredReason?: string;
  /** Something outside the bundle went wrong (the cluster could not be created, ...). */
  error?: string;
  applied?: AppliedObject[];
  rollouts?: RolloutResult[];
  events?: EventSummary[];
  /** Whether the delivery waited for rollouts, and whether that wait ran out. */
  waited?: boolean;
  timedOut?: boolean;
  timeoutSeconds?: number;
  /** Milliseconds since the epoch. */
  startedAt: number;
  finishedAt: number;
}

export const SUMMARY_MAX = 140;

export function buildReport(input: ReportInput): WebhookReport {
  const applied = input.applied ?? [];
  const rollouts = input.rollouts ?? [];
  const { status, summary } = judge(input, applied, rollouts);
  const report: WebhookReport = {
    delivery: input.delivery,
    webhook: input.webhook,
    status,
    summary: truncate(summary),
    applied,
    rollouts,
    events: input.events ?? [],
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(input.finishedAt).toISOString(),
  };
  if (input.cluster !== undefined) report.cluster = input.cluster;
  return report;
}

function judge(
  input: ReportInput,
  applied: AppliedObject[],
  rollouts: RolloutResult[],
): { status: ReportStatus; summary: string } {
  if (input.error) return { status: "failed", summary: input.error };
  switch (input.intent) {
    case "ignore":
      return { status: "ignored", summary: input.ignoredReason ?? "nothing to do for this event" };
    case "ping":
      return { status: "pong", summary: "pong" };
    case "close":
      return { status: "closed", summary: input.cluster ? `cluster ${input.cluster} deleted` : "cluster deleted" };
    case "apply":
      break;
  }
  const refused = applied.filter((a) => a.action === "failed");
  if (refused.length > 0) {
    const first = refused[0];
    return {
      status: "failed",
      summary: `${refused.length} of ${applied.length} objects failed: ${first.kind}/${first.name}: ${first.error?.message ?? "failed"}`,
    };
  }
  const broken = rollouts.find((r) => r.failed);
  if (broken) return { status: "failed", summary: broken.message };
  const pending = rollouts.filter((r) => !r.done);
  if (pending.length > 0) {
    if (input.waited === false)
      return { status: "applied", summary: `${appliedCounts(applied)}; not waiting for rollouts` };
    if (input.timedOut) {
      const after = input.timeoutSeconds !== undefined ? ` after ${input.timeoutSeconds}s` : "";
      return { status: "timed_out", summary: `timed out${after}: ${pending[0].message}` };
    }
    // Still waiting and not timed out: a report built mid-way reads as in progress.
    return { status: "applied", summary: `${appliedCounts(applied)}; ${pending[0].message}` };
  }
  const finished =
    rollouts.length > 0 ? `; ${rollouts.length} rollout${rollouts.length === 1 ? "" : "s"} finished` : "";
  return { status: "succeeded", summary: `${appliedCounts(applied)}${finished}` };
}

function appliedCounts(applied: AppliedObject[]): string {
  if (applied.length === 0) return "cluster ready, nothing to apply";
  const counts = new Map<string, number>();
  for (const a of applied) counts.set(a.action, (counts.get(a.action) ?? 0) + 1);
  const parts = ["created", "configured", "unchanged"].filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${k}`);
  return `${applied.length} object${applied.length === 1 ? "" : "s"} applied (${parts.join(", ")})`;
}

function truncate(s: string): string {
  return s.length <= SUMMARY_MAX ? s : `${s.slice(0, SUMMARY_MAX - 3)}...`;
}
