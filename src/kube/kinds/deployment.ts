/** apps/v1 Deployment. */

import { defaultDeployment } from "../defaults/workloads";
import { deploymentColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { deploymentSchema } from "../types/apps";
import { validateDeployment } from "../validation/workloads";

export const deploymentKind: KindDeclaration = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  plural: "deployments",
  singular: "deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  schema: deploymentSchema,
  nameRule: "subdomain",
  statusSubresource: true,
  scale: {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "spec.selector",
  },
  generationFields: ["spec"],
  columns: deploymentColumns,
  defaults: defaultDeployment,
  validate: (o, old) => validateDeployment(o, old),
  prepareForCreate(d) {
    d.status = {};
  },
};
