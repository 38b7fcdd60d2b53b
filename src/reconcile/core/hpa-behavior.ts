/**
 * How the HPA turns the metrics' proposal into the replica count it sets (horizontal.go, Kubernetes 1.32):
 * stabilization over recent recommendations, min/max replicas, and the scale rate — max(2×current, 4) per
 * sync without spec.behavior, the behavior's policies over their periods with it. The recommendation and
 * scale-event history lives in memory per HPA like kube-controller-manager's (a restart forgets it too).
 */

/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;

export interface ScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}
export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: "Max" | "Min" | "Disabled";
  policies?: ScalingPolicy[];
}
export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

interface Recommendation {
  replicas: number;
  at: number;
}
interface ScaleEvent {
  change: number;
  at: number;
  outdated: boolean;
}

/** A condition the normalization wants set: [type, status, reason, message]. */
export type ConditionSet = [string, "True" | "False", string, string];

export interface Normalized {
  replicas: number;
  conditions: ConditionSet[];
}

/** The per-HPA history kube keeps in the controller: recommendations and recent scale events. */
export class ScalingHistory {
  private recommendations = new Map<string, Recommendation[]>();
  private ups = new Map<string, ScaleEvent[]>();
  private downs = new Map<string, ScaleEvent[]>();

  forget(key: string): void {
    this.recommendations.delete(key);
    this.ups.delete(key);
    this.downs.delete(key);
  }

  /** recordInitialRecommendation: the current scale counts as a recommendation made when first seen. */
  recordInitial(key: string, current: number, now: number): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas: current, at: now }]);
  }

  /** normalizeDesiredReplicas: the path without spec.behavior. */
  normalize(key: string, current: number, desired: number, min: number, max: number, now: number): Normalized {
    const conditions: ConditionSet[] = [];
    const stabilized = this.stabilize(key, desired, now);
    conditions.push(
      stabilized !== desired
        ? [
            "AbleToScale",
            "True",
            "ScaleDownStabilized",
            "recent recommendations were higher than current one, applying the highest recent recommendation",
          ]
        : ["AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size"],
    );
    const [replicas, reason, message] = withRules(current, stabilized, min, max);
    conditions.push(["ScalingLimited", replicas === stabilized ? "False" : "True", reason, message]);
    return { replicas, conditions };
  }

  /** normalizeDesiredReplicasWithBehaviors. */
  normalizeWithBehavior(
    key: string,
    behavior: Behavior,
    current: number,
    desired: number,
    min: number,
    max: number,
    now: number,
  ): Normalized {
    const up = behavior.scaleUp ?? {};
    const down = {
      ...behavior.scaleDown,
      stabilizationWindowSeconds: behavior.scaleDown?.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000,
    };
    const conditions: ConditionSet[] = [];
    const [stabilized, reason, message] = this.stabilizeWithBehavior(key, up, down, current, desired, now);
    conditions.push(
      stabilized !== desired
        ? ["AbleToScale", "True", reason, message]
        : ["AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size"],
    );
    const [replicas, limReason, limMessage] = this.withBehaviorRate(key, up, down, current, stabilized, min, max, now);
    conditions.push(["ScalingLimited", replicas === stabilized ? "False" : "True", limReason, limMessage]);
    return { replicas, conditions };
  }

  /** storeScaleEvent: only kept (and only needed) when the HPA has a behavior. */
  recordScale(key: string, behavior: Behavior | undefined, prev: number, next: number, now: number): void {
    if (!behavior) return;
    const up = next > prev;
    const map = up ? this.ups : this.downs;
    const period = longestPeriod(up ? behavior.scaleUp : behavior.scaleDown);
    const events = map.get(key) ?? [];
    for (const e of events) if (e.at < now - period * 1000) e.outdated = true;
    const event = { change: up ? next - prev : prev - next, at: now, outdated: false };
    const old = events.findLastIndex((e) => e.outdated);
    if (old >= 0) events[old] = event;
    else events.push(event);
    map.set(key, events);
  }

  /** stabilizeRecommendation: the highest recommendation of the downscale window, the newest replacing an old one. */
  private stabilize(key: string, desired: number, now: number): number {
    const cutoff = now - DOWNSCALE_STABILIZATION_MS;
    const recs = this.recommendations.get(key) ?? [];
    let max = desired;
    let old = -1;
    recs.forEach((r, i) => {
      if (r.at < cutoff) old = i;
      else if (r.replicas > max) max = r.replicas;
    });
    const rec = { replicas: desired, at: now };
    if (old >= 0) recs[old] = rec;
    else recs.push(rec);
    this.recommendations.set(key, recs);
    return max;
  }

  /** stabilizeRecommendationWithBehaviors: keep within [min of the up window, max of the down window]. */
  private stabilizeWithBehavior(
    key: string,
    up: ScalingRules,
    down: ScalingRules,
    current: number,
    desired: number,
    now: number,
  ): [number, string, string] {
    const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
    const downCutoff = now - (down.stabilizationWindowSeconds ?? 0) * 1000;
    let upRec = desired;
    let downRec = desired;
    let old = -1;
    const recs = this.recommendations.get(key) ?? [];
    recs.forEach((r, i) => {
      if (r.at > upCutoff) upRec = Math.min(r.replicas, upRec);
      if (r.at > downCutoff) downRec = Math.max(r.replicas, downRec);
      if (r.at < upCutoff && r.at < downCutoff) old = i;
    });
    let rec = current;
    if (rec < upRec) rec = upRec;
    if (rec > downRec) rec = downRec;
    const entry = { replicas: desired, at: now };
    if (old >= 0) recs[old] = entry;
    else recs.push(entry);
    this.recommendations.set(key, recs);
    return desired >= current
      ? [
          rec,
          "ScaleUpStabilized",
          "recent recommendations were lower than current one, applying the lowest recent recommendation",
        ]
      : [
          rec,
          "ScaleDownStabilized",
          "recent recommendations were higher than current one, applying the highest recent recommendation",
        ];
  }

  /** convertDesiredReplicasWithBehaviorRate. */
  private withBehaviorRate(
    key: string,
    up: ScalingRules,
    down: ScalingRules,
    current: number,
    desired: number,
    min: number,
    max: number,
    now: number,
  ): [number, string, string] {
    const ups = this.ups.get(key) ?? [];
    const downs = this.downs.get(key) ?? [];
    if (desired > current) {
      const limit = Math.max(current, scaleUpLimit(current, ups, downs, up, now));
      const [allowed, reason, message] =
        max > limit
          ? [limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"]
          : [max, "TooManyReplicas", "the desired replica count is more than the maximum replica count"];
      if (desired > allowed) return [allowed, reason, message];
    } else if (desired < current) {
      const limit = Math.min(current, scaleDownLimit(current, ups, downs, down, now));
      const [allowed, reason, message] =
        min < limit
          ? [limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"]
          : [min, "TooFewReplicas", "the desired replica count is less than the minimum replica count"];
      if (desired < allowed) return [allowed, reason, message];
    }
    return [desired, "DesiredWithinRange", "the desired count is within the acceptable range"];
  }
}

/** convertDesiredReplicasWithRules: min/max replicas and, without a behavior, at most max(2×current, 4). */
function withRules(current: number, desired: number, min: number, max: number): [number, string, string] {
  const upLimit = Math.max(2 * current, 4);
  let allowedMax: number;
  let reason: string;
  let message: string;
  if (max > upLimit) {
    allowedMax = upLimit;
    reason = "ScaleUpLimit";
    message = "the desired replica count is increasing faster than the maximum scale rate";
  } else {
    allowedMax = max;
    reason = "TooManyReplicas";
    message = "the desired replica count is more than the maximum replica count";
  }
  if (desired < min) {
    return [min, "TooFewReplicas", "the desired replica count is less than the minimum replica count"];
  }
  if (desired > allowedMax) return [allowedMax, reason, message];
  return [desired, "DesiredWithinRange", "the desired count is within the acceptable range"];
}

function longestPeriod(rules: ScalingRules | undefined): number {
  return Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds));
}

/** getReplicasChangePerPeriod. */
function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.at > cutoff).reduce((n, e) => n + e.change, 0);
}

/** The replica count a policy's period started from: today's, less the ups and plus the downs since. */
function replicasAtPeriodStart(
  current: number,
  periodSeconds: number,
  ups: readonly ScaleEvent[],
  downs: readonly ScaleEvent[],
  now: number,
): number {
  return current - changeInPeriod(periodSeconds, ups, now) + changeInPeriod(periodSeconds, downs, now);
}

/** calculateScaleUpLimitWithScalingRules. */
function scaleUpLimit(
  current: number,
  ups: readonly ScaleEvent[],
  downs: readonly ScaleEvent[],
  rules: ScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return current;
  const useMin = rules.selectPolicy === "Min";
  let result = useMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start = replicasAtPeriodStart(current, p.periodSeconds, ups, downs, now);
    const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors. */
function scaleDownLimit(
  current: number,
  ups: readonly ScaleEvent[],
  downs: readonly ScaleEvent[],
  rules: ScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return current;
  const useMin = rules.selectPolicy === "Min";
  let result = useMin ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const p of rules.policies ?? []) {
    const start = replicasAtPeriodStart(current, p.periodSeconds, ups, downs, now);
    const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}
