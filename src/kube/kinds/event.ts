/** core/v1 Event (what `kubectl describe` and `kubectl get events` show). */

import { defaultEvent } from "../defaults/core-misc";
import type { KObject } from "../object";
import { eventColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { eventSchema } from "../types/core-other";
import { validateEvent } from "../validation/core-misc";

const involved = (f: string) => (o: KObject) => {
  const v = (o.involvedObject as Record<string, unknown> | undefined)?.[f];
  return v === undefined ? "" : String(v);
};

export const eventKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Event",
  plural: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: eventSchema,
  nameRule: "subdomain",
  columns: eventColumns,
  defaults: defaultEvent,
  validate: (o) => validateEvent(o),
  // pkg/registry/core/event.ToSelectableFields.
  fieldSelectors: {
    "involvedObject.kind": involved("kind"),
    "involvedObject.namespace": involved("namespace"),
    "involvedObject.name": involved("name"),
    "involvedObject.uid": involved("uid"),
    "involvedObject.apiVersion": involved("apiVersion"),
    "involvedObject.resourceVersion": involved("resourceVersion"),
    "involvedObject.fieldPath": involved("fieldPath"),
    reason: (o) => String(o.reason ?? ""),
    reportingComponent: (o) => String(o.reportingComponent ?? ""),
    source: (o) => String((o.source as { component?: string } | undefined)?.component ?? ""),
    type: (o) => String(o.type ?? ""),
  },
};
