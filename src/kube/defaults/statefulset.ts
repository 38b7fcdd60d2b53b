/**
 * SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go, Kubernetes 1.32): OrderedReady pod management,
 * RollingUpdate with partition 0, one replica, ten revisions of history, PVCs retained on delete and scale,
 * and the claim templates defaulted like PersistentVolumeClaims.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { defaultPodTemplateSpec } from "./pod";

type Obj = Record<string, unknown>;

export function defaultStatefulSet(sts: KObject): void {
  if (!isPlainObject(sts.spec)) sts.spec = {};
  const spec = sts.spec as Obj;
  if (!spec.podManagementPolicy) spec.podManagementPolicy = "OrderedReady";
  if (!isPlainObject(spec.updateStrategy)) spec.updateStrategy = {};
  const strategy = spec.updateStrategy as Obj;
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    if (!isPlainObject(strategy.rollingUpdate)) strategy.rollingUpdate = {};
    const ru = strategy.rollingUpdate as Obj;
    if (typeof ru.partition !== "number") ru.partition = 0;
  }
  if (typeof spec.replicas !== "number") spec.replicas = 1;
  if (typeof spec.revisionHistoryLimit !== "number") spec.revisionHistoryLimit = 10;
  if (!isPlainObject(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
  const retention = spec.persistentVolumeClaimRetentionPolicy as Obj;
  if (!retention.whenDeleted) retention.whenDeleted = "Retain";
  if (!retention.whenScaled) retention.whenScaled = "Retain";
  defaultPodTemplateSpec(spec.template);
  for (const t of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!isPlainObject(t)) continue;
    if (!isPlainObject(t.spec)) t.spec = {};
    const ts = t.spec as Obj;
    if (!ts.volumeMode) ts.volumeMode = "Filesystem";
    if (!isPlainObject(t.status)) t.status = {};
    const st = t.status as Obj;
    if (!st.phase) st.phase = "Pending";
  }
}
