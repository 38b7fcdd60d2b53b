/**
 * events.k8s.io/v1 Event columns. Both event APIs are served from one registry whose internal type is the core
 * Event, so `kubectl get events.events.k8s.io` gets exactly the core printEvent columns (LAST SEEN TYPE REASON
 * OBJECT MESSAGE | wide ...), over the object converted as Convert_v1_Event_To_core_Event does: regarding →
 * involvedObject, note → message, deprecatedSource/FirstTimestamp/LastTimestamp/Count → source/firstTimestamp/
 * lastTimestamp/count, reportingController → reportingComponent.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { eventColumns } from "./event";

/** An events.k8s.io/v1 Event in the core/v1 shape the core event columns read (core objects pass through). */
export function eventsV1ToCore(ev: KObject): KObject {
  if (ev.apiVersion === "v1") return ev;
  return {
    ...ev,
    involvedObject: ev.regarding,
    source: ev.deprecatedSource,
    message: ev.note,
    firstTimestamp: ev.deprecatedFirstTimestamp,
    lastTimestamp: ev.deprecatedLastTimestamp,
    count: ev.deprecatedCount,
    reportingComponent: ev.reportingController,
  };
}

export const eventsV1EventColumns: readonly TableColumn[] = eventColumns.map((col) => ({
  ...col,
  cell: (obj: KObject, now: number) => col.cell(eventsV1ToCore(obj), now),
}));
