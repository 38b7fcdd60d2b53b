/**
 * Defaulting of the remaining core/v1 kinds (pkg/apis/core/v1/defaults.go, Kubernetes 1.32) and the registry
 * steps that shape what `kubectl get -o yaml` shows for them: ResourceQuota, LimitRange, PersistentVolume,
 * PersistentVolumeClaim, ReplicationController and PodTemplate.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { defaultPodTemplateSpec, defaultResourceList } from "./pod";

type Obj = Record<string, unknown>;
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

function specOf(o: KObject): Obj {
  if (!isPlainObject(o.spec)) o.spec = {};
  return o.spec as Obj;
}

function statusOf(o: KObject): Obj {
  if (!isPlainObject(o.status)) o.status = {};
  return o.status as Obj;
}

/** ResourceQuota: quantities in canonical form; PrepareForCreate leaves an empty status. */
export function defaultResourceQuota(rq: KObject): void {
  const spec = specOf(rq);
  defaultResourceList(spec.hard);
  const status = statusOf(rq);
  defaultResourceList(status.hard);
  defaultResourceList(status.used);
}

/**
 * SetDefaults_LimitRangeItem for Container limits: default ← max, defaultRequest ← default, then ← min (each
 * only where unset). Empty maps are not serialized, as in Go (omitempty).
 */
export function defaultLimitRange(lr: KObject): void {
  const spec = specOf(lr);
  const limits = Array.isArray(spec.limits) ? spec.limits.filter(isPlainObject) : [];
  for (const item of limits) {
    for (const f of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) defaultResourceList(item[f]);
    if (item.type !== "Container") continue;
    const def: Obj = isPlainObject(item.default) ? item.default : {};
    const defReq: Obj = isPlainObject(item.defaultRequest) ? item.defaultRequest : {};
    for (const [k, v] of Object.entries(isPlainObject(item.max) ? item.max : {}))
      if (!Object.hasOwn(def, k)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!Object.hasOwn(defReq, k)) defReq[k] = v;
    for (const [k, v] of Object.entries(isPlainObject(item.min) ? item.min : {}))
      if (!Object.hasOwn(defReq, k)) defReq[k] = v;
    if (Object.keys(def).length) item.default = def;
    if (Object.keys(defReq).length) item.defaultRequest = defReq;
  }
}

/** Defaults of the volume sources a PersistentVolume may carry (hostPath type, iSCSI, RBD, AzureDisk). */
function defaultPVSources(spec: Obj): void {
  if (isPlainObject(spec.hostPath) && !has(spec.hostPath, "type")) spec.hostPath.type = "";
  if (isPlainObject(spec.iscsi) && !spec.iscsi.iscsiInterface) spec.iscsi.iscsiInterface = "default";
  if (isPlainObject(spec.rbd)) {
    const rbd = spec.rbd;
    if (!rbd.pool) rbd.pool = "rbd";
    if (!rbd.user) rbd.user = "admin";
    if (!rbd.keyring) rbd.keyring = "/etc/ceph/keyring";
  }
  if (isPlainObject(spec.azureDisk)) {
    const ad = spec.azureDisk;
    if (!has(ad, "cachingMode")) ad.cachingMode = "ReadWrite";
    if (!has(ad, "kind")) ad.kind = "Shared";
    if (!has(ad, "fsType")) ad.fsType = "ext4";
    if (!has(ad, "readOnly")) ad.readOnly = false;
  }
  if (isPlainObject(spec.scaleIO)) {
    const sio = spec.scaleIO;
    if (!sio.storageMode) sio.storageMode = "ThinProvisioned";
    if (!sio.fsType) sio.fsType = "xfs";
  }
}

/** SetDefaults_PersistentVolume: reclaim policy Retain, volumeMode Filesystem, status.phase Pending. */
export function defaultPersistentVolume(pv: KObject): void {
  const spec = specOf(pv);
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
  if (!has(spec, "volumeMode")) spec.volumeMode = "Filesystem";
  defaultResourceList(spec.capacity);
  defaultPVSources(spec);
  const status = statusOf(pv);
  if (!status.phase) status.phase = "Pending";
}

/**
 * The persistentvolume strategy's PrepareForCreate: status is reset to phase Pending with the phase transition
 * time (PersistentVolumeLastPhaseTransitionTime, GA in 1.31).
 */
export function preparePersistentVolumeForCreate(pv: KObject, now: Date = new Date()): void {
  pv.status = { phase: "Pending", lastPhaseTransitionTime: `${now.toISOString().slice(0, 19)}Z` };
}

/** SetDefaults_PersistentVolumeClaim(Spec): volumeMode Filesystem, status.phase Pending. */
export function defaultPersistentVolumeClaim(pvc: KObject): void {
  const spec = specOf(pvc);
  if (!has(spec, "volumeMode")) spec.volumeMode = "Filesystem";
  if (isPlainObject(spec.resources)) {
    defaultResourceList(spec.resources.requests);
    defaultResourceList(spec.resources.limits);
  }
  const status = statusOf(pvc);
  if (!status.phase) status.phase = "Pending";
  defaultResourceList(status.capacity);
}

/** The persistentvolumeclaim strategy's PrepareForCreate: a fresh status (phase Pending once defaulted). */
export function preparePersistentVolumeClaimForCreate(pvc: KObject): void {
  pvc.status = { phase: "Pending" };
}

/**
 * SetDefaults_ReplicationController: selector and labels from the template's labels, replicas 1; the template's
 * PodSpec defaults; and the `status: {replicas: 0}` a new controller is stored with.
 */
export function defaultReplicationController(rc: KObject): void {
  const spec = specOf(rc);
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  const labels = template && isPlainObject(template.metadata) ? template.metadata.labels : undefined;
  if (isPlainObject(labels)) {
    if (!isPlainObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    if (!isPlainObject(rc.metadata.labels) || Object.keys(rc.metadata.labels).length === 0)
      rc.metadata.labels = { ...(labels as Record<string, string>) };
  }
  if (typeof spec.replicas !== "number") spec.replicas = 1;
  if (template) defaultPodTemplateSpec(template);
  const status = statusOf(rc);
  if (typeof status.replicas !== "number") status.replicas = 0;
}

/** PodTemplate: the template's PodSpec defaults. */
export function defaultPodTemplate(pt: KObject): void {
  const t = pt as Obj;
  if (!isPlainObject(t.template)) t.template = {};
  defaultPodTemplateSpec(t.template);
}
