/**
 * Cases of k8s.io/apimachinery/pkg/util/strategicpatch/patch_test.go, applied to the MergeItem schema:
 * each is an original document, a patch (the two-way or three-way patch of the Go test) and the document
 * the Go code produces. List order is significant in all of them.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { applyStrategicMergePatch } from "../../../src/kube/patch/strategic-merge-patch";
import { statusOf } from "./helpers";
import { directiveKeys, mergeItem } from "./schemas";

interface Case {
  description: string;
  original: string;
  patch: string;
  result?: string;
  error?: string;
}

const cases: Case[] = [
  // ---- customStrategicMergePatchTestCaseData ----
  {
    description: "unique scalars when merging lists",
    original: "mergingIntList: [1, 2]",
    patch: "mergingIntList: [2, 3]",
    result: "mergingIntList: [1, 2, 3]",
  },
  {
    description: "delete map from nested map",
    original: "simpleMap: {key1: 1, key2: 1}",
    patch: "simpleMap: {$patch: delete}",
    result: "simpleMap: {}",
  },
  {
    description: "delete all items from merging list",
    original: "mergingList: [{name: 1}, {name: 2}]",
    patch: "mergingList: [{$patch: replace}]",
    result: "mergingList: []",
  },
  {
    description: "merge empty merging lists",
    original: "mergingList: []",
    patch: "mergingList: []",
    result: "mergingList: []",
  },
  { description: "delete all keys from map", original: "{name: 1, value: 1}", patch: "$patch: replace", result: "{}" },
  {
    description: "add key and delete all keys from map",
    original: "{name: 1, value: 1}",
    patch: "{other: a, $patch: replace}",
    result: "other: a",
  },
  {
    description: "delete all duplicate entries in a merging list",
    original: "mergingList: [{name: 1}, {name: 1}, {name: 2, value: a}, {name: 3}, {name: 3}]",
    patch: "mergingList: [{name: 1, $patch: delete}, {name: 3, $patch: delete}]",
    result: "mergingList: [{name: 2, value: a}]",
  },
  {
    description: "retainKeys map can add a field when no retainKeys directive present",
    original: "retainKeysMap: {name: foo}",
    patch: "retainKeysMap: {value: bar}",
    result: "retainKeysMap: {name: foo, value: bar}",
  },
  {
    description: "retainKeys map can delete a field when no retainKeys directive present",
    original: "retainKeysMap: {name: foo, value: a}",
    patch: "retainKeysMap: {value: null}",
    result: "retainKeysMap: {name: foo}",
  },
  {
    description: "retainKeys map merge an empty map",
    original: "retainKeysMap: {name: foo, value: a}",
    patch: "retainKeysMap: {}",
    result: "retainKeysMap: {name: foo, value: a}",
  },
  {
    description: "retainKeys list can add a field when no retainKeys directive present",
    original: "retainKeysMergingList: [{name: bar}, {name: foo}]",
    patch: "retainKeysMergingList: [{name: foo, value: a}]",
    result: "retainKeysMergingList: [{name: bar}, {name: foo, value: a}]",
  },
  {
    description: "retainKeys list can delete a field when no retainKeys directive present",
    original: "retainKeysMergingList: [{name: bar}, {name: foo, value: a}]",
    patch: "retainKeysMergingList: [{name: foo, value: null}]",
    result: "retainKeysMergingList: [{name: bar}, {name: foo}]",
  },
  {
    description: "preserve the order from the patch in a merging list",
    original: "mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]",
    patch: "mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, other: x}]",
    result: "mergingList: [{name: 3, value: c}, {name: 1, value: a}, {name: 2, value: b, other: x}]",
  },
  {
    description: "preserve the order from the patch in a merging list 2",
    original: "mergingList: [{name: 1}, {name: 2, value: b}, {name: 3}]",
    patch: "mergingList: [{name: 3, value: c}, {name: 1, value: a}]",
    result: "mergingList: [{name: 2, value: b}, {name: 3, value: c}, {name: 1, value: a}]",
  },
  {
    description: "preserve the order from the patch in a merging int list",
    original: "mergingIntList: [1, 2, 3]",
    patch: "mergingIntList: [3, 1, 2]",
    result: "mergingIntList: [3, 1, 2]",
  },
  {
    description: "preserve the order from the patch in a merging int list 2",
    original: "mergingIntList: [1, 2, 3]",
    patch: "mergingIntList: [3, 1]",
    result: "mergingIntList: [2, 3, 1]",
  },
  // ---- customStrategicMergePatchRawTestCases ----
  {
    description: "$setElementOrder contains item that is not present in the list to be merged",
    original: "mergingList: [{name: 1}, {name: 3}]",
    patch: `
$setElementOrder/mergingList: [{name: 3}, {name: 2}, {name: 1}]
mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]`,
    result: "mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]",
  },
  {
    description: "$setElementOrder contains item that is not present in the int list to be merged",
    original: "mergingIntList: [1, 3]",
    patch: "$setElementOrder/mergingIntList: [3, 2, 1]",
    result: "mergingIntList: [3, 1]",
  },
  {
    description: "should check if order in $setElementOrder and patch list match",
    original: "mergingList: [{name: 1}, {name: 3}, {name: 2}]",
    patch: `
$setElementOrder/mergingList: [{name: 1}, {name: 2}, {name: 3}]
mergingList: [{name: 3, value: 3}, {name: 1, value: 1}]`,
    error: "doesn't match",
  },
  {
    description: "should check if order in $setElementOrder and patch int list match",
    original: "mergingIntList: [1, 3, 2]",
    patch: `
$setElementOrder/mergingIntList: [1, 2, 3]
mergingIntList: [3, 1]`,
    error: "doesn't match",
  },
  {
    description: "missing merge key should error out",
    original: "mergingList: [{name: 1, value: a}]",
    patch: "mergingList: [{value: b}]",
    error: "does not contain declared merge key",
  },
  {
    description: "$deleteFromPrimitiveList of nonexistent item in primitive list should not add the item to the list",
    original: "mergingIntList: [1, 2]",
    patch: "$deleteFromPrimitiveList/mergingIntList: [3]",
    result: "mergingIntList: [1, 2]",
  },
  {
    description: "$deleteFromPrimitiveList on empty primitive list should not add the item to the list",
    original: "mergingIntList:",
    patch: "$deleteFromPrimitiveList/mergingIntList: [3]",
    result: "mergingIntList:",
  },
  {
    description: "$deleteFromPrimitiveList on nonexistent primitive list should not add the primitive list",
    original: "foo: [bar]",
    patch: "$deleteFromPrimitiveList/mergingIntList: [3]",
    result: "foo: [bar]",
  },
  {
    description: "$deleteFromPrimitiveList should delete item from a list with merge patch strategy",
    original: "mergingIntList: [1, 2, 3]",
    patch: "$deleteFromPrimitiveList/mergingIntList: [2]",
    result: "mergingIntList: [1, 3]",
  },
  {
    description: "$deleteFromPrimitiveList should delete item from a list without merge patch strategy",
    original: "nonMergingIntList: [1, 2, 3]",
    patch: "$deleteFromPrimitiveList/nonMergingIntList: [2]",
    result: "nonMergingIntList: [1, 3]",
  },
  // ---- createStrategicMergePatchTestCaseData / strategicMergePatchRawTestCases (three-way results) ----
  {
    description: "delete field from nested map with conflict",
    original: "simpleMap: {key1: a, key2: 1, other: a}",
    patch: "simpleMap: {key1: 1, key2: null}",
    result: "simpleMap: {key1: 1, other: a}",
  },
  {
    description: "defined null values should propagate overwrite current fields",
    original: "{name: a, other: a}",
    patch: "{name: 1, value: 1, other: null}",
    result: "{name: 1, value: 1}",
  },
  {
    description: "delete all maps from merging list with conflict",
    original: "mergingList: [{name: 1, other: a}, {name: 2, other: b}]",
    patch: "mergingList: [{name: 1, $patch: delete}, {name: 2, $patch: delete}]",
    result: "mergingList: []",
  },
  {
    description: "nested patch merge with empty list",
    original: "{name: hi, mergingList: [{name: hello2}]}",
    patch: `
$setElementOrder/mergingList: [{name: hello}, {name: doesntexist}]
mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]`,
    result: "{name: hi, mergingList: [{name: hello}, {name: hello2}]}",
  },
  {
    description: "nested patch merge with empty list (two-way, list absent)",
    original: "name: hi",
    patch: "mergingList: [{name: hello}, {$patch: delete, name: doesntexist}]",
    result: "{name: hi, mergingList: [{name: hello}]}",
  },
  {
    description: "delete items in lists of scalars",
    original: "mergingIntList: [1, 2, 3, 4]",
    patch: `
$setElementOrder/mergingIntList: [1, 2]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: "mergingIntList: [1, 2, 4]",
  },
  {
    description: "delete all duplicate items in lists of scalars",
    original: "mergingIntList: [1, 2, 3, 3, 4]",
    patch: `
$setElementOrder/mergingIntList: [1, 2]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: "mergingIntList: [1, 2, 4]",
  },
  {
    description: "add and delete items in lists of scalars (two-way)",
    original: "mergingIntList: [1, 2, 3]",
    patch: `
$setElementOrder/mergingIntList: [1, 2, 4]
$deleteFromPrimitiveList/mergingIntList: [3]
mergingIntList: [4]`,
    result: "mergingIntList: [1, 2, 4]",
  },
  {
    description: "merge lists of maps",
    original: "mergingList: [{name: 1, other: a}, {name: 2, value: 2, other: b}]",
    patch: `
$setElementOrder/mergingList: [{name: 4}, {name: 1}, {name: 2}, {name: 3}]
mergingList: [{name: 4, value: 4}, {name: 3, value: 3}]`,
    result:
      "mergingList: [{name: 4, value: 4}, {name: 1, other: a}, {name: 2, value: 2, other: b}, {name: 3, value: 3}]",
  },
  // ---- strategicMergePatchRawTestCases (ordering and retainKeys) ----
  {
    description: "add and delete an item in a int list and preserve order",
    original: "mergingIntList: [1, 2, 3]",
    patch: `
$setElementOrder/mergingIntList: [4, 2, 1]
mergingIntList: [4]
$deleteFromPrimitiveList/mergingIntList: [3]`,
    result: "mergingIntList: [4, 2, 1]",
  },
  {
    description: "set elements order in a int list with server-only items 2",
    original: "mergingIntList: [1, 2, 9, 3, 4]",
    patch: "$setElementOrder/mergingIntList: [2, 1, 4, 3]",
    result: "mergingIntList: [2, 1, 9, 4, 3]",
  },
  {
    description: "set elements order in a int list with server-only items 3",
    original: "mergingIntList: [1, 2, 7, 9, 8, 3, 4]",
    patch: "$setElementOrder/mergingIntList: [2, 1, 4, 3]",
    result: "mergingIntList: [2, 1, 7, 9, 8, 4, 3]",
  },
  {
    description: "behavior of set element order for a merging list with duplicate",
    original: "mergingList: [{name: 1}, {name: 2, value: dup1}, {name: 3}, {name: 2, value: dup2}, {name: 4}]",
    patch: "$setElementOrder/mergingList: [{name: 2}, {name: 1}, {name: 4}, {name: 3}, {name: 2}]",
    result: "mergingList: [{name: 2, value: dup1}, {name: 2, value: dup2}, {name: 1}, {name: 4}, {name: 3}]",
  },
  {
    description: "behavior of set element order for a merging int list with duplicate",
    original: "mergingIntList: [1, 2, 3, 2, 4]",
    patch: "$setElementOrder/mergingIntList: [2, 1, 4, 3, 2]",
    result: "mergingIntList: [2, 2, 1, 4, 3]",
  },
  {
    description: "retainKeys map should clear defaulted field with conflict (discriminated union)",
    original: "retainKeysMap: {name: type1, value: foo}",
    patch: "retainKeysMap: {$retainKeys: [name, other], name: type2, other: bar}",
    result: "retainKeysMap: {name: type2, other: bar}",
  },
  {
    description: "retainKeys map deletes a field and clears a field",
    original: "retainKeysMap: {name: foo, value: bar, other: a}",
    patch: "retainKeysMap: {$retainKeys: [name], value: null}",
    result: "retainKeysMap: {name: foo}",
  },
  {
    description: "retainKeys map adds a field in a nested map",
    original: "retainKeysMap: {name: foo, value: bar, simpleMap: {key1: a, key3: c}}",
    patch: "retainKeysMap: {$retainKeys: [name, simpleMap, value], simpleMap: {key2: b}}",
    result: "retainKeysMap: {name: foo, value: bar, simpleMap: {key1: a, key3: c, key2: b}}",
  },
];

describe("applyStrategicMergePatch: strategicpatch/patch_test.go cases", () => {
  it.each(cases)("$description", ({ original, patch, result, error }) => {
    const run = () => applyStrategicMergePatch(parse(original) ?? {}, parse(patch), mergeItem);
    if (error) {
      expect(statusOf(run).message).toContain(error);
      return;
    }
    const out = run();
    expect(out).toEqual(parse(result!) ?? {});
    expect(directiveKeys(out)).toEqual([]);
  });
});
