/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), server side: StrategicMergeMapPatch of
 * k8s.io/apimachinery/pkg/util/strategicpatch/patch.go with MergeParallelList and IgnoreUnmatchedNulls on,
 * driven by the patchStrategy / patchMergeKey metadata of our schemas instead of Go struct tags.
 *
 *  - maps merge recursively, `null` deletes a key;
 *  - lists with strategy `merge` merge maps by their merge key and unite scalars; other lists are replaced;
 *  - directives: `$patch` (replace / delete on maps and list items), `$retainKeys`,
 *    `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`;
 *  - fields the schema does not declare, and `any` nodes, carry no metadata: their maps still merge and their
 *    lists are replaced, i.e. JSON merge semantics (as PatchMetaFromOpenAPI does without a schema);
 *  - no directive key survives in the result.
 *
 * Errors are reported the way the PATCH handler's interpretStrategicMergePatchError does: 400 for malformed
 * directive lists, 422 (canned message) for lists of lists, otherwise a 500 carrying the Go error text.
 */
import { badRequest } from "../errors";
import { deepClone, isPlainObject } from "../object";
import { resolve, type Schema } from "../schema/dsl";
import { GO_MAP, GO_SLICE, goEqual, goFormat, goType, type JsonMap, jsonKind, setOwn } from "./go-value";
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  SmpError,
} from "./patch-errors";
import {
  cleanPatchValue,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  extractToDeleteItems,
  mergeSlice,
  normalizeElementOrder,
  partitionMapsByPresence,
  partitionPrimitivesByPresence,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  sliceElementKind,
} from "./smp-lists";

/**
 * Applies a strategic merge patch to a copy of `original` (neither input is modified). `schema` describes the
 * object's kind; the patch is the decoded request body.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: Schema): unknown {
  // The handler decodes the body into a map[string]interface{}: `null` is an empty patch.
  if (patch === null || patch === undefined) return deepClone(original);
  if (!isPlainObject(patch)) {
    throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
  }
  const base = isPlainObject(original) ? deepClone(original) : {};
  try {
    return mergeMap(base, deepClone(patch), schema);
  } catch (e) {
    if (e instanceof SmpError) throw e.toStatusError();
    throw e;
  }
}

// ---- patch metadata lookup (LookupPatchMeta) --------------------------------------------------------------

interface SliceMeta {
  elem?: Schema;
  strategy: string;
  mergeKey: string;
}

/** Declared schema of a map member; undefined for undeclared fields and free-form (`any`) nodes. */
function memberSchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  const r = resolve(schema);
  let field: Schema | undefined;
  if (r.kind === "object") field = Object.hasOwn(r.properties, key) ? r.properties[key] : undefined;
  else if (r.kind === "map") field = r.values;
  if (!field || resolve(field).kind === "any") return undefined;
  return field;
}

/** extractRetainKeysPatchStrategy: retainKeys only matters to clients building `$retainKeys`. */
function mainStrategy(strategy: string | undefined): string {
  return (strategy ?? "").split(",").find((s) => s !== "retainKeys") ?? "";
}

function structMeta(schema: Schema | undefined, key: string): { sub?: Schema; strategy: string } {
  const field = memberSchema(schema, key);
  if (!field) return { strategy: "" };
  const r = resolve(field);
  return { sub: field, strategy: r.kind === "object" || r.kind === "array" ? mainStrategy(r.patchStrategy) : "" };
}

function sliceMeta(schema: Schema | undefined, key: string): SliceMeta {
  const field = memberSchema(schema, key);
  const r = field && resolve(field);
  if (r?.kind !== "array") return { strategy: "", mergeKey: "" };
  return { elem: r.items, strategy: mainStrategy(r.patchStrategy), mergeKey: r.patchMergeKey ?? "" };
}

// ---- maps -------------------------------------------------------------------------------------------------

function mergeMap(original: JsonMap, patch: JsonMap, schema: Schema | undefined): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return mapDirective(patch[DIRECTIVE_MARKER], patch);

  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, schema);

  for (const patchKey of Object.keys(patch)) {
    const patchV = patch[patchKey];
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }

    // IgnoreUnmatchedNulls: null deletes, and is never stored.
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const origV = Object.hasOwn(original, key) ? original[key] : undefined;
    if (origV === undefined || goType(origV) !== goType(patchV)) {
      // New (or retyped) values are taken from the patch without directives or nulls; a deletion list never
      // adds anything.
      if (!isDeleteList) storePatchValue(original, key, patchV);
      continue;
    }
    if (isPlainObject(origV)) {
      const { sub, strategy } = structMeta(schema, key);
      if (strategy === "replace") storePatchValue(original, key, patchV);
      else setOwn(original, key, mergeMap(origV, patchV as JsonMap, sub));
    } else if (Array.isArray(origV)) {
      const meta = sliceMeta(schema, key);
      setOwn(original, key, mergeSliceHandler(origV, patchV as unknown[], meta, isDeleteList));
    } else {
      setOwn(original, key, patchV);
    }
  }
  return original;
}

/** Stores a patch value as is (minus directives and nulls); a map carrying `$patch` is not stored at all. */
function storePatchValue(target: JsonMap, key: string, value: unknown): void {
  const cleaned = cleanPatchValue(value);
  if (cleaned === undefined) delete target[key];
  else setOwn(target, key, cleaned);
}

/** handleDirectiveInMergeMap: `replace` keeps just the patch, `delete` empties the map (it stays, as `{}`). */
function mapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === "replace") {
    delete patch[DIRECTIVE_MARKER];
    return cleanPatchValue(patch) as JsonMap; // no longer marked, so it is kept
  }
  if (directive === "delete") return {};
  // `$patch: merge` is the default and still rejected by the Go code for maps.
  throw errBadPatchType(directive, patch);
}

/** mergeSliceHandler: merge strategy (or a deletion list) merges, anything else replaces. */
function mergeSliceHandler(original: unknown[], patch: unknown[], meta: SliceMeta, isDeleteList: boolean): unknown[] {
  if (meta.strategy === "merge" || isDeleteList) {
    return mergeSlice(original, patch, meta.elem, meta.mergeKey, isDeleteList, mergeMap);
  }
  return cleanPatchValue(patch) as unknown[];
}

/** extractKey: `$setElementOrder/containers` → `containers`. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf("/");
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX
      ? errBadPatchFormatForPrimitiveList()
      : errBadPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

// ---- $retainKeys ------------------------------------------------------------------------------------------

/**
 * applyRetainKeysDirective: every non-null patch field must be listed, and original fields not listed are
 * cleared before merging (the union-type switch of `kubectl apply`, e.g. a Deployment strategy).
 */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const list = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set(list.filter((k): k is string => typeof k === "string"));
  for (const key of Object.keys(patch)) {
    if (patch[key] === null) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) || key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    if (!retained.has(key)) throw errBadPatchFormatForRetainKeys();
  }
  for (const key of Object.keys(original)) if (!retained.has(key)) delete original[key];
}

// ---- $setElementOrder -------------------------------------------------------------------------------------

/**
 * mergePatchIntoOriginal: merges each list that has a `$setElementOrder/<list>` directive and orders the result
 * by it (directive order > patch order > live order); the list is then removed from the patch.
 */
function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: Schema | undefined): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw errBadArgType(GO_SLICE, order);
    const key = extractKey(directiveKey, SET_ELEMENT_ORDER_PREFIX);

    const foundOriginal = Object.hasOwn(original, key);
    const foundPatch = Object.hasOwn(patch, key);
    const originalList = foundOriginal ? asList(original[key]) : [];
    const patchList = foundPatch ? asList(patch[key]) : [];
    const meta = sliceMeta(schema, key);
    validatePatchWithSetOrderList(patchList, order, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, meta, false);
    else if (foundPatch) merged = cleanPatchValue(patchList) as unknown[];
    else if (foundOriginal) merged = originalList;
    else continue;

    const [ordered, serverOnly] = meta.mergeKey
      ? partitionMapsByPresence(merged, order, meta.mergeKey)
      : partitionPrimitivesByPresence(merged, order);
    const kind = sliceElementKind(originalList, patchList);
    setOwn(original, key, normalizeElementOrder(ordered, serverOnly, order, originalList, meta.mergeKey, kind));
    delete patch[key];
  }
}

function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw errBadArgType(GO_SLICE, v);
  return v;
}

/**
 * validatePatchWithSetOrderList: the patch list's items (deletions and directive items aside) must appear in
 * the `$setElementOrder` list, in the same relative order.
 */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (isPlainObject(items[p]) && Object.hasOwn(items[p] as JsonMap, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw new SmpError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return goEqual(left, right);
  for (const side of [left, right]) {
    if (!isPlainObject(side)) throw errBadArgType(GO_MAP, side);
    if (!Object.hasOwn(side, mergeKey)) throw errNoMergeKey(side, mergeKey);
  }
  return goEqual((left as JsonMap)[mergeKey], (right as JsonMap)[mergeKey]);
}
