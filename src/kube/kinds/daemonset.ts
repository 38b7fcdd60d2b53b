/** apps/v1 DaemonSet. */

import { defaultDaemonSet } from "../defaults/workloads";
import { deepEqual } from "../object";
import { daemonSetColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { daemonSetSchema } from "../types/apps";
import { validateDaemonSet } from "../validation/workloads";

const TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

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
    // spec.templateGeneration of the internal type, which apps/v1 carries as this annotation.
    ds.metadata.annotations = { ...(ds.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: "1" };
  },
  // daemonSetStrategy.PrepareForUpdate: clients cannot set the template generation; a template change bumps it.
  prepareForUpdate(ds, old) {
    const prev = Number.parseInt(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? "1", 10) || 1;
    const spec = (o: typeof ds) => (o.spec as { template?: unknown } | undefined)?.template;
    const gen = deepEqual(spec(ds), spec(old)) ? prev : prev + 1;
    ds.metadata.annotations = { ...(ds.metadata.annotations ?? {}), [TEMPLATE_GENERATION]: String(gen) };
  },
};
