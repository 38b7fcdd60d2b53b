/** apps/v1 StatefulSet and ControllerRevision. */

import { defaultStatefulSet } from "../defaults/statefulset";
import { controllerRevisionColumns, statefulSetColumns } from "../printers";
import { controllerRevisionSchema, statefulSetSchema } from "../types/apps";
import { validateStatefulSet } from "../validation/statefulset";
import { defineKind } from "./define";

export const statefulSetKind = defineKind({
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  plural: "statefulsets",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  schema: statefulSetSchema,
  statusSubresource: true,
  scale: {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "spec.selector",
  },
  generationFields: ["spec"],
  columns: statefulSetColumns,
  defaults: defaultStatefulSet,
  validate: (o, old) => validateStatefulSet(o, old),
  prepareForCreate(sts) {
    sts.status = { replicas: 0, availableReplicas: 0 };
  },
});

export const controllerRevisionKind = defineKind({
  group: "apps",
  version: "v1",
  kind: "ControllerRevision",
  plural: "controllerrevisions",
  namespaced: true,
  schema: controllerRevisionSchema,
  columns: controllerRevisionColumns,
});
