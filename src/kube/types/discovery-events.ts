/**
 * Schemas of discovery.k8s.io/v1 EndpointSlice and events.k8s.io/v1 Event (k8s.io/api/discovery/v1 and
 * events/v1, v1.32). EndpointHints.forNodes (1.33) is left out.
 */
import { bool, enumOf, int32, list, map, microTime, obj, set, str, time } from "../schema/dsl";
import { eventSource, objectReference } from "./core-other";
import { objectMeta, typeMeta } from "./meta";

const discovery = (name: string) => `io.k8s.api.discovery.v1.${name}`;
const events = (name: string) => `io.k8s.api.events.v1.${name}`;

// ---- EndpointSlice --------------------------------------------------------------------------------------

export const endpointConditions = obj(discovery("EndpointConditions"), {
  ready: bool(),
  serving: bool(),
  terminating: bool(),
});

export const forZone = obj(discovery("ForZone"), { name: str() }, { required: ["name"] });

export const endpointHints = obj(discovery("EndpointHints"), { forZones: list(forZone) });

export const endpoint = obj(
  discovery("Endpoint"),
  {
    addresses: set(str()),
    conditions: endpointConditions,
    hostname: str(),
    targetRef: objectReference,
    deprecatedTopology: map(str()),
    nodeName: str(),
    zone: str(),
    hints: endpointHints,
  },
  { required: ["addresses"] },
);

export const endpointPort = obj(
  discovery("EndpointPort"),
  {
    name: str(),
    protocol: enumOf(["SCTP", "TCP", "UDP"]),
    port: int32(),
    appProtocol: str(),
  },
  { mapType: "atomic" },
);

export const endpointSliceSchema = obj(
  discovery("EndpointSlice"),
  {
    ...typeMeta,
    metadata: objectMeta,
    addressType: enumOf(["FQDN", "IPv4", "IPv6"]),
    endpoints: list(endpoint),
    ports: list(endpointPort),
  },
  {
    description:
      "EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.",
    required: ["addressType", "endpoints"],
    gvk: [{ group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice" }],
  },
);

// ---- Event (events.k8s.io/v1) ---------------------------------------------------------------------------

export const eventsEventSeries = obj(
  events("EventSeries"),
  { count: int32(), lastObservedTime: microTime() },
  { required: ["count", "lastObservedTime"] },
);

/** events.k8s.io/v1 Event (core/v1 Event is `eventSchema` in core-other.ts). */
export const eventsEventSchema = obj(
  events("Event"),
  {
    ...typeMeta,
    metadata: objectMeta,
    eventTime: microTime(),
    series: eventsEventSeries,
    reportingController: str(),
    reportingInstance: str(),
    action: str(),
    reason: str(),
    regarding: objectReference,
    related: objectReference,
    note: str(),
    type: str(),
    deprecatedSource: eventSource,
    deprecatedFirstTimestamp: time(),
    deprecatedLastTimestamp: time(),
    deprecatedCount: int32(),
  },
  {
    description:
      "Event is a report of an event somewhere in the cluster. It generally denotes some state change in the system. Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.",
    required: ["eventTime"],
    gvk: [{ group: "events.k8s.io", version: "v1", kind: "Event" }],
  },
);
