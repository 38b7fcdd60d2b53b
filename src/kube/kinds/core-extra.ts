/** core/v1 kinds beyond the first slice: quotas, limit ranges, volumes and claims, RCs, pod templates. */

import { admitDefaultStorageClass } from "../admission/default-storage-class";
import { validateAgainstLimitRanges } from "../admission/limit-range";
import {
  defaultLimitRange,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultPodTemplate,
  defaultReplicationController,
  defaultResourceQuota,
  preparePersistentVolumeForCreate,
} from "../defaults/core-extra";
import {
  limitRangeColumns,
  persistentVolumeClaimColumns,
  persistentVolumeColumns,
  podTemplateColumns,
  replicationControllerColumns,
  resourceQuotaColumns,
} from "../printers";
import {
  limitRangeSchema,
  persistentVolumeSchema,
  replicationControllerSchema,
  resourceQuotaSchema,
} from "../types/core-extra";
import { persistentVolumeClaimSchema } from "../types/core-other";
import { podTemplateSchema } from "../types/core-pod";
import {
  validateLimitRange,
  validatePersistentVolume,
  validatePersistentVolumeClaim,
  validatePodTemplate,
  validateReplicationController,
  validateResourceQuota,
} from "../validation/core-extra";
import { defineKind } from "./define";

const core = { group: "", version: "v1" } as const;

export const resourceQuotaKind = defineKind({
  ...core,
  kind: "ResourceQuota",
  plural: "resourcequotas",
  namespaced: true,
  shortNames: ["quota"],
  schema: resourceQuotaSchema,
  statusSubresource: true,
  columns: resourceQuotaColumns,
  defaults: defaultResourceQuota,
  validate: (o, old) => validateResourceQuota(o, old),
});

export const limitRangeKind = defineKind({
  ...core,
  kind: "LimitRange",
  plural: "limitranges",
  namespaced: true,
  shortNames: ["limits"],
  schema: limitRangeSchema,
  columns: limitRangeColumns,
  defaults: defaultLimitRange,
  validate: (o, old) => validateLimitRange(o, old),
});

export const persistentVolumeKind = defineKind({
  ...core,
  kind: "PersistentVolume",
  plural: "persistentvolumes",
  namespaced: false,
  shortNames: ["pv"],
  schema: persistentVolumeSchema,
  statusSubresource: true,
  columns: persistentVolumeColumns,
  prepareForCreate(pv, ctx) {
    preparePersistentVolumeForCreate(pv, new Date(ctx.now));
  },
  defaults: defaultPersistentVolume,
  validate: (o, old) => validatePersistentVolume(o, old),
});

export const persistentVolumeClaimKind = defineKind({
  ...core,
  kind: "PersistentVolumeClaim",
  plural: "persistentvolumeclaims",
  namespaced: true,
  shortNames: ["pvc"],
  schema: persistentVolumeClaimSchema,
  statusSubresource: true,
  columns: persistentVolumeClaimColumns,
  prepareForCreate(pvc, ctx) {
    pvc.status = { phase: "Pending" };
    admitDefaultStorageClass(pvc, ctx.view.list("storage.k8s.io", "storageclasses"));
    const overLimits = validateAgainstLimitRanges(pvc, ctx.view.list("", "limitranges", pvc.metadata.namespace), {
      operation: "CREATE",
    });
    if (overLimits) throw overLimits;
  },
  defaults: defaultPersistentVolumeClaim,
  validate: (o, old) => validatePersistentVolumeClaim(o, old),
});

export const replicationControllerKind = defineKind({
  ...core,
  kind: "ReplicationController",
  plural: "replicationcontrollers",
  namespaced: true,
  shortNames: ["rc"],
  categories: ["all"],
  schema: replicationControllerSchema,
  statusSubresource: true,
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas" },
  generationFields: ["spec"],
  columns: replicationControllerColumns,
  prepareForCreate(rc) {
    rc.status = { replicas: 0 };
  },
  defaults: defaultReplicationController,
  validate: (o, old) => validateReplicationController(o, old),
});

export const podTemplateKind = defineKind({
  ...core,
  kind: "PodTemplate",
  plural: "podtemplates",
  namespaced: true,
  schema: podTemplateSchema,
  columns: podTemplateColumns,
  defaults: defaultPodTemplate,
  validate: (o, old) => validatePodTemplate(o, old),
});
