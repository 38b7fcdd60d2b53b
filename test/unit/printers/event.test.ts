import { describe, expect, it } from "vitest";
import { eventColumns } from "../../../src/kube/printers/event";
import { ago, cells, DAY, headers, k, MIN } from "./helpers";

describe("event columns", () => {
  it("declares printers.go's columns in v1.32 order", () => {
    expect(headers(eventColumns)).toEqual(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]);
    expect(headers(eventColumns, true)).toEqual([
      "LAST SEEN",
      "TYPE",
      "REASON",
      "OBJECT",
      "SUBOBJECT",
      "SOURCE",
      "MESSAGE",
      "FIRST SEEN",
      "COUNT",
      "NAME",
    ]);
    expect(eventColumns.find((c) => c.name === "Name")?.format).toBe("name");
  });
});

describe("printEvent (TestPrintEvent)", () => {
  const involved = { kind: "Deployment", name: "Deployment Name", fieldPath: "spec.containers{foo}" };

  it("basic event", () => {
    const ev = k({
      metadata: { name: "event1" },
      source: { component: "kubelet" },
      involvedObject: { kind: "Pod", name: "Pod Name", fieldPath: "spec.containers{foo}" },
      reason: "Event Reason",
      message: "Message Data",
      firstTimestamp: ago(3 * DAY),
      lastTimestamp: ago(2 * DAY),
      count: 6,
      type: "Normal",
    });
    expect(cells(eventColumns, ev)).toEqual(["2d", "Normal", "Event Reason", "pod/Pod Name", "Message Data"]);
  });

  it("wide", () => {
    const ev = k({
      metadata: { name: "event2" },
      source: { component: "kubelet", host: "Node1" },
      involvedObject: involved,
      reason: "Event Reason",
      message: "Message Data",
      firstTimestamp: ago(3 * DAY),
      lastTimestamp: ago(2 * DAY),
      count: 6,
      type: "Warning",
    });
    expect(cells(eventColumns, ev, true)).toEqual([
      "2d",
      "Warning",
      "Event Reason",
      "deployment/Deployment Name",
      "spec.containers{foo}",
      "kubelet, Node1",
      "Message Data",
      "3d",
      6,
      "event2",
    ]);
  });

  const base = {
    source: { component: "kubelet", host: "Node1" },
    involvedObject: involved,
    reason: "Event Reason",
    message: "Message Data",
    type: "Warning",
  };

  it("without firstTimestamp: eventTime", () => {
    const ev = k({
      metadata: { name: "event3" },
      ...base,
      eventTime: ago(3 * DAY),
      lastTimestamp: ago(3 * DAY),
      count: 1,
    });
    expect(cells(eventColumns, ev, true)).toEqual([
      "3d",
      "Warning",
      "Event Reason",
      "deployment/Deployment Name",
      "spec.containers{foo}",
      "kubelet, Node1",
      "Message Data",
      "3d",
      1,
      "event3",
    ]);
  });

  it("without lastTimestamp: first seen", () => {
    const ev = k({
      metadata: { name: "event4" },
      ...base,
      eventTime: ago(3 * DAY),
      firstTimestamp: ago(3 * DAY),
      count: 1,
    });
    expect(
      cells(eventColumns, ev, true)
        .slice(0, 1)
        .concat(cells(eventColumns, ev, true).slice(7)),
    ).toEqual(["3d", "3d", 1, "event4"]);
  });

  it("series: last observed time and series count", () => {
    const ev = k({
      metadata: { name: "event6" },
      ...base,
      series: { count: 2, lastObservedTime: ago(2 * DAY) },
      eventTime: ago(3 * DAY),
    });
    const row = cells(eventColumns, ev, true);
    expect([row[0], row[7], row[8]]).toEqual(["2d", "3d", 2]);
  });

  it("singleton event without count counts 1", () => {
    const ev = k({ metadata: { name: "event7" }, ...base, eventTime: ago(3 * DAY) });
    const row = cells(eventColumns, ev, true);
    expect([row[0], row[7], row[8]]).toEqual(["3d", "3d", 1]);
  });

  it("empty source falls back to reportingComponent / reportingInstance", () => {
    const ev = k({
      metadata: { name: "event2" },
      reportingComponent: "kubelet",
      reportingInstance: "test",
      involvedObject: involved,
      firstTimestamp: ago(3 * DAY),
      lastTimestamp: ago(2 * DAY),
      count: 6,
      type: "Warning",
    });
    expect(cells(eventColumns, ev, true)[5]).toBe("kubelet, test");
  });

  it("no timestamps at all, object without a name, message trimmed", () => {
    const ev = k({
      metadata: { name: "e" },
      involvedObject: { kind: "Node" },
      source: { component: "scheduler" },
      message: "  Scheduled \n",
      type: "Normal",
      reason: "Scheduled",
    });
    expect(cells(eventColumns, ev, true)).toEqual([
      "<unknown>",
      "Normal",
      "Scheduled",
      "node",
      "",
      "scheduler",
      "Scheduled",
      "<unknown>",
      1,
      "e",
    ]);
  });

  it("LAST SEEN is a plain duration, not 'x2 over ...'", () => {
    const ev = k({
      metadata: { name: "e" },
      ...base,
      firstTimestamp: ago(10 * MIN),
      lastTimestamp: ago(5 * MIN),
      count: 2,
    });
    expect(cells(eventColumns, ev)[0]).toBe("5m");
  });
});
