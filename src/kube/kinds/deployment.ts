/** apps/v1 Deployment. */
import { deploymentColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { deploymentSchema } from "../types/apps";

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
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" },
  generationFields: ["spec"],
  columns: deploymentColumns,
  prepareForCreate(d) {
    d.status = {};
  },
};
