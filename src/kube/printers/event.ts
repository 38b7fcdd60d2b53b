/**
 * core/v1 Event columns (printers.go printEvent): LAST SEEN TYPE REASON OBJECT MESSAGE | wide, interleaved:
 * LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME. LAST SEEN is a plain duration
 * (the "x2 over 5m" form belongs to kubectl describe, not to the table).
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { field, int, NAME_DESCRIPTION, rec, recOrUndef, str, trimSpace } from "./common";
import { parseTime, translateTimeSince, ZERO_TIME } from "./duration";

function firstSeen(ev: KObject, now: number): string {
  const first = parseTime(ev.firstTimestamp);
  // An event of the events.k8s.io API has no firstTimestamp: fall back to eventTime (MicroTime).
  return translateTimeSince(first === ZERO_TIME ? parseTime(ev.eventTime) : first, now);
}

function lastSeen(ev: KObject, now: number): string {
  const series = recOrUndef(ev.series);
  if (series) return translateTimeSince(parseTime(series.lastObservedTime), now);
  const last = parseTime(ev.lastTimestamp);
  return last === ZERO_TIME ? firstSeen(ev, now) : translateTimeSince(last, now);
}

function eventCount(ev: KObject): number {
  const series = recOrUndef(ev.series);
  if (series) return int(series.count);
  const count = int(ev.count);
  // Singleton events don't have a count set in the new API.
  return count === 0 ? 1 : count;
}

/** "kind/name" of the involved object, kind lower-cased; just the kind when there is no name. */
function eventTarget(ev: KObject): string {
  const io = field(ev, "involvedObject");
  const kind = str(io.kind).toLowerCase();
  const name = str(io.name);
  return name.length > 0 ? `${kind}/${name}` : kind;
}

/** formatEventSource: component (or reportingComponent), then ", host" (or reportingInstance) when non-empty. */
function eventSource(ev: KObject): string {
  const source = rec(ev.source);
  const component = str(source.component) || str(ev.reportingComponent);
  const instance = str(source.host) || str(ev.reportingInstance);
  return instance.length === 0 ? component : `${component}, ${instance}`;
}

export const eventColumns: readonly TableColumn[] = [
  {
    name: "Last Seen",
    type: "string",
    format: "",
    description: "The time at which the most recent occurrence of this event was recorded.",
    priority: 0,
    cell: (obj, now) => lastSeen(obj, now),
  },
  {
    name: "Type",
    type: "string",
    format: "",
    description: "Type of this event (Normal, Warning), new types could be added in the future",
    priority: 0,
    cell: (obj) => str(obj.type),
  },
  {
    name: "Reason",
    type: "string",
    format: "",
    description:
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    priority: 0,
    cell: (obj) => str(obj.reason),
  },
  {
    name: "Object",
    type: "string",
    format: "",
    description: "The object that this event is about.",
    priority: 0,
    cell: (obj) => eventTarget(obj),
  },
  {
    name: "Subobject",
    type: "string",
    format: "",
    description:
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
    priority: 1,
    cell: (obj) => str(field(obj, "involvedObject").fieldPath),
  },
  {
    name: "Source",
    type: "string",
    format: "",
    description: "The component reporting this event. Should be a short machine understandable string.",
    priority: 1,
    cell: (obj) => eventSource(obj),
  },
  {
    name: "Message",
    type: "string",
    format: "",
    description: "A human-readable description of the status of this operation.",
    priority: 0,
    cell: (obj) => trimSpace(str(obj.message)),
  },
  {
    name: "First Seen",
    type: "string",
    format: "",
    description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
    priority: 1,
    cell: (obj, now) => firstSeen(obj, now),
  },
  {
    name: "Count",
    // Declared "string" in printers.go, but the cell is an int64.
    type: "string",
    format: "",
    description: "The number of times this event has occurred.",
    priority: 1,
    cell: (obj) => eventCount(obj),
  },
  {
    name: "Name",
    type: "string",
    format: "name",
    description: NAME_DESCRIPTION,
    priority: 1,
    cell: (obj) => str(obj.metadata?.name),
  },
];
