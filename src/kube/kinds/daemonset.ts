/** apps/v1 DaemonSet. */

import { defaultDaemonSet } from "../defaults/workloads";
import { daemonSetColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { daemonSetSchema } from "../types/apps";
import { validateDaemonSet } from "../validation/workloads";

export const daemonSetKind: KindDeclaration = {
  group: "apps",
  version: "v1",
  kind: "DaemonSet",
  plural: "daemonsets",
  singular: "daemonset",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  schema: daemonSetSchema,
  nameRule: "subdomain",
  statusSubresource: true,
  generationFields: ["spec"],
  columns: daemonSetColumns,
  defaults: defaultDaemonSet,
  validate: (o, old) => validateDaemonSet(o, old),
  prepareForCreate(ds) {
    ds.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
};
