/** core/v1 Service. */
import { serviceColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { serviceSchema } from "../types/core-other";

export const serviceKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Service",
  plural: "services",
  singular: "service",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  schema: serviceSchema,
  nameRule: "label",
  statusSubresource: true,
  columns: serviceColumns,
  fieldSelectors: {
    "spec.clusterIP": (o) => String((o.spec as { clusterIP?: string } | undefined)?.clusterIP ?? ""),
    "spec.type": (o) => String((o.spec as { type?: string } | undefined)?.type ?? ""),
  },
  prepareForCreate(svc) {
    svc.status = { loadBalancer: {} };
  },
};
