/**
 * One sync of one Deployment: the building blocks of pkg/controller/deployment/sync.go and progress.go
 * (finding/creating the new ReplicaSet and syncing revisions, scaling with events, proportional scaling,
 * history cleanup, status and the Progressing/Available conditions).
 *
 * Kubernetes mutates its in-memory Deployment and writes it with UpdateStatus; the status subresource there
 * also persists metadata annotations (the revision). Ours only writes status, so `persist` writes a changed
 * revision annotation through the main resource first (the spec is untouched, so the generation stays).
 */

import type { KObject } from "../../kube/object";
import { deepEqual } from "../../kube/object";
import type { KindDeclaration } from "../../kube/registry/kind";
import { type LabelSelectorObject, labelSelectorFromObject } from "../../kube/selectors/label-selector";
import type { ControllerContext } from "../controller-context";
import { codeOf } from "../controller-context";
import { computeHash } from "./deployment-hash";
import {
  activeReplicaSets,
  actualReplicaCount,
  availableReplicaCount,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  DESIRED_REPLICAS,
  type DeploymentStatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  dSpec,
  dStatus,
  equalIgnoreHash,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  findActiveOrLatest,
  findNewReplicaSet,
  getCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  MIN_AVAILABLE_REASON,
  MIN_UNAVAILABLE_REASON,
  maxReplicasAnnotation,
  maxRevision,
  maxSurge,
  maxUnavailable,
  NEW_RS_AVAILABLE_REASON,
  NEW_RS_REASON,
  newCondition,
  POD_TEMPLATE_HASH,
  progressDeadline,
  REVISION,
  RS_UPDATED_REASON,
  readyReplicaCount,
  removeCondition,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  rsReplicas,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicaCount,
  TIMED_OUT_REASON,
} from "./deployment-util";
import { controllerRefOf, FIELD_MANAGER, newControllerRef } from "./pod-template";
import { rsSpec, rsStatus } from "./replicaset";

export const DEPLOYMENT_COMPONENT = { component: "deployment-controller" };

export interface Decls {
  deployments: KindDeclaration;
  replicaSets: KindDeclaration;
  pods: KindDeclaration;
}

export class DeploymentSync {
  /** Set when a sync wants to look again later (progress deadline). */
  requeueAfterMs: number | undefined;

  constructor(
    readonly ctx: ControllerContext,
    readonly decls: Decls,
    public d: KObject,
    /** The ReplicaSets this Deployment controls, kept current as this sync writes them. */
    public rsList: KObject[],
  ) {}

  get now(): number {
    return this.ctx.clock.now();
  }

  get ns(): string {
    return this.d.metadata.namespace ?? "";
  }

  event(type: "Normal" | "Warning", reason: string, message: string): void {
    this.ctx.events.record(this.d, type, reason, message, DEPLOYMENT_COMPONENT);
  }

  // ---- writes ------------------------------------------------------------------------------------------------

  /** Writes the in-memory Deployment's revision annotation and status, then continues from what was stored. */
  persist(): void {
    const { deployments } = this.decls;
    const name = String(this.d.metadata.name);
    const stored = this.ctx.store.get(deployments, this.ns, name);
    const wantRevision = this.d.metadata.annotations?.[REVISION];
    let cur = stored;
    if (wantRevision !== undefined && stored.metadata.annotations?.[REVISION] !== wantRevision) {
      const next = structuredClone(stored);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION]: wantRevision };
      cur = this.ctx.store.update(deployments, this.ns, name, next, {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
      }).object;
    }
    if (!deepEqual(cur.status ?? {}, this.d.status ?? {})) {
      const next = structuredClone(cur);
      next.status = structuredClone(this.d.status ?? {});
      cur = this.ctx.store.update(deployments, this.ns, name, next, {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
        subresource: "status",
      }).object;
    }
    this.d = cur;
  }

  private replaceRS(rs: KObject): void {
    const i = this.rsList.findIndex((x) => x.metadata.uid === rs.metadata.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
  }

  updateRS(rs: KObject): KObject {
    const updated = this.ctx.store.update(this.decls.replicaSets, this.ns, String(rs.metadata.name), rs, {
      dryRun: false,
      fieldManager: FIELD_MANAGER,
    }).object;
    this.replaceRS(updated);
    return updated;
  }

  // ---- new and old ReplicaSets -------------------------------------------------------------------------------

  /** getAllReplicaSetsAndSyncRevision. */
  getAllReplicaSetsAndSyncRevision(create: boolean): { newRS: KObject | undefined; oldRSs: KObject[] } {
    const found = findNewReplicaSet(this.d, this.rsList);
    const oldRSs = this.rsList.filter((rs) => rs.metadata.uid !== found?.metadata.uid);
    const newRS = this.getNewReplicaSet(oldRSs, create);
    return { newRS, oldRSs: oldRSs.map((o) => this.rsList.find((x) => x.metadata.uid === o.metadata.uid) ?? o) };
  }

  /**
   * getNewReplicaSet: the ReplicaSet matching the template, its revision raised past every old one (a rollback
   * renumbers it), or, when asked, a new `<deployment>-<hash>` ReplicaSet sized by the strategy.
   */
  private getNewReplicaSet(oldRSs: KObject[], create: boolean): KObject | undefined {
    const d = this.d;
    const existing = findNewReplicaSet(d, this.rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReady = dSpec(d).minReadySeconds ?? 0;
      if (annotationsUpdated || (rsSpec(copy).minReadySeconds ?? 0) !== minReady) {
        (copy.spec as Record<string, unknown>).minReadySeconds = minReady;
        if (minReady === 0) delete (copy.spec as Record<string, unknown>).minReadySeconds;
        return this.updateRS(copy);
      }
      let needsUpdate = this.setDeploymentRevision(copy.metadata.annotations?.[REVISION]);
      const status = this.status();
      if (hasProgressDeadline(d) && !getCondition(status, "Progressing")) {
        setCondition(
          status,
          newCondition(
            "Progressing",
            "True",
            FOUND_NEW_RS_REASON,
            `Found new replica set "${copy.metadata.name}"`,
            this.now,
          ),
        );
        needsUpdate = true;
      }
      if (needsUpdate) this.persist();
      return copy;
    }
    if (!create) return undefined;

    const spec = dSpec(d);
    const template = structuredClone(spec.template ?? {});
    const collisionCount = dStatus(d).collisionCount;
    const hash = computeHash(template, collisionCount);
    template.metadata = { ...(template.metadata ?? {}) };
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const selector: LabelSelectorObject = structuredClone(spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const rsName = `${d.metadata.name}-${hash}`;
    const newRS: KObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: rsName,
        namespace: this.ns,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef(d, "apps/v1", "Deployment")],
      },
      spec: { replicas: 0, selector, template },
    };
    if (spec.minReadySeconds) (newRS.spec as Record<string, unknown>).minReadySeconds = spec.minReadySeconds;
    const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    (newRS.spec as Record<string, unknown>).replicas = count;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);

    let createdRS: KObject;
    let alreadyExists = false;
    try {
      createdRS = this.ctx.store.create(this.decls.replicaSets, this.ns, newRS, {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
      });
    } catch (e) {
      if (codeOf(e) === 409) {
        alreadyExists = true;
        const rs = this.ctx.store.get(this.decls.replicaSets, this.ns, rsName);
        const ref = controllerRefOf(rs);
        if (ref?.uid === d.metadata.uid && equalIgnoreHash(spec.template, rsSpec(rs).template)) {
          createdRS = rs;
        } else {
          // A hash collision: a different template already owns this name. Bump collisionCount and retry.
          const status = this.status();
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          this.persist();
          throw e;
        }
      } else {
        const msg = `Failed to create new replica set "${rsName}": ${e instanceof Error ? e.message : String(e)}`;
        if (/because it is being terminated/.test(msg)) throw e;
        if (hasProgressDeadline(d)) {
          setCondition(this.status(), newCondition("Progressing", "False", FAILED_RS_CREATE_REASON, msg, this.now));
          this.persist();
        }
        this.event("Warning", FAILED_RS_CREATE_REASON, msg);
        throw e;
      }
    }
    this.replaceRS(createdRS);
    if (!alreadyExists && count > 0) {
      this.event("Normal", "ScalingReplicaSet", `Scaled up replica set ${createdRS.metadata.name} to ${count}`);
    }
    let needsUpdate = this.setDeploymentRevision(String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      setCondition(
        this.status(),
        newCondition(
          "Progressing",
          "True",
          NEW_RS_REASON,
          `Created new replica set "${createdRS.metadata.name}"`,
          this.now,
        ),
      );
      needsUpdate = true;
    }
    if (needsUpdate) this.persist();
    return createdRS;
  }

  /** The in-memory status, created on first use. */
  status(): DeploymentStatus {
    if (!this.d.status || typeof this.d.status !== "object") this.d.status = {};
    return this.d.status as DeploymentStatus;
  }

  private setDeploymentRevision(revision: string | undefined): boolean {
    if (revision === undefined) return false;
    this.d.metadata.annotations ??= {};
    const a = this.d.metadata.annotations;
    if (a[REVISION] === revision) return false;
    a[REVISION] = revision;
    return true;
  }

  // ---- scaling -------------------------------------------------------------------------------------------

  scaleReplicaSetAndRecordEvent(rs: KObject, newScale: number): { scaled: boolean; rs: KObject } {
    if (rsReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, rsReplicas(rs) < newScale ? "up" : "down");
  }

  /** scaleReplicaSet: new size and desired/max annotations; a ScalingReplicaSet event when the size changed. */
  scaleReplicaSet(rs: KObject, newScale: number, operation: string): { scaled: boolean; rs: KObject } {
    const d = this.d;
    const desired = replicasOf(d);
    const max = desired + maxSurge(d);
    const sizeNeedsUpdate = rsReplicas(rs) !== newScale;
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const oldScale = rsReplicas(rs);
    const copy = structuredClone(rs);
    (copy.spec as Record<string, unknown>).replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const updated = this.updateRS(copy);
    if (sizeNeedsUpdate) {
      this.event(
        "Normal",
        "ScalingReplicaSet",
        `Scaled ${operation} replica set ${updated.metadata.name} to ${newScale} from ${oldScale}`,
      );
    }
    return { scaled: sizeNeedsUpdate, rs: updated };
  }

  /** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
  isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired === undefined || !/^-?\d+$/.test(desired)) continue;
      if (Number(desired) !== replicasOf(this.d)) return true;
    }
    return false;
  }

  /**
   * scale: a single active ReplicaSet takes the whole count; a saturated new one lets the old go to zero;
   * otherwise (mid-rollout) the change is spread proportionally by each ReplicaSet's share of max-replicas.
   */
  scale(newRS: KObject | undefined, oldRSs: KObject[]): void {
    const d = this.d;
    const replicas = replicasOf(d);
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) === replicas) return;
      this.scaleReplicaSetAndRecordEvent(activeOrLatest, replicas);
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) this.scaleReplicaSetAndRecordEvent(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeReplicaSets([...oldRSs, newRS]);
    const current = specReplicaCount(all);
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - current;
    let operation = "";
    if (toAdd > 0) {
      all.sort(bySizeNewer);
      operation = "up";
    } else if (toAdd < 0) {
      all.sort(bySizeOlder);
      operation = "down";
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      const name = String(rs.metadata.name);
      if (toAdd !== 0) {
        const p = this.proportion(rs, toAdd, added);
        sizes.set(name, rsReplicas(rs) + p);
        added += p;
      } else sizes.set(name, rsReplicas(rs));
    }
    all.forEach((rs, i) => {
      const name = String(rs.metadata.name);
      // Leftovers from rounding go to the largest ReplicaSet.
      if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + toAdd - added));
      this.scaleReplicaSet(rs, sizes.get(name) ?? 0, operation);
    });
  }

  /** GetReplicaSetProportion / getReplicaSetFraction. */
  private proportion(rs: KObject, toAdd: number, added: number): number {
    if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const d = this.d;
    let fraction: number;
    if (replicasOf(d) === 0) fraction = -rsReplicas(rs);
    else {
      const deploymentReplicas = replicasOf(d) + maxSurge(d);
      const annotated = maxReplicasAnnotation(rs) ?? dStatus(d).replicas ?? 0;
      fraction = goRound((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  /** cleanupDeployment: delete the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  cleanupDeployment(oldRSs: KObject[]): void {
    const d = this.d;
    if (!hasRevisionHistoryLimit(d)) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - (dSpec(d).revisionHistoryLimit ?? 10);
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      const st = rsStatus(rs);
      if ((st.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0) continue;
      if ((rs.metadata.generation ?? 1) > (st.observedGeneration ?? 0)) continue;
      try {
        this.ctx.store.delete(this.decls.replicaSets, this.ns, String(rs.metadata.name), { dryRun: false });
      } catch (e) {
        if (codeOf(e) !== 404) throw e;
      }
      this.rsList = this.rsList.filter((x) => x.metadata.uid !== rs.metadata.uid);
    }
  }

  // ---- status ------------------------------------------------------------------------------------------------

  /** calculateStatus: counts over all ReplicaSets and the Available condition. */
  calculateStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined): DeploymentStatus {
    const d = this.d;
    const available = availableReplicaCount(allRSs);
    const unavailable = Math.max(0, specReplicaCount(allRSs) - available);
    const status: DeploymentStatus = {};
    const put = (k: keyof DeploymentStatus, v: number) => {
      if (v !== 0) (status as Record<string, unknown>)[k] = v;
    };
    put("observedGeneration", d.metadata.generation ?? 1);
    put("replicas", actualReplicaCount(allRSs));
    put("updatedReplicas", actualReplicaCount([newRS]));
    put("readyReplicas", readyReplicaCount(allRSs));
    put("availableReplicas", available);
    put("unavailableReplicas", unavailable);
    const old = dStatus(d);
    if (old.conditions) status.conditions = structuredClone(old.conditions);
    if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
    if (available >= replicasOf(d) - maxUnavailable(d)) {
      setCondition(
        status,
        newCondition("Available", "True", MIN_AVAILABLE_REASON, "Deployment has minimum availability.", this.now),
      );
    } else {
      setCondition(
        status,
        newCondition(
          "Available",
          "False",
          MIN_UNAVAILABLE_REASON,
          "Deployment does not have minimum availability.",
          this.now,
        ),
      );
    }
    return status;
  }

  /** syncDeploymentStatus: used while paused, scaling, or being deleted (no progress estimation). */
  syncDeploymentStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined): void {
    const status = this.calculateStatus(allRSs, newRS);
    if (deepEqual(status, this.d.status ?? {})) return;
    this.d.status = status;
    this.persist();
  }

  /** syncRolloutStatus: status plus the Progressing condition, and a requeue for the progress deadline. */
  syncRolloutStatus(allRSs: (KObject | undefined)[], newRS: KObject | undefined): void {
    const d = this.d;
    const now = this.now;
    const status = this.calculateStatus(allRSs, newRS);
    if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");
    const current = getCondition(dStatus(d), "Progressing");
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
    if (hasProgressDeadline(d) && !isComplete) {
      const rsName = newRS?.metadata.name;
      if (deploymentComplete(d, status)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has successfully progressed.`
          : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCondition(status, newCondition("Progressing", "True", NEW_RS_AVAILABLE_REASON, msg, now));
      } else if (deploymentProgressing(d, status)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" is progressing.`
          : `Deployment "${d.metadata.name}" is progressing.`;
        // Progress refreshes lastUpdateTime even with the same reason (that is what the deadline measures from).
        const cond = newCondition("Progressing", "True", RS_UPDATED_REASON, msg, now);
        if (current) {
          if (current.status === "True")
            cond.lastTransitionTime = current.lastTransitionTime ?? cond.lastTransitionTime;
          removeCondition(status, "Progressing");
        }
        setCondition(status, cond);
      } else if (deploymentTimedOut(d, status, now)) {
        const msg = rsName
          ? `ReplicaSet "${rsName}" has timed out progressing.`
          : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(status, newCondition("Progressing", "False", TIMED_OUT_REASON, msg, now));
      }
    }
    const failure = replicaFailure(allRSs, newRS);
    if (failure) setCondition(status, failure);
    else removeCondition(status, "ReplicaFailure");
    if (!deepEqual(status, this.d.status ?? {})) {
      this.d.status = status;
      this.persist();
    }
    this.requeueStuckDeployment(status);
  }

  /** requeueStuckDeployment: look again just after the progress deadline of an unfinished rollout. */
  private requeueStuckDeployment(status: DeploymentStatus): void {
    const d = this.d;
    const cond = getCondition(status, "Progressing");
    if (!hasProgressDeadline(d) || !cond) return;
    if (deploymentComplete(d, status) || cond.reason === TIMED_OUT_REASON) return;
    const after = progressDeadline(d, cond) - this.now;
    this.requeueAfterMs = Math.max(after + 1, 1);
  }

  /** getReplicaSetsForDeployment's sibling: pods by owning ReplicaSet uid (Recreate waits for old ones). */
  podsByReplicaSet(): Map<string, KObject[]> {
    const out = new Map<string, KObject[]>();
    let selector: ReturnType<typeof labelSelectorFromObject>;
    try {
      selector = labelSelectorFromObject(dSpec(this.d).selector);
    } catch {
      return out;
    }
    const uids = new Set(this.rsList.map((rs) => String(rs.metadata.uid)));
    for (const rs of this.rsList) out.set(String(rs.metadata.uid), []);
    const pods = this.ctx.store.list(this.decls.pods, this.ns, { filter: { label: selector } }).items;
    for (const p of pods) {
      const ref = controllerRefOf(p);
      if (ref && uids.has(ref.uid)) out.get(ref.uid)?.push(p);
    }
    return out;
  }
}

/** NewRSNewReplicas: how big the new ReplicaSet may be now (surge-limited for RollingUpdate). */
export function newRSNewReplicas(d: KObject, allRSs: KObject[], newRS: KObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d)) return replicas;
  const maxTotal = replicas + maxSurge(d);
  const current = specReplicaCount(allRSs);
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, replicas - rsReplicas(newRS));
  return rsReplicas(newRS) + up;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure condition first, else any old one's. */
function replicaFailure(allRSs: (KObject | undefined)[], newRS: KObject | undefined) {
  const fromRS = (rs: KObject | undefined) => {
    const c = rsStatus(rs ?? { metadata: {} }).conditions?.find((x) => x.type === "ReplicaFailure");
    if (!c) return undefined;
    return {
      type: c.type,
      status: c.status,
      lastUpdateTime: c.lastTransitionTime,
      lastTransitionTime: c.lastTransitionTime,
      reason: c.reason,
      message: c.message,
    };
  };
  const own = fromRS(newRS);
  if (own) return own;
  for (const rs of allRSs) {
    const c = fromRS(rs);
    if (c) return c;
  }
  return undefined;
}

/** integer.RoundToInt32: Go's math.Round, halves away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
