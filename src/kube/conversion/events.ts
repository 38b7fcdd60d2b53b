/**
 * events.k8s.io/v1 Event ⇄ core/v1 Event: one resource served in two groups, stored once in the core form
 * (kube stores both as the same etcd objects), so `kubectl get events` and `kubectl events` see the same data.
 */
import type { KObject } from "../object";

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** events.k8s.io/v1 → core/v1 (storage). */
export function eventsV1ToCoreEvent(ev: KObject): KObject {
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: ev.metadata,
    ...defined({
      involvedObject: ev.regarding ?? {},
      reason: ev.reason,
      message: ev.note,
      source: ev.deprecatedSource ?? {},
      firstTimestamp: ev.deprecatedFirstTimestamp ?? null,
      lastTimestamp: ev.deprecatedLastTimestamp ?? null,
      count: ev.deprecatedCount,
      type: ev.type,
      eventTime: ev.eventTime ?? null,
      series: ev.series,
      action: ev.action,
      related: ev.related,
      reportingComponent: ev.reportingController ?? "",
      reportingInstance: ev.reportingInstance ?? "",
    }),
  };
}

/** core/v1 (storage) → events.k8s.io/v1. */
export function coreEventToEventsV1(ev: KObject): KObject {
  const nonEmpty = (v: unknown) => (v === "" || v === null ? undefined : v);
  const source = ev.source as Record<string, unknown> | undefined;
  return {
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: ev.metadata,
    ...defined({
      eventTime: ev.eventTime ?? null,
      series: ev.series,
      reportingController: nonEmpty(ev.reportingComponent),
      reportingInstance: nonEmpty(ev.reportingInstance),
      action: nonEmpty(ev.action),
      reason: nonEmpty(ev.reason),
      regarding: ev.involvedObject,
      related: ev.related,
      note: nonEmpty(ev.message),
      type: nonEmpty(ev.type),
      deprecatedSource: source && Object.keys(source).length > 0 ? source : undefined,
      deprecatedFirstTimestamp: nonEmpty(ev.firstTimestamp),
      deprecatedLastTimestamp: nonEmpty(ev.lastTimestamp),
      deprecatedCount: ev.count || undefined,
    }),
  };
}
