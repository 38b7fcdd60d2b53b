/** core/v1 Event (what `kubectl describe` and `kubectl get events` show). */

import { coreEventToEventsV1, eventsV1ToCoreEvent } from "../conversion/events";
import { defaultEvent } from "../defaults/core-misc";
import { defaultEventV1 } from "../defaults/events";
import type { KObject } from "../object";
import { eventColumns, eventsV1EventColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { eventSchema } from "../types/core-other";
import { eventsEventSchema } from "../types/discovery-events";
import { validateEvent } from "../validation/core-misc";
import { validateEventV1 } from "../validation/events";

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

/** events.k8s.io/v1 Event: the same objects as core Events, in the newer shape (note, regarding, ...). */
export const eventsV1EventKind: KindDeclaration = {
  group: "events.k8s.io",
  version: "v1",
  kind: "Event",
  plural: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: eventsEventSchema,
  nameRule: "subdomain",
  columns: eventsV1EventColumns,
  storedAs: { group: "", plural: "events", toStorage: eventsV1ToCoreEvent, fromStorage: coreEventToEventsV1 },
  defaults: defaultEventV1,
  validate: (o, old) => validateEventV1(o, old),
};
