/**
 * events.k8s.io/v1 Event: there is no SetDefaults for it; the zero-valued fields the API server always
 * serializes are materialised so `kubectl get -o yaml` matches.
 */
import type { KObject } from "../object";

/** `eventTime` is a required (non-omitempty) MicroTime: a missing one serializes as null. */
export function defaultEventV1(ev: KObject): void {
  const e = ev as Record<string, unknown>;
  if (!("eventTime" in e) || e.eventTime === undefined) e.eventTime = null;
}
