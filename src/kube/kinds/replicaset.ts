/** apps/v1 ReplicaSet. */

import { defaultReplicaSet } from "../defaults/workloads";
import { replicaSetColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { replicaSetSchema } from "../types/apps";
import { validateReplicaSet } from "../validation/workloads";

export const replicaSetKind: KindDeclaration = {
  group: "apps",
  version: "v1",
  kind: "ReplicaSet",
  plural: "replicasets",
  singular: "replicaset",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  schema: replicaSetSchema,
  nameRule: "subdomain",
  statusSubresource: true,
  scale: {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "spec.selector",
  },
  generationFields: ["spec"],
  columns: replicaSetColumns,
  defaults: defaultReplicaSet,
  validate: (o, old) => validateReplicaSet(o, old),
  fieldSelectors: { "status.replicas": (o) => String((o.status as { replicas?: number } | undefined)?.replicas ?? 0) },
  prepareForCreate(rs) {
    rs.status = { replicas: 0 };
  },
};
