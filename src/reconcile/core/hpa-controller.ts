/**
 * The horizontal pod autoscaler controller (pkg/controller/podautoscaler/horizontal.go, Kubernetes 1.32), on
 * autoscaling/v2 objects (v1 ones are stored as v2). Every HPA is synced every 15 s while it exists — like
 * kube, a change to it only schedules the next sync 15 s out, so a new HPA shows `<unknown>` targets at
 * first and the controller never reacts to its own status writes. A sync reads the target's scale
 * (spec.replicas and selector), the pods it selects and their PodMetrics as metrics.k8s.io serves them,
 * computes the replicas each metric proposes (the highest wins), stabilizes and limits that
 * (hpa-behavior.ts), writes spec.replicas of the target as the scale subresource does, then the status with
 * kube's conditions (AbleToScale, ScalingActive, ScalingLimited) and events.
 *
 * Not done: the AmbiguousSelector check (two HPAs over the same pods), and status.observedGeneration, which
 * kube-controller-manager 1.32 does not set either.
 */
import { serveMetrics } from "../../apiserver/metrics";
import { applyScale, scaleOf } from "../../apiserver/scale";
import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { notFound } from "../../kube/errors";
import { deepClone, deepEqual, isPlainObject, type KObject } from "../../kube/object";
import type { KindDeclaration } from "../../kube/registry/kind";
import {
  type LabelSelector,
  parseLabelSelector,
  selectorFromSet,
  selectorToString,
} from "../../kube/selectors/label-selector";
import { type ControllerContext, groupOfApiVersion, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { type Behavior, type ConditionSet, ScalingHistory } from "./hpa-behavior";
import { computeMetric, type MetricFailure } from "./hpa-metrics";
import { codeOf, KCM, kinds } from "./store-helpers";

const NAME = "horizontal-pod-autoscaler";
const COMPONENT = { component: "horizontal-pod-autoscaler" };
/** --horizontal-pod-autoscaler-sync-period. */
export const HPA_SYNC_PERIOD_MS = 15_000;
const PREFIX = "autoscaling/horizontalpodautoscalers/";

type Obj = Record<string, unknown>;
interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}
interface HpaSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: Obj[];
  behavior?: Behavior;
}
interface HpaStatus {
  currentReplicas?: number;
  desiredReplicas?: number;
  lastScaleTime?: string;
  currentMetrics?: Obj[] | null;
  conditions?: Condition[];
}

/** setConditionInList: replace in place (keeping its place in the list), new transition time on a change. */
function setCondition(status: HpaStatus, [type, st, reason, message]: ConditionSet, now: number): void {
  const list = status.conditions ?? [];
  let c = list.find((x) => x.type === type);
  if (!c) {
    c = { type, status: "" };
    list.push(c);
  }
  if (c.status !== st) c.lastTransitionTime = rfc3339(now);
  c.status = st;
  c.reason = reason;
  c.message = message;
  // Go's JSON field order, so an unchanged condition compares equal to the stored one.
  const ordered: Condition = {
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime,
    reason,
    message,
  };
  list[list.indexOf(c)] = ordered;
  status.conditions = list;
}

/** The target's Scale selector: the labelSelectorPath of its kind, or a ReplicationController's label map. */
function scaleSelector(decl: KindDeclaration, target: KObject): string {
  if (decl.kind === "ReplicationController") {
    const sel = (target.spec as { selector?: Record<string, string> } | undefined)?.selector;
    return sel && Object.keys(sel).length ? selectorToString(selectorFromSet(sel)) : "";
  }
  return String((scaleOf(decl, target).status as { selector?: string }).selector ?? "");
}

export function horizontalPodAutoscalerController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  const history = new ScalingHistory();
  const podMetricsDecl = ctx.registry.byResource("metrics.k8s.io", "pods");

  return {
    name: NAME,
    keysFor(ch: Change): string[] {
      if (!ch.key.startsWith(PREFIX)) return [];
      // A deleted HPA is forgotten at once; any other change waits for the next sync, as kube's fixed-interval
      // rate limiter makes it (and this is what keeps our own status writes from re-triggering us).
      if (ch.type === "DELETED") return [ch.key];
      ctx.enqueue(NAME, ch.key, HPA_SYNC_PERIOD_MS);
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref?.namespace) return undefined;
      const hpa = ctx.store.tryGet(k.hpas, ref.namespace, ref.name);
      if (!hpa) {
        history.forget(key);
        return undefined;
      }
      reconcileAutoscaler(hpa, key);
      return { requeueAfterMs: HPA_SYNC_PERIOD_MS };
    },
  };

  function reconcileAutoscaler(hpa: KObject, key: string): void {
    const now = ctx.clock.now();
    const ns = hpa.metadata.namespace!;
    const spec = (hpa.spec ?? {}) as HpaSpec;
    const original = deepClone((hpa.status ?? {}) as HpaStatus);
    const status = deepClone(original);
    const event = (type: "Normal" | "Warning", reason: string, message: string) =>
      ctx.events.record(hpa, type, reason, message, COMPONENT);
    const cond = (c: ConditionSet) => setCondition(status, c, now);

    /** setStatus: kube rebuilds the status from these fields only. */
    const writeStatus = (current: number, desired: number, metrics: Obj[] | null, rescaled: boolean) => {
      const next: HpaStatus = {};
      if (rescaled) next.lastScaleTime = rfc3339(now);
      else if (status.lastScaleTime) next.lastScaleTime = status.lastScaleTime;
      if (current !== 0) next.currentReplicas = current;
      next.desiredReplicas = desired;
      next.currentMetrics = metrics;
      if (status.conditions?.length) next.conditions = status.conditions;
      if (deepEqual(next, original)) return;
      try {
        ctx.store.update(
          k.hpas,
          ns,
          hpa.metadata.name!,
          { ...hpa, status: next },
          { dryRun: false, fieldManager: KCM, subresource: "status" },
        );
      } catch (e) {
        // A conflict or a deleted HPA: the next sync starts from what is stored.
        if (![404, 409].includes(codeOf(e) ?? 0)) throw e;
      }
    };

    // The target's scale.
    const target = spec.scaleTargetRef ?? {};
    const group = groupOfApiVersion(target.apiVersion ?? "");
    const decl = ctx.registry.byKind(group, target.kind ?? "");
    let scaleError: string | undefined;
    let obj: KObject | undefined;
    if (!decl?.scale) {
      scaleError = `no matches for kind "${target.kind}" in group "${group}"`;
    } else {
      obj = ctx.store.tryGet(decl, ns, target.name ?? "");
      if (!obj) scaleError = notFound({ group, resource: `${decl.plural}/scale` }, target.name ?? "").message;
    }
    if (scaleError || !decl || !obj) {
      event("Warning", "FailedGetScale", scaleError ?? "");
      cond([
        "AbleToScale",
        "False",
        "FailedGetScale",
        `the HPA controller was unable to get the target's current scale: ${scaleError}`,
      ]);
      writeStatus(status.currentReplicas ?? 0, status.desiredReplicas ?? 0, status.currentMetrics ?? null, false);
      return;
    }
    cond(["AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale"]);
    const currentReplicas = Number((scaleOf(decl, obj).spec as { replicas?: number }).replicas ?? 0);
    history.recordInitial(key, currentReplicas, now);

    const minReplicas = spec.minReplicas ?? 1;
    const maxReplicas = spec.maxReplicas ?? 0;
    let desired = 0;
    let reason = "";
    let rescale = true;
    let metricStatuses: Obj[] | null = null;

    if (currentReplicas === 0 && minReplicas !== 0) {
      rescale = false;
      cond([
        "ScalingActive",
        "False",
        "ScalingDisabled",
        "scaling is disabled since the replica count of the target is zero",
      ]);
    } else if (currentReplicas > maxReplicas) {
      reason = "Current number of replicas above Spec.MaxReplicas";
      desired = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      reason = "Current number of replicas below Spec.MinReplicas";
      desired = minReplicas;
    } else {
      const computed = computeReplicasForMetrics(decl, obj, spec.metrics ?? [], currentReplicas, status, now, event);
      metricStatuses = computed.statuses;
      if (computed.replicas === -1) {
        writeStatus(currentReplicas, status.desiredReplicas ?? 0, metricStatuses, false);
        if (computed.error) event("Warning", "FailedComputeMetricsReplicas", computed.error);
        return;
      }
      desired = computed.replicas;
      if (desired > currentReplicas) reason = `${computed.metric} above target`;
      if (desired < currentReplicas) reason = "All metrics below target";
      const normalized = spec.behavior
        ? history.normalizeWithBehavior(key, spec.behavior, currentReplicas, desired, minReplicas, maxReplicas, now)
        : history.normalize(key, currentReplicas, desired, minReplicas, maxReplicas, now);
      for (const c of normalized.conditions) cond(c);
      desired = normalized.replicas;
      rescale = desired !== currentReplicas;
    }

    if (rescale) {
      try {
        const cur = ctx.store.get(decl, ns, obj.metadata.name!);
        const next = applyScale(decl, cur, {
          spec: { replicas: desired },
          metadata: { resourceVersion: cur.metadata.resourceVersion },
        });
        ctx.store.update(decl, ns, obj.metadata.name!, next, { dryRun: false, fieldManager: KCM });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        event("Warning", "FailedRescale", `New size: ${desired}; reason: ${reason}; error: ${msg}`);
        cond([
          "AbleToScale",
          "False",
          "FailedUpdateScale",
          `the HPA controller was unable to update the target scale: ${msg}`,
        ]);
        writeStatus(currentReplicas, status.desiredReplicas ?? 0, metricStatuses, false);
        return;
      }
      cond([
        "AbleToScale",
        "True",
        "SucceededRescale",
        `the HPA controller was able to update the target scale to ${desired}`,
      ]);
      event("Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
      history.recordScale(key, spec.behavior, currentReplicas, desired, now);
    } else {
      desired = currentReplicas;
    }
    writeStatus(currentReplicas, desired, metricStatuses, rescale);
  }

  /**
   * computeReplicasForMetrics: the highest proposal of the valid metrics. -1 when the selector is unusable,
   * every metric failed, or some failed and the rest would scale down (a partial picture never shrinks).
   */
  function computeReplicasForMetrics(
    decl: KindDeclaration,
    target: KObject,
    metricSpecs: Obj[],
    currentReplicas: number,
    status: HpaStatus,
    now: number,
    event: (type: "Normal" | "Warning", reason: string, message: string) => void,
  ): { replicas: number; metric: string; statuses: Obj[] | null; error?: string } {
    const cond = (c: ConditionSet) => setCondition(status, c, now);
    const ns = target.metadata.namespace!;
    const selectorText = scaleSelector(decl, target);
    if (selectorText === "") {
      event("Warning", "SelectorRequired", "selector is required");
      cond(["ScalingActive", "False", "InvalidSelector", "the HPA target's scale is missing a selector"]);
      return { replicas: -1, metric: "", statuses: null, error: "selector is required" };
    }
    let selector: LabelSelector;
    try {
      selector = parseLabelSelector(selectorText);
    } catch (e) {
      const msg = `couldn't convert selector into a corresponding internal selector object: ${(e as Error).message}`;
      event("Warning", "InvalidSelector", msg);
      cond(["ScalingActive", "False", "InvalidSelector", msg]);
      return { replicas: -1, metric: "", statuses: null, error: msg };
    }
    const pods = ctx.store.list(k.pods, ns, { filter: { label: selector } }).items;
    const podMetrics = podMetricsDecl
      ? (serveMetrics(ctx.store, podMetricsDecl, now, ns, undefined, { label: selector }).items ?? [])
      : [];
    const input = { currentReplicas, namespace: ns, pods, podMetrics, now };

    let replicas = 0;
    let metric = "";
    let invalid = 0;
    let first: MetricFailure | undefined;
    const statuses: Obj[] = [];
    for (const spec of metricSpecs) {
      const r = computeMetric(input, isPlainObject(spec) ? spec : {});
      statuses.push(r.status);
      if (!r.ok) {
        // getUnableComputeReplicaCountCondition records every failure; the first one names the condition.
        event("Warning", r.failure.reason, r.failure.event);
        if (invalid === 0) first = r.failure;
        invalid++;
        continue;
      }
      if (replicas === 0 || r.replicas > replicas) {
        replicas = r.replicas;
        metric = r.metricName;
      }
    }
    const error = first
      ? `invalid metrics (${invalid} invalid out of ${metricSpecs.length}), first error is: ${first.error}`
      : undefined;
    if (first && (invalid >= metricSpecs.length || replicas < currentReplicas)) {
      cond(["ScalingActive", "False", first.reason, `the HPA was unable to compute the replica count: ${first.event}`]);
      return { replicas: -1, metric: "", statuses, error };
    }
    cond([
      "ScalingActive",
      "True",
      "ValidMetricFound",
      `the HPA was able to successfully calculate a replica count from ${metric}`,
    ]);
    return { replicas, metric, statuses, error };
  }
}
