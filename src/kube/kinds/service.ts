/** core/v1 Service. */
import { defaultService, prepareServiceForUpdate } from "../defaults/core-misc";
import { serviceColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { serviceSchema } from "../types/core-other";
import { validateService } from "../validation/core-misc";

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
  nameRule: "dns1035-label",
  statusSubresource: true,
  columns: serviceColumns,
  defaults: (svc) => defaultService(svc),
  validate: validateService,
  prepareForUpdate: prepareServiceForUpdate,
  fieldSelectors: {
    "spec.clusterIP": (o) => String((o.spec as { clusterIP?: string } | undefined)?.clusterIP ?? ""),
    "spec.type": (o) => String((o.spec as { type?: string } | undefined)?.type ?? ""),
  },
  prepareForCreate(svc) {
    svc.status = { loadBalancer: {} };
  },
};
