/**
 * Field sets and typed-value walks for server-side apply, after sigs.k8s.io/structured-merge-diff/v4
 * (fieldpath and typed packages).
 *
 * A field set is a tree of path elements: `f:name` selects a struct field or map key, `k:{"name":"x"}` a
 * keyed element of an associative list, `v:"x"` an element of a set, `i:3` an element by index (never
 * produced here: atomic lists are leaves). Each node knows which of its children are members (leaves
 * owned as a whole) and which are descended into; in the FieldsV1 JSON encoding a node that is both is
 * written with a `.` entry.
 *
 * The walks take a JSON value plus its schema (see schema/dsl.ts) and implement ToFieldSet, Compare, Merge
 * and RemoveItems: the building blocks of managedFields tracking (managed-fields.ts) and apply (apply.ts).
 * Pure functions; no I/O.
 */
import { deepEqual, isPlainObject } from "../object";
import { type ObjectSchema, resolve, type Schema } from "../schema/dsl";

// ---- Go-compatible JSON ------------------------------------------------------------------------------

/** Escapes a string the way Go's encoding/json does (HTML-safe, U+2028/2029 escaped). */
function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += "\\ufffd";
    } else if (c >= 0xdc00 && c <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return `${out}"`;
}

/**
 * JSON as Go's encoding/json writes a map[string]interface{}: object keys sorted, HTML characters escaped.
 * Used for list keys in FieldsV1 (`k:{...}`) and for the last-applied-configuration annotation.
 */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort(compareStrings);
    return `{${keys.map((k) => `${goQuote(k)}:${goJson(o[k])}`).join(",")}}`;
  }
  return "null";
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- path elements -----------------------------------------------------------------------------------

export type PathElement =
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "key"; readonly fields: ReadonlyArray<readonly [string, unknown]> }
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "index"; readonly index: number };

export type Path = readonly PathElement[];

export const fieldPE = (name: string): PathElement => ({ kind: "field", name });
export const valuePE = (value: unknown): PathElement => ({ kind: "value", value });
export const indexPE = (index: number): PathElement => ({ kind: "index", index });
/** A key element; the fields are sorted by name as structured-merge-diff does. */
export function keyPE(fields: Record<string, unknown> | ReadonlyArray<readonly [string, unknown]>): PathElement {
  const entries: [string, unknown][] = Array.isArray(fields)
    ? fields.map(([k, v]) => [k, v] as [string, unknown])
    : Object.entries(fields as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort((a, b) => compareStrings(a[0], b[0]));
  return { kind: "key", fields: entries };
}

/** The FieldsV1 encoding of a path element (`f:spec`, `k:{"name":"x"}`, `v:"a"`, `i:0`). */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return `f:${pe.name}`;
    case "key":
      return `k:{${pe.fields.map(([k, v]) => `${goQuote(k)}:${goJson(v)}`).join(",")}}`;
    case "value":
      return `v:${goJson(pe.value)}`;
    case "index":
      return `i:${pe.index}`;
  }
}

export class FieldsV1Error extends Error {
  override name = "FieldsV1Error";
}

/** Parses one FieldsV1 key; returns undefined for element types this version does not know (ignored). */
export function deserializePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new FieldsV1Error("key must be 2 characters long:");
  if (s[1] !== ":") throw new FieldsV1Error(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case "f":
      return fieldPE(rest);
    case "v":
      return valuePE(parseJson(rest));
    case "k": {
      const v = parseJson(rest);
      if (!isPlainObject(v)) throw new FieldsV1Error(`expected an object in ${s}`);
      return keyPE(v);
    }
    case "i": {
      if (!/^[+-]?\d+$/.test(rest))
        throw new FieldsV1Error(`strconv.Atoi: parsing ${JSON.stringify(rest)}: invalid syntax`);
      return indexPE(Number.parseInt(rest, 10));
    }
    default:
      return undefined;
  }
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (e) {
    throw new FieldsV1Error(`parsing key as path element: ${(e as Error).message}`);
  }
}

function typeRank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isPlainObject(v)) return 4;
  return 5; // null
}

/** Total order of JSON values (value.Compare): numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < Math.min(la.length, lb.length); i++) {
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
      return la.length - lb.length;
    }
    case 4: {
      const ma = a as Record<string, unknown>;
      const mb = b as Record<string, unknown>;
      const ka = Object.keys(ma).sort(compareStrings);
      const kb = Object.keys(mb).sort(compareStrings);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        const c = compareStrings(ka[i], kb[i]) || compareValues(ma[ka[i]], mb[kb[i]]);
        if (c !== 0) return c;
      }
      return ka.length - kb.length;
    }
    default:
      return 0;
  }
}

const kindRank = { field: 0, key: 1, value: 2, index: 3 } as const;

/** PathElement.Compare: fields < keys < values < indexes, then by content. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return kindRank[a.kind] - kindRank[b.kind];
  switch (a.kind) {
    case "field":
      return compareStrings(a.name, (b as typeof a).name);
    case "key": {
      const fb = (b as typeof a).fields;
      for (let i = 0; i < Math.min(a.fields.length, fb.length); i++) {
        const c = compareStrings(a.fields[i][0], fb[i][0]) || compareValues(a.fields[i][1], fb[i][1]);
        if (c !== 0) return c;
      }
      return a.fields.length - fb.length;
    }
    case "value":
      return compareValues(a.value, (b as typeof a).value);
    case "index":
      return a.index - (b as typeof a).index;
  }
}

/** value.ToString: strings quoted, numbers and booleans bare. */
function valueToString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(",")}]`;
  if (isPlainObject(v)) {
    return Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${k}=${valueToString(v[k])}`)
      .join("");
  }
  return "{{undefined}}";
}

/** Human form of a path element as used in conflict messages: `.spec`, `[name="nginx"]`, `[=a]`, `[0]`. */
export function pathElementString(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return `.${pe.name}`;
    case "key":
      return `[${pe.fields.map(([k, v]) => `${k}=${valueToString(v)}`).join(",")}]`;
    case "value":
      return `[=${valueToString(pe.value)}]`;
    case "index":
      return `[${pe.index}]`;
  }
}

/** `.spec.template.spec.containers[name="nginx"].image` */
export function pathString(path: Path): string {
  return path.map(pathElementString).join("");
}

/** Builds a path from dotted field names (`fieldPath("spec", "replicas")`). */
export function fieldPath(...names: string[]): Path {
  return names.map(fieldPE);
}

// ---- field sets --------------------------------------------------------------------------------------

interface ChildNode {
  pe: PathElement;
  set: FieldSet;
}

/** fieldpath.Set: an immutable-by-convention tree of owned paths. */
export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, ChildNode>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (a zero-length path is ignored, as in Go). Mutates; use while building. */
  insert(path: Path): this {
    if (path.length === 0) return this;
    let cur: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) cur = cur.descend(path[i]);
    const last = path[path.length - 1];
    cur.members.set(serializePathElement(last), last);
    return this;
  }

  private descend(pe: PathElement): FieldSet {
    const k = serializePathElement(pe);
    let node = this.children.get(k);
    if (!node) {
      node = { pe, set: new FieldSet() };
      this.children.set(k, node);
    }
    return node.set;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let cur: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      cur = cur.children.get(serializePathElement(path[i]))?.set;
      if (!cur) return false;
    }
    return cur.members.has(serializePathElement(path[path.length - 1]));
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** Number of paths in the set. */
  size(): number {
    let n = this.members.size;
    for (const c of this.children.values()) n += c.set.size();
    return n;
  }

  /** The subset below one path element (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializePathElement(pe))?.set ?? new FieldSet();
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, c] of this.children) out.children.set(k, { pe: c.pe, set: c.set.clone() });
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    out.mergeIn(other);
    return out;
  }

  private mergeIn(other: FieldSet): void {
    for (const [k, pe] of other.members) this.members.set(k, pe);
    for (const [k, c] of other.children) {
      const mine = this.children.get(k);
      if (mine) mine.set.mergeIn(c.set);
      else this.children.set(k, { pe: c.pe, set: c.set.clone() });
    }
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      if (!theirs) continue;
      const sub = c.set.intersection(theirs.set);
      if (!sub.isEmpty()) out.children.set(k, { pe: c.pe, set: sub });
    }
    return out;
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const theirs = other.children.get(k);
      const sub = theirs ? c.set.difference(theirs.set) : c.set.clone();
      if (!sub.isEmpty()) out.children.set(k, { pe: c.pe, set: sub });
    }
    return out;
  }

  /** Elements of this set not in `other` and not below any member of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!other.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      if (other.members.has(k)) continue;
      const theirs = other.children.get(k);
      const sub = theirs ? c.set.recursiveDifference(theirs.set) : c.set.clone();
      if (!sub.isEmpty()) out.children.set(k, { pe: c.pe, set: sub });
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** Set.Iterate order: this node's members (sorted), then each child (sorted) recursively. */
  iterate(fn: (path: Path) => void, prefix: Path = []): void {
    for (const pe of [...this.members.values()].sort(comparePathElements)) fn([...prefix, pe]);
    for (const c of [...this.children.values()].sort((a, b) => comparePathElements(a.pe, b.pe))) {
      c.set.iterate(fn, [...prefix, c.pe]);
    }
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  toString(): string {
    return this.paths().map(pathString).join("\n");
  }

  /** The FieldsV1 JSON object (`{"f:spec":{"f:replicas":{}}}`), keys in structured-merge-diff order. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && !this.isEmpty()) out["."] = {};
    const keys = new Map<string, PathElement>();
    for (const [k, pe] of this.members) keys.set(k, pe);
    for (const [k, c] of this.children) if (!c.set.isEmpty()) keys.set(k, c.pe);
    const sorted = [...keys.entries()].sort((a, b) => comparePathElements(a[1], b[1]));
    for (const [k] of sorted) {
      const child = this.children.get(k);
      out[k] = child && !child.set.isEmpty() ? child.set.emit(this.members.has(k)) : {};
    }
    return out;
  }

  /** Decodes FieldsV1; throws FieldsV1Error on malformed keys. Unknown element types are skipped. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (fields === undefined || fields === null) return new FieldSet();
    if (!isPlainObject(fields)) throw new FieldsV1Error("FieldsV1 must be a JSON object");
    return readNode(fields).children ?? new FieldSet();
  }
}

function readNode(obj: Record<string, unknown>): { children: FieldSet | undefined; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, v] of Object.entries(obj)) {
    if (key === ".") {
      isMember = true;
      continue;
    }
    const pe = deserializePathElement(key);
    if (!pe) continue;
    if (!isPlainObject(v)) throw new FieldsV1Error(`parsing key as path element: expected an object for ${key}`);
    const sub = readNode(v);
    children ??= new FieldSet();
    if (sub.isMember) children.insert([pe]);
    if (sub.children) {
      const grand = sub.children;
      grand.iterate((p) => children!.insert([pe, ...p]));
    }
  }
  if (!children) isMember = true;
  return { children, isMember };
}

// ---- schema-directed walks ---------------------------------------------------------------------------

type Node =
  | { t: "scalar" }
  | {
      t: "map";
      atomic: boolean;
      /** Schema of a key's value; undefined means deduced (free-form). */
      schemaOf: (key: string) => Schema | undefined;
      /** True for declared struct fields (their paths are not members in ToFieldSet). */
      isField: (key: string) => boolean;
    }
  | { t: "list"; atomic: boolean; keys: readonly string[] | undefined; items: Schema | undefined; elem?: ObjectSchema };

const SCALAR: Node = { t: "scalar" };
const DEDUCED_MAP: Node = { t: "map", atomic: false, schemaOf: () => undefined, isField: () => false };
const ATOMIC_LIST: Node = { t: "list", atomic: true, keys: undefined, items: undefined };

/** Resolves the structure of a value: how structured-merge-diff would walk it. */
function nodeFor(schema: Schema | undefined, v: unknown): Node {
  const r = schema ? resolve(schema) : undefined;
  if (!r || r.kind === "any") {
    if (isPlainObject(v)) return DEDUCED_MAP;
    if (Array.isArray(v)) return ATOMIC_LIST;
    return SCALAR;
  }
  switch (r.kind) {
    case "object": {
      if (!(isPlainObject(v) || v === null || v === undefined)) return SCALAR;
      const props = r.properties;
      return {
        t: "map",
        atomic: r.mapType === "atomic",
        schemaOf: (k) => (Object.hasOwn(props, k) ? props[k] : undefined),
        isField: (k) => Object.hasOwn(props, k),
      };
    }
    case "map": {
      if (!(isPlainObject(v) || v === null || v === undefined)) return SCALAR;
      const values = r.values;
      return { t: "map", atomic: r.mapType === "atomic", schemaOf: () => values, isField: () => false };
    }
    case "array": {
      if (!(Array.isArray(v) || v === null || v === undefined)) return SCALAR;
      const lt = r.listType ?? "atomic";
      const itemSchema = resolve(r.items);
      return {
        t: "list",
        atomic: lt === "atomic",
        keys: lt === "map" ? (r.listMapKeys ?? []) : undefined,
        items: r.items,
        elem: itemSchema.kind === "object" ? itemSchema : undefined,
      };
    }
    default:
      return SCALAR;
  }
}

function fits(n: Node, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (n.t === "map") return isPlainObject(v);
  if (n.t === "list") return Array.isArray(v);
  return !isPlainObject(v) && !Array.isArray(v);
}

function isEmptyCollection(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).every((k) => v[k] === undefined);
  return false;
}

/**
 * Defaults of associative-list key fields (x-kubernetes-list-map-keys with a schema default): container and
 * service ports are keyed by [port, protocol] and protocol defaults to TCP.
 */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: "TCP" };

export class ListItemError extends Error {
  override name = "ListItemError";
}

/** The path element of a list item (listItemToPathElement). */
export function listItemPathElement(
  keys: readonly string[] | undefined,
  elem: ObjectSchema | undefined,
  item: unknown,
): PathElement {
  if (keys) {
    if (item === null || item === undefined) {
      throw new ListItemError("associative list with keys may not have a null element");
    }
    if (!isPlainObject(item)) throw new ListItemError("associative list with keys may not have non-map elements");
    const fields: [string, unknown][] = [];
    for (const k of keys) {
      const v = item[k];
      if (v !== undefined) fields.push([k, v]);
      else if (Object.hasOwn(KEY_DEFAULTS, k) && (!elem || Object.hasOwn(elem.properties, k))) {
        fields.push([k, KEY_DEFAULTS[k]]);
      } else {
        throw new ListItemError(
          `associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`,
        );
      }
    }
    return keyPE(fields);
  }
  if (isPlainObject(item)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ListItemError("not supported: associative list with lists as elements");
  if (item === null || item === undefined) {
    throw new ListItemError("associative list without keys has an element that's an explicit null");
  }
  return valuePE(item);
}

/** Path element of a list item, falling back to its index when the item cannot be keyed (lenient walks). */
function itemPE(n: Extract<Node, { t: "list" }>, item: unknown, i: number): PathElement {
  try {
    return listItemPathElement(n.keys, n.elem, item);
  } catch {
    return indexPE(i);
  }
}

/** Indexes list items by path element; later duplicates are kept apart (first occurrence wins). */
function indexItems(
  n: Extract<Node, { t: "list" }>,
  list: unknown,
): { order: PathElement[]; byKey: Map<string, unknown[]> } {
  const order: PathElement[] = [];
  const byKey = new Map<string, unknown[]>();
  if (!Array.isArray(list)) return { order, byKey };
  list.forEach((item, i) => {
    const pe = itemPE(n, item, i);
    const k = serializePathElement(pe);
    const seen = byKey.get(k);
    if (seen) seen.push(item);
    else {
      byKey.set(k, [item]);
      order.push(pe);
    }
  });
  return { order, byKey };
}

/** ToFieldSet: the leaf fields of a value (list items and non-struct map keys are members too). */
export function fieldSetOf(value: unknown, schema: Schema | undefined): FieldSet {
  const out = new FieldSet();
  toSet(value, schema, [], out);
  return out;
}

function toSet(v: unknown, schema: Schema | undefined, path: PathElement[], out: FieldSet): void {
  const n = nodeFor(schema, v);
  if (n.t === "scalar") {
    out.insert(path);
    return;
  }
  if (n.atomic) {
    out.insert(path);
    return;
  }
  if (n.t === "list") {
    if (!Array.isArray(v)) return;
    v.forEach((item, i) => {
      const p = [...path, itemPE(n, item, i)];
      toSet(item, n.items, p, out);
      out.insert(p);
    });
    return;
  }
  if (!isPlainObject(v)) return;
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    const p = [...path, fieldPE(k)];
    toSet(val, n.schemaOf(k), p, out);
    if (!n.isField(k)) out.insert(p);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

export function isSameComparison(c: Comparison): boolean {
  return c.added.isEmpty() && c.modified.isEmpty() && c.removed.isEmpty();
}

/** Removes (recursively) the given fields from all three sets of a comparison (Comparison.ExcludeFields). */
export function excludeFields(c: Comparison, fields: FieldSet | undefined): Comparison {
  if (!fields || fields.isEmpty()) return c;
  return {
    added: c.added.recursiveDifference(fields),
    modified: c.modified.recursiveDifference(fields),
    removed: c.removed.recursiveDifference(fields),
  };
}

/** TypedValue.Compare: which fields `rhs` added, modified or removed relative to `lhs`. */
export function compareTyped(lhs: unknown, rhs: unknown, schema: Schema | undefined): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  cmp(lhs, rhs, schema, [], c);
  return c;
}

function isLeaf(n: Node, lhs: unknown, rhs: unknown): boolean {
  if (n.t === "scalar" || n.atomic) return true;
  if (!fits(n, lhs) || !fits(n, rhs)) return true;
  return isEmptyCollection(lhs) && isEmptyCollection(rhs);
}

function cmp(lhs: unknown, rhs: unknown, schema: Schema | undefined, path: PathElement[], c: Comparison): void {
  const n = nodeFor(schema, rhs !== undefined ? rhs : lhs);
  if (isLeaf(n, lhs, rhs)) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
    return;
  }
  if (n.t === "map") {
    const l = isPlainObject(lhs) ? lhs : {};
    const r = isPlainObject(rhs) ? rhs : {};
    const keys = new Set([...Object.keys(l), ...Object.keys(r)]);
    for (const k of keys) {
      if (l[k] === undefined && r[k] === undefined) continue;
      cmp(l[k], r[k], n.schemaOf(k), [...path, fieldPE(k)], c);
    }
  } else if (n.t === "list") {
    const li = indexItems(n, lhs);
    const ri = indexItems(n, rhs);
    const all = [...li.order];
    for (const pe of ri.order) if (!li.byKey.has(serializePathElement(pe))) all.push(pe);
    for (const pe of all) {
      const k = serializePathElement(pe);
      const ll = li.byKey.get(k) ?? [];
      const rl = ri.byKey.get(k) ?? [];
      const p = [...path, pe];
      if (ll.length <= 1 && rl.length <= 1) cmp(ll[0], rl[0], n.items, p, c);
      else if (ll.length >= 2 && rl.length >= 2) {
        if (!deepEqual(ll, rl)) c.modified.insert(p);
      } else if (ll.length >= 2) {
        if (rl.length) cmp(undefined, rl[0], n.items, p, c);
        c.removed.insert(p);
      } else {
        if (ll.length) cmp(ll[0], undefined, n.items, p, c);
        c.added.insert(p);
      }
    }
  }
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}

/**
 * TypedValue.Merge: `rhs` (an applied configuration) merged into `lhs` (the live object). Leaves and
 * atomic values come from rhs when present; maps merge by key; associative lists merge by key, keeping
 * the relative order of both sides. Returns undefined when both sides are absent.
 */
export function mergeTyped(lhs: unknown, rhs: unknown, schema: Schema | undefined): unknown {
  return mrg(lhs, rhs, schema);
}

function mrg(lhs: unknown, rhs: unknown, schema: Schema | undefined): unknown {
  if (lhs === undefined && rhs === undefined) return undefined;
  const n = nodeFor(schema, rhs !== undefined ? rhs : lhs);
  if (isLeaf(n, lhs, rhs)) return structuredClone(rhs !== undefined ? rhs : lhs);
  if (n.t === "map") {
    const l = isPlainObject(lhs) ? lhs : undefined;
    const r = isPlainObject(rhs) ? rhs : undefined;
    const out: Record<string, unknown> = {};
    const keys = [...Object.keys(l ?? {})];
    for (const k of Object.keys(r ?? {})) if (!l || !Object.hasOwn(l, k)) keys.push(k);
    for (const k of keys) {
      const v = mrg(l?.[k], r?.[k], n.schemaOf(k));
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (n.t !== "list") return structuredClone(rhs !== undefined ? rhs : lhs);
  const li = indexItems(n, lhs);
  const ri = indexItems(n, rhs);
  const key = serializePathElement;
  const out: unknown[] = [];
  const shared = ri.order.filter((pe) => li.byKey.has(key(pe)));
  let nextShared = shared.shift();
  const merged = new Set<string>();
  let lI = 0;
  let rI = 0;
  const lLen = li.order.length;
  const rLen = ri.order.length;
  const push = (v: unknown) => {
    if (v !== undefined) out.push(v);
  };
  while (lI < lLen || rI < rLen) {
    if (lI < lLen && rI < rLen) {
      const pe = li.order[lI];
      if (key(pe) === key(ri.order[rI])) {
        merged.add(key(pe));
        push(mrg(li.byKey.get(key(pe))?.[0], ri.byKey.get(key(pe))?.[0], n.items));
        lI++;
        rI++;
        nextShared = shared.shift();
        continue;
      }
      if (ri.byKey.has(key(pe)) && nextShared && key(nextShared) !== key(pe)) {
        lI++;
        continue;
      }
    }
    if (lI < lLen) {
      const pe = li.order[lI];
      if (!ri.byKey.has(key(pe))) {
        push(mrg(li.byKey.get(key(pe))?.[0], undefined, n.items));
        lI++;
        continue;
      }
      if (merged.has(key(pe))) {
        lI++;
        continue;
      }
    }
    if (rI < rLen) {
      const pe = ri.order[rI];
      merged.add(key(pe));
      push(mrg(li.byKey.get(key(pe))?.[0], ri.byKey.get(key(pe))?.[0], n.items));
      rI++;
      if (nextShared && key(nextShared) === key(pe)) nextShared = shared.shift();
    } else if (lI < lLen) {
      lI++; // cannot happen; guards against looping forever
    }
  }
  return out.length ? out : undefined;
}

/**
 * TypedValue.RemoveItems: drops the given fields and list items. As in Go, a map or list emptied by the
 * removal becomes null (callers normalise nulls away at the end).
 */
export function removeItems(value: unknown, toRemove: FieldSet, schema: Schema | undefined): unknown {
  if (toRemove.isEmpty()) return value;
  return rm(value, toRemove, schema);
}

function rm(v: unknown, set: FieldSet, schema: Schema | undefined): unknown {
  const n = nodeFor(schema, v);
  if (n.t === "scalar") return v;
  if (n.t === "list") {
    if (!Array.isArray(v) || v.length === 0 || n.atomic) return null;
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const pe = itemPE(n, item, i);
      if (set.has([pe])) return;
      const sub = set.withPrefix(pe);
      out.push(sub.isEmpty() ? item : rm(item, sub, n.items));
    });
    return out.length ? out : null;
  }
  if (!isPlainObject(v) || n.atomic) return null;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    const pe = fieldPE(k);
    if (set.has([pe])) continue;
    const sub = set.withPrefix(pe);
    out[k] = sub.isEmpty() ? val : rm(val, sub, n.schemaOf(k));
    any = true;
  }
  return any ? out : null;
}

// ---- validation of applied configurations (typed.AsTyped) ---------------------------------------------

export interface TypedError {
  path: string;
  message: string;
}

/** ValidationErrors.Error(): one error bare, several as an indented list. */
export function typedErrorsString(errs: readonly TypedError[]): string {
  const one = (e: TypedError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0]);
  return ["errors:", ...errs.map((e) => `  ${one(e)}`)].join("\n");
}

function goValueRepr(v: unknown): string {
  return `&{${typeof v === "string" ? v : JSON.stringify(v)}}`;
}

/**
 * Checks that a value conforms to its schema the way structured-merge-diff does when it converts an object
 * to a typed value: scalar kinds, list keys, duplicate keys/values; with `strict`, also fields that the
 * schema does not declare.
 */
export function validateTyped(
  value: unknown,
  schema: Schema | undefined,
  opts: { strict?: boolean } = {},
): TypedError[] {
  const errs: TypedError[] = [];
  vt(value, schema, [], errs, opts.strict ?? false);
  return errs;
}

function vt(v: unknown, schema: Schema | undefined, path: PathElement[], errs: TypedError[], strict: boolean): void {
  const at = (message: string) => errs.push({ path: pathString(path), message });
  if (v === null || v === undefined) return;
  const r = schema ? resolve(schema) : undefined;
  if (!r || r.kind === "any") {
    if (isPlainObject(v))
      for (const [k, val] of Object.entries(v)) vt(val, undefined, [...path, fieldPE(k)], errs, false);
    return;
  }
  switch (r.kind) {
    case "string":
    case "time":
      if (typeof v !== "string") at(`expected string, got ${goValueRepr(v)}`);
      return;
    case "integer":
    case "number":
      if (typeof v !== "number")
        at(
          `expected numeric (int or float), got ${Array.isArray(v) ? "[]interface {}" : isPlainObject(v) ? "map[string]interface {}" : typeof v === "boolean" ? "bool" : "string"}`,
        );
      return;
    case "boolean":
      if (typeof v !== "boolean") at(`expected boolean, got ${goValueRepr(v)}`);
      return;
    case "int-or-string":
    case "quantity":
      if (isPlainObject(v) || Array.isArray(v)) at(`expected any scalar, got ${goValueRepr(v)}`);
      return;
    case "object":
    case "map": {
      if (!isPlainObject(v)) {
        at(`expected map, got ${goValueRepr(v)}`);
        return;
      }
      for (const [k, val] of Object.entries(v)) {
        if (val === undefined) continue;
        const p = [...path, fieldPE(k)];
        if (r.kind === "object" && !Object.hasOwn(r.properties, k)) {
          if (strict) errs.push({ path: pathString(p), message: "field not declared in schema" });
          else vt(val, undefined, p, errs, false);
          continue;
        }
        vt(val, r.kind === "object" ? r.properties[k] : r.values, p, errs, strict);
      }
      return;
    }
    case "array": {
      if (!Array.isArray(v)) {
        at(`expected list, got ${goValueRepr(v)}`);
        return;
      }
      const lt = r.listType ?? "atomic";
      const elem = resolve(r.items);
      if (lt === "atomic") {
        v.forEach((item, i) => {
          vt(item, r.items, [...path, indexPE(i)], errs, strict);
        });
        return;
      }
      const seen = new Set<string>();
      v.forEach((item, i) => {
        let pe: PathElement;
        try {
          pe = listItemPathElement(
            lt === "map" ? (r.listMapKeys ?? []) : undefined,
            elem.kind === "object" ? elem : undefined,
            item,
          );
        } catch (e) {
          at(`element ${i}: ${(e as Error).message}`);
          return;
        }
        const k = serializePathElement(pe);
        if (seen.has(k)) {
          at(`duplicate entries for key ${pathElementString(pe)}`);
          return;
        }
        seen.add(k);
        vt(item, r.items, [...path, pe], errs, strict);
      });
      return;
    }
  }
}
