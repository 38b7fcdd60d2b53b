/**
 * List handling of the strategic merge patch, following mergeSlice, mergeSliceWithSpecialElements,
 * normalizeElementOrder and friends in k8s.io/apimachinery/pkg/util/strategicpatch/patch.go.
 *
 * Ordering rule (preserve-order-in-strategic-merge-patch design): items named by the patch (or by its
 * `$setElementOrder` list) come in patch order, items only the server has keep their relative order, and a
 * server-only item is emitted before a patch item only when it precedes that item in the live list. An item new
 * to the list therefore goes ahead of the server-only items that follow the patch item before it (a container
 * added by `kubectl patch` is listed first).
 */
import { isPlainObject } from "../object";
import { resolve, type Schema } from "../schema/dsl";
import { GO_MAP, getOwn, goEqual, goFormat, goType, type JsonMap, setOwn } from "./go-value";
import { errBadArgType, errBadPatchType, errNoListOfLists, errNoMergeKey, SmpError } from "./patch-errors";

export const DIRECTIVE_MARKER = "$patch";
export const RETAIN_KEYS_DIRECTIVE = "$retainKeys";
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = "$deleteFromPrimitiveList";
export const SET_ELEMENT_ORDER_PREFIX = "$setElementOrder";

/** Merges a patch map into an original map; injected to avoid a module cycle with the map code. */
export type MergeMapFn = (original: JsonMap, patch: JsonMap, schema: Schema | undefined) => JsonMap;

type ElementKind = "map" | "scalar";

export function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE_MARKER ||
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
    key.startsWith(SET_ELEMENT_ORDER_PREFIX)
  );
}

const DROP = Symbol("drop");

/**
 * Copy of a patch value that is stored without being merged (a new field, an appended list item, a replaced
 * list or map): removeDirectives + discardNullValuesFromPatch. Maps carrying `$patch` disappear, other directive
 * keys and null members are dropped. Go applies this to new fields only and leaves the other raw values to the
 * typed decoding (which ignores `$` keys, or rejects them under strict field validation); cleaning them all the
 * same way keeps directives out of storage.
 */
export function cleanPatchValue(value: unknown): unknown {
  const out = clean(value);
  return out === DROP ? undefined : out;
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean).filter((v) => v !== DROP);
  if (!isPlainObject(value)) return value;
  if (Object.hasOwn(value, DIRECTIVE_MARKER)) return DROP;
  const out: JsonMap = {};
  for (const key of Object.keys(value)) {
    if (value[key] === null || isDirectiveKey(key)) continue;
    const v = clean(value[key]);
    if (v !== DROP) setOwn(out, key, v);
  }
  return out;
}

/** sliceElementType: all elements of all lists share one Go type, which is not a list. */
export function sliceElementKind(...lists: unknown[][]): ElementKind {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goType(v);
      if (prev === undefined) {
        if (Array.isArray(v)) throw errNoListOfLists();
        prev = t;
      } else if (prev !== t) {
        throw new SmpError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (prev === undefined) throw new SmpError("no elements in any of the given slices");
  return prev === GO_MAP ? "map" : "scalar";
}

/** Name() of a PatchMetaFromStruct: the reflect.Kind of the element type. */
function schemaKindName(schema: Schema | undefined): string {
  if (!schema) return "interface";
  const r = resolve(schema);
  switch (r.kind) {
    case "string":
      return "string";
    case "integer":
      return r.format;
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "map":
      return "map";
    case "array":
      return "slice";
    default:
      return "struct";
  }
}

/**
 * mergeSlice for a list with patch strategy `merge` (or a `$deleteFromPrimitiveList` list): scalars are united
 * (or deleted), maps are merged by `mergeKey` after the `$patch` items have been applied.
 */
export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  elemSchema: Schema | undefined,
  mergeKey: string,
  isDeleteList: boolean,
  mergeMap: MergeMapFn,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let base = original;
  let items = patch;
  let merged: unknown[];
  if (kind === "scalar") {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => goEqual(v, d)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new SmpError(`cannot merge lists without merge key for ${schemaKindName(elemSchema)}`);
    [base, items] = applySpecialElements(original, patch, mergeKey);
    merged = mergeByKey(base, items, mergeKey, elemSchema, mergeMap);
  }
  const [patchItems, serverOnly] = mergeKey
    ? partitionMapsByPresence(merged, items, mergeKey)
    : partitionPrimitivesByPresence(merged, items);
  return normalizeElementOrder(patchItems, serverOnly, items, base, mergeKey, kind);
}

/**
 * mergeSliceWithSpecialElements: `$patch: delete` items remove every original item with their key,
 * `$patch: replace` makes the remaining patch items the whole list. Returns the new base and patch items.
 */
function applySpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  let base = original;
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch as JsonMap[]) {
    if (!Object.hasOwn(v, DIRECTIVE_MARKER)) {
      plain.push(v);
      continue;
    }
    const directive = v[DIRECTIVE_MARKER];
    if (directive === "delete") {
      if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      base = base.filter((o) => !(isPlainObject(o) && Object.hasOwn(o, mergeKey) && goEqual(o[mergeKey], v[mergeKey])));
    } else if (directive === "replace") {
      replace = true; // keep scanning so that other $patch items are still validated and dropped
    } else if (directive === "merge") {
      throw new SmpError("merging lists cannot yet be specified in the patch");
    } else {
      throw errBadPatchType(directive, v);
    }
  }
  if (replace) return [plain.map((v) => cleanPatchValue(v)), []];
  return [base, plain];
}

/** mergeSliceWithoutSpecialElements: merge items with a matching key, append the others. */
function mergeByKey(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  elemSchema: Schema | undefined,
  mergeMap: MergeMapFn,
): unknown[] {
  const out = [...original];
  for (const v of patch as JsonMap[]) {
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const idx = findByKey(out, mergeKey, v[mergeKey]);
    if (idx >= 0) out[idx] = mergeMap(out[idx] as JsonMap, v, elemSchema);
    else out.push(cleanPatchValue(v));
  }
  return out;
}

/** findMapInSliceBasedOnKeyValue. */
function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isPlainObject(item)) throw new SmpError(`value for key ${i} is not a map.`);
    if (Object.hasOwn(item, mergeKey) && goEqual(item[mergeKey], value)) return i;
  }
  return -1;
}

/** The "clever" swap-with-last deduplication of deduplicateScalars (order is fixed up afterwards). */
function deduplicateScalars(s: unknown[]): unknown[] {
  const a = [...s];
  let last = a.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (goEqual(a[i], a[j])) {
        a[j] = a[last];
        a.length = last;
        last--;
        j--;
      }
    }
  }
  return a;
}

/** partitionPrimitivesByPresentInList: [items also in `by`, the others]. */
export function partitionPrimitivesByPresence(list: unknown[], by: unknown[]): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) (by.some((b) => goEqual(b, v)) ? inPatch : serverOnly).push(v);
  return [inPatch, serverOnly];
}

/** partitionMapsByPresentInList: membership by merge key value. */
export function partitionMapsByPresence(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw errBadArgType(GO_MAP, v);
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** index(): position of an item in `order`, comparing merge key values for maps. */
function indexIn(order: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const keyOf = (v: unknown) => (kind === "map" ? (isPlainObject(v) ? getOwn(v, mergeKey) : null) : v);
  const wanted = keyOf(item);
  return order.findIndex((o) => goEqual(keyOf(o), wanted));
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isPlainObject(item)) throw errBadArgType(GO_MAP, item);
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** extractToDeleteItems: [items kept, items carrying `$patch: delete`]. */
export function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw errBadArgType(GO_MAP, v);
    (getOwn(v, DIRECTIVE_MARKER) === "delete" ? toDelete : keep).push(v);
  }
  return [keep, toDelete];
}

/** normalizeSliceOrder: stable sort by position in `order`, deletion items last. */
function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [items, toDelete] = extractToDeleteItems(toSort);
  }
  const ranked = items.map((item, pos) => ({ item, pos, rank: indexIn(order, item, mergeKey, kind) }));
  ranked.sort((a, b) => (a.rank >= 0 && b.rank >= 0 ? a.rank - b.rank : 0) || a.pos - b.pos);
  return [...ranked.map((r) => r.item), ...toDelete];
}

/**
 * normalizeElementOrder + mergeSortedSlice: patch items in `patchOrder`, server-only items in `serverOrder`,
 * then interleaved: a server-only item is emitted before a patch item only when both are in `serverOrder` and
 * it comes first there.
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
