import { describe, expect, it } from "vitest";
import {
  cellForJSONValue,
  DEFAULT_PRINTER_COLUMNS,
  evaluateJSONPath,
  JSONPath,
  JSONPathError,
  jsonPathText,
  printerColumns,
} from "../../../src/kube/crd/printer-columns";
import type { KObject } from "../../../src/kube/object";
import { CREATION_TIMESTAMP_DESCRIPTION, NAME_DESCRIPTION } from "../../../src/kube/printers/common";
import { cronTabCRD, NOW, webAppCRD } from "./fixtures";

const MIN = 60_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const doc = {
  metadata: { name: "x", labels: { "app.kubernetes.io/name": "web" }, creationTimestamp: "2024-05-01T11:55:00Z" },
  spec: { replicas: 3, ratio: 1.5, paused: false, tags: ["a", "b", "c"], nested: { k: "v", n: [1, 2] }, empty: null },
  status: {
    conditions: [
      { type: "Available", status: "False", count: 1 },
      { type: "Ready", status: "True", count: 5 },
      { type: "Ready2", status: "Unknown" },
    ],
  },
};

describe("JSONPath (client-go util/jsonpath, missing keys allowed)", () => {
  it.each([
    [".spec.replicas", [3]],
    ["{.spec.replicas}", [3]],
    ["$.spec.replicas", [3]],
    [".spec.missing", []],
    [".spec.replicas.deeper", []],
    [".spec.tags[0]", ["a"]],
    [".spec.tags[-1]", ["c"]],
    [".spec.tags[1:]", ["b", "c"]],
    [".spec.tags[0:3:2]", ["a", "c"]],
    [".spec.tags[*]", ["a", "b", "c"]],
    [".spec.tags[0,2]", ["a", "c"]],
    [".spec.tags[5]", []],
    [".spec['replicas']", [3]],
    ['.spec["ratio","paused"]', [1.5, false]],
    [".metadata.labels.app\\.kubernetes\\.io/name", ["web"]],
    ['.status.conditions[?(@.type=="Ready")].status', ["True"]],
    [".status.conditions[?(@.type=='Ready')].status", ["True"]],
    ['.status.conditions[?(@.type!="Ready")].type', ["Available", "Ready2"]],
    [".status.conditions[?(@.count>1)].type", ["Ready"]],
    [".status.conditions[?(@.count<=1)].type", ["Available"]],
    [".status.conditions[?(@.count)].type", ["Available", "Ready"]],
    [".status.conditions[*].type", ["Available", "Ready", "Ready2"]],
    ["..type", ["Available", "Ready", "Ready2"]],
    [".spec.nested.*", ["v", [1, 2]]],
    [".spec.empty", [null]],
  ])("%s", (expr, want) => {
    expect(new JSONPath(expr).find(doc)).toEqual(want);
  });

  it("comparing values of different kinds fails the whole expression (no result)", () => {
    expect(new JSONPath('.status.conditions[?(@.count=="1")].type').find(doc)).toEqual([]);
  });

  it("parse errors throw JSONPathError", () => {
    expect(() => new JSONPath(".spec.tags[0")).toThrow(JSONPathError);
    expect(() => new JSONPath(".spec.tags[x]")).toThrow(JSONPathError);
  });

  it("evaluateJSONPath returns the first result", () => {
    expect(evaluateJSONPath(".status.conditions[*].type", doc)).toBe("Available");
    expect(evaluateJSONPath(".nope", doc)).toBeUndefined();
  });
});

describe("cells (tableconvertor cellForJSONValue and jsonpath printing)", () => {
  it("string columns print like jsonpath: scalars with fmt, compounds as Go JSON, null as <no value>", () => {
    expect(jsonPathText("abc")).toBe("abc");
    expect(jsonPathText(3)).toBe("3");
    expect(jsonPathText(1.5)).toBe("1.5");
    expect(jsonPathText(2.5e6 + 0.5)).toBe("2.5000005e+06");
    expect(jsonPathText(true)).toBe("true");
    expect(jsonPathText({ b: 1, a: "<x>" })).toBe('{"a":"\\u003cx\\u003e","b":1}');
    expect(jsonPathText([1, "a"])).toBe('[1,"a"]');
    expect(jsonPathText(null)).toBe("<no value>");
  });

  it("typed columns keep values of their type only", () => {
    expect(cellForJSONValue("integer", 3, NOW)).toBe(3);
    expect(cellForJSONValue("integer", 3.9, NOW)).toBe(3);
    expect(cellForJSONValue("integer", "3", NOW)).toBeNull();
    expect(cellForJSONValue("number", 2, NOW)).toBe(2);
    expect(cellForJSONValue("number", "2", NOW)).toBeNull();
    expect(cellForJSONValue("boolean", false, NOW)).toBe(false);
    expect(cellForJSONValue("boolean", "false", NOW)).toBeNull();
    expect(cellForJSONValue("integer", null, NOW)).toBeNull();
  });

  it("date columns are ages", () => {
    expect(cellForJSONValue("date", ago(5 * MIN), NOW)).toBe("5m");
    expect(cellForJSONValue("date", ago(90 * 1000), NOW)).toBe("90s");
    expect(cellForJSONValue("date", "yesterday", NOW)).toBe("<invalid>");
    expect(cellForJSONValue("date", "", NOW)).toBe("<unknown>");
    expect(cellForJSONValue("date", 5, NOW)).toBeNull();
  });
});

describe("printerColumns (tableconvertor.New)", () => {
  it("CronTab: Name, Spec, Replicas, Age", () => {
    const cols = printerColumns(cronTabCRD().spec.versions[0].additionalPrinterColumns);
    expect(cols.map(({ cell: _cell, ...c }) => c)).toEqual([
      { name: "Name", type: "string", format: "name", description: NAME_DESCRIPTION, priority: 0 },
      {
        name: "Spec",
        type: "string",
        format: "",
        description: "The cron spec defining the interval a CronJob is run",
        priority: 0,
      },
      {
        name: "Replicas",
        type: "integer",
        format: "",
        description: "The number of jobs launched by the CronJob",
        priority: 0,
      },
      {
        name: "Age",
        type: "date",
        format: "",
        description: "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp",
        priority: 0,
      },
    ]);
    const obj: KObject = {
      apiVersion: "stable.example.com/v1",
      kind: "CronTab",
      metadata: { name: "my-new-cron-object", creationTimestamp: ago(42 * MIN) },
      spec: { cronSpec: "* * * * */5", image: "my-awesome-cron-image", replicas: 1 },
    };
    expect(cols.map((c) => c.cell(obj, NOW))).toEqual(["my-new-cron-object", "* * * * */5", 1, "42m"]);
    const missing: KObject = { metadata: { name: "m" } };
    expect(cols.map((c) => c.cell(missing, NOW))).toEqual(["m", null, null, null]);
  });

  it("WebApp: filters, priorities and formats", () => {
    const cols = printerColumns(webAppCRD().spec.versions[1].additionalPrinterColumns);
    expect(cols.map((c) => [c.name, c.type, c.priority, c.format])).toEqual([
      ["Name", "string", 0, "name"],
      ["Image", "string", 0, ""],
      ["Desired", "integer", 0, ""],
      ["Current", "integer", 0, ""],
      ["Ready", "string", 0, ""],
      ["Paused", "boolean", 1, ""],
      ["Ratio", "number", 1, "float"],
      ["Age", "date", 0, ""],
    ]);
    const obj: KObject = {
      metadata: { name: "shop", creationTimestamp: ago(3 * 60 * MIN) },
      spec: { image: "nginx:1.27", replicas: 2, paused: true, ratio: 0.5 },
      status: { replicas: 1, conditions: [{ type: "Ready", status: "False" }] },
    };
    expect(cols.map((c) => c.cell(obj, NOW))).toEqual(["shop", "nginx:1.27", 2, 1, "False", true, 0.5, "3h"]);
  });

  it("no printer columns: kube's default Age column (type date)", () => {
    const cols = printerColumns(undefined);
    expect(cols.map((c) => [c.name, c.type, c.description])).toEqual([
      ["Name", "string", NAME_DESCRIPTION],
      ["Age", "date", CREATION_TIMESTAMP_DESCRIPTION],
    ]);
    expect(printerColumns([]).length).toBe(2);
    expect(DEFAULT_PRINTER_COLUMNS[0].jsonPath).toBe(".metadata.creationTimestamp");
    expect(cols[1].cell({ metadata: { creationTimestamp: ago(2 * 24 * 60 * MIN) } }, NOW)).toBe("2d");
  });

  it("a column whose JSONPath does not parse ends the list", () => {
    const cols = printerColumns([
      { name: "A", type: "string", jsonPath: ".a" },
      { name: "B", type: "string", jsonPath: ".b[" },
      { name: "C", type: "string", jsonPath: ".c" },
    ]);
    expect(cols.map((c) => c.name)).toEqual(["Name", "A"]);
  });
});
