/**
 * JSON patch (RFC 6902, `application/json-patch+json`) with the semantics of gopkg.in/evanphx/json-patch.v4,
 * which kube-apiserver uses for `kubectl patch --type json`.
 *
 * Library behaviours kept on purpose because a real server shows them:
 *  - every parent on the path must exist (`add` does not create intermediate objects);
 *  - `replace` of a missing object member adds it, `copy` from a missing member copies null;
 *  - negative array indexes count from the end for `add`/`remove` (`-1` on add appends);
 *  - `test` compares objects one-way (members of the document value must match; extra members in the test
 *    value are ignored) and treats a missing member like null.
 * Any failing operation is answered with 422 and the canned message of NewGenericServerResponse (the handler
 * drops the library's error text); a body that is not a patch document is a 400.
 */
import { badRequest, tooLarge } from "../errors";
import { deepClone, isPlainObject } from "../object";
import { type JsonMap, jsonKind, setOwn } from "./go-value";
import { rejectedPatch } from "./patch-errors";

/** maxJSONPatchOperations in the PATCH handler. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** An operation failure; its text follows the library's wrapped error messages. */
class OpError extends Error {}

type Container = JsonMap | unknown[];

/**
 * Applies `patch` (the decoded request body) to a copy of `original`. Operations apply in order and the
 * result is all-or-nothing: a failure throws and the input is never modified.
 */
export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  const ops = decodePatch(patch);
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw tooLarge(
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  const doc = deepClone(original);
  if (!isPlainObject(doc) && !Array.isArray(doc)) throw rejectedPatch(`cannot apply a JSON patch to ${jsonKind(doc)}`);
  try {
    for (const op of ops) applyOperation(doc, op);
  } catch (e) {
    if (e instanceof OpError) throw rejectedPatch(e.message);
    throw e;
  }
  return doc;
}

/** jsonpatch.DecodePatch: a JSON array of objects (`null` is an empty patch, a null element a no-kind op). */
function decodePatch(patch: unknown): (JsonMap | null)[] {
  if (patch === null || patch === undefined) return [];
  if (!Array.isArray(patch)) {
    throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of patch) {
    if (op !== null && !isPlainObject(op)) {
      throw badRequest(`json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  return patch as (JsonMap | null)[];
}

function stringField(op: JsonMap, name: string): string | undefined {
  const v = Object.hasOwn(op, name) ? op[name] : undefined;
  return typeof v === "string" ? v : undefined;
}

function applyOperation(doc: Container, raw: JsonMap | null): void {
  const op = raw ?? {};
  const kind = stringField(op, "op") ?? "unknown";
  const path = stringField(op, "path");
  const from = stringField(op, "from");
  // An absent "value" behaves like null, as the library's lazy node does.
  const value = Object.hasOwn(op, "value") ? op.value : null;
  switch (kind) {
    case "add":
      opAdd(doc, required(path, "add operation failed to decode path"), value);
      break;
    case "remove":
      opRemove(doc, required(path, "remove operation failed to decode path"));
      break;
    case "replace":
      opReplace(doc, required(path, "replace operation failed to decode path"), value);
      break;
    case "move":
      opMove(doc, required(from, "move operation failed to decode from"), path);
      break;
    case "copy":
      opCopy(doc, required(from, "copy operation failed to decode from"), path);
      break;
    case "test":
      opTest(doc, required(path, "test operation failed to decode path"), op);
      break;
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

function required(field: string | undefined, message: string): string {
  if (field === undefined) throw new OpError(`${message}: missing value`);
  return field;
}

// ---- JSON pointer ----------------------------------------------------------------------------------------

/** RFC 6901 unescaping in one pass (`~01` is `~1`, not `/`). */
const decodeToken = (t: string) => t.replace(/~[01]/g, (m) => (m === "~1" ? "/" : "~"));

/**
 * findObject: the container holding the last reference token. Like the library, the path is split on `/`
 * and its first segment is ignored, so `""` fails and `a/b` addresses `/b`.
 */
function findContainer(doc: Container, path: string): { container: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    const next = getChild(cur, decodeToken(part));
    if (!next.ok || (!isPlainObject(next.value) && !Array.isArray(next.value))) return undefined;
    cur = next.value;
  }
  return { container: cur, key: decodeToken(split[split.length - 1]) };
}

/** strconv.Atoi: optional sign, decimal digits, int64 range. */
function atoi(key: string): number | undefined {
  if (!/^[+-]?\d+$/.test(key)) return undefined;
  const n = Number(key);
  return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : undefined;
}

type Lookup = { ok: true; value: unknown } | { ok: false; error: string };

/** container.get: objects never fail (missing is null); arrays need an in-range index. */
function getChild(c: Container, key: string): Lookup {
  if (!Array.isArray(c)) return { ok: true, value: Object.hasOwn(c, key) ? c[key] : null };
  const idx = atoi(key);
  if (idx === undefined) return { ok: false, error: `strconv.Atoi: parsing "${key}": invalid syntax` };
  if (idx < 0 || idx >= c.length) {
    return { ok: false, error: `Unable to access invalid index: ${idx}: invalid index referenced` };
  }
  return { ok: true, value: c[idx] };
}

function addChild(c: Container, key: string, value: unknown, path: string): void {
  if (!Array.isArray(c)) {
    setOwn(c, key, value);
    return;
  }
  if (key === "-") {
    c.push(value);
    return;
  }
  let idx = atoi(key);
  if (idx === undefined) throw new OpError(`error in add for path: '${path}': value was not a proper array index`);
  const size = c.length + 1;
  if (idx >= size || idx < -size) {
    throw new OpError(`error in add for path: '${path}': Unable to access invalid index: ${idx}`);
  }
  if (idx < 0) idx += size;
  c.splice(idx, 0, value);
}

function removeChild(c: Container, key: string, path: string): void {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) {
      throw new OpError(`error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`);
    }
    delete c[key];
    return;
  }
  let idx = atoi(key);
  if (idx === undefined) throw new OpError(`error in remove for path: '${path}': invalid syntax`);
  if (idx >= c.length || idx < -c.length) {
    throw new OpError(`error in remove for path: '${path}': Unable to access invalid index: ${idx}`);
  }
  if (idx < 0) idx += c.length;
  c.splice(idx, 1);
}

function mustFind(doc: Container, path: string, what: string): { container: Container; key: string } {
  const found = findContainer(doc, path);
  if (!found) throw new OpError(`${what}: "${path}": missing value`);
  return found;
}

function mustGet(c: Container, key: string, context: string): unknown {
  const got = getChild(c, key);
  if (!got.ok) throw new OpError(`${context}: ${got.error}`);
  return got.value;
}

// ---- operations ------------------------------------------------------------------------------------------

function opAdd(doc: Container, path: string, value: unknown): void {
  const { container, key } = mustFind(doc, path, "add operation does not apply: doc is missing path");
  addChild(container, key, deepClone(value), path);
}

function opRemove(doc: Container, path: string): void {
  const { container, key } = mustFind(doc, path, "remove operation does not apply: doc is missing path");
  removeChild(container, key, path);
}

function opReplace(doc: Container, path: string, value: unknown): void {
  const { container, key } = mustFind(doc, path, "replace operation does not apply: doc is missing path");
  if (Array.isArray(container)) {
    mustGet(container, key, `replace operation does not apply: doc is missing key: ${path}`);
    container[atoi(key)!] = deepClone(value);
  } else {
    setOwn(container, key, deepClone(value));
  }
}

function opMove(doc: Container, from: string, path: string | undefined): void {
  const src = mustFind(doc, from, "move operation does not apply: doc is missing from path");
  const value = mustGet(src.container, src.key, `error in move for path: '${src.key}'`);
  removeChild(src.container, src.key, src.key);
  const dst = mustFind(
    doc,
    required(path, "move operation failed to decode path"),
    "move operation does not apply: doc is missing destination path",
  );
  addChild(dst.container, dst.key, value, path!);
}

function opCopy(doc: Container, from: string, path: string | undefined): void {
  const src = mustFind(doc, from, "copy operation does not apply: doc is missing from path");
  const value = mustGet(src.container, src.key, `error in copy for from: '${from}'`);
  const dst = mustFind(
    doc,
    required(path, "copy operation failed to decode path"),
    "copy operation does not apply: doc is missing destination path",
  );
  addChild(dst.container, dst.key, deepClone(value), path!);
}

function opTest(doc: Container, path: string, op: JsonMap): void {
  const { container, key } = mustFind(doc, path, "test operation does not apply: is missing path");
  const actual = mustGet(container, key, `error in test for path: '${path}'`);
  // Without a "value" member the library dereferences a nil node; fail the test instead of crashing.
  if (!Object.hasOwn(op, "value")) throw new OpError(`testing value ${path} failed: test failed`);
  const expected = op.value;
  const same = actual === null ? expected === null : expected !== null && lazyNodeEqual(actual, expected);
  if (!same) throw new OpError(`testing value ${path} failed: test failed`);
}

/** lazyNode.equal: one-way for objects, element-wise for arrays, compact JSON text for scalars. */
function lazyNodeEqual(actual: unknown, expected: unknown): boolean {
  if (isPlainObject(actual)) {
    if (!isPlainObject(expected)) return false;
    return Object.keys(actual).every((k) => {
      if (!Object.hasOwn(expected, k)) return false;
      const a = actual[k];
      const b = expected[k];
      if (a === null || b === null) return a === b;
      return lazyNodeEqual(a, b);
    });
  }
  if (Array.isArray(actual)) {
    if (!Array.isArray(expected) || actual.length !== expected.length) return false;
    return actual.every((a, i) => {
      const b = expected[i];
      if (a === null || b === null) return a === b;
      return lazyNodeEqual(a, b);
    });
  }
  if (isPlainObject(expected) || Array.isArray(expected)) return false;
  return JSON.stringify(actual) === JSON.stringify(expected);
}
