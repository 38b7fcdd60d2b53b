/**
 * JSON merge patch (RFC 7396, `application/merge-patch+json`) with the semantics of evanphx/json-patch
 * MergePatch, which the API server calls for `kubectl patch --type merge` and for custom resources.
 *
 * Objects merge recursively, `null` deletes a key, everything else (arrays included) replaces. Two library
 * details are kept: nulls are pruned from values that are added rather than merged, except when an object is
 * replaced by a non-object; and a top-level array patch replaces the whole document.
 */
import { badRequest } from "../errors";
import { deepClone, isPlainObject } from "../object";
import { type JsonMap, setOwn } from "./go-value";
import { unknownServerError } from "./patch-errors";

/** jsonpatch.ErrBadJSONPatch; the handler answers it with 400 BadRequest. */
export const INVALID_JSON_PATCH = "Invalid JSON Patch";

/** Applies `patch` to a copy of `original`; neither input is modified. */
export function applyMergePatch(original: unknown, patch: unknown): unknown {
  // A `null` patch decodes to a nil map and a scalar does not decode at all: both are ErrBadJSONPatch.
  if (patch === null || patch === undefined) throw badRequest(INVALID_JSON_PATCH);
  if (Array.isArray(patch)) return pruneNulls(deepClone(patch));
  if (!isPlainObject(patch)) throw badRequest(INVALID_JSON_PATCH);

  // ErrBadJSONDoc is not translated by the handler, so it surfaces as a plain 500.
  if (original === null || original === undefined) throw unknownServerError("Invalid JSON Document");
  // A document that is not an object is replaced by the (pruned) patch.
  if (!isPlainObject(original)) return pruneNulls(deepClone(patch));

  const doc = deepClone(original);
  mergeDocs(doc, deepClone(patch));
  return doc;
}

function mergeDocs(doc: JsonMap, patch: JsonMap): void {
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) {
      delete doc[key];
      continue;
    }
    const current = Object.hasOwn(doc, key) ? doc[key] : null;
    if (current === null) setOwn(doc, key, pruneNulls(value));
    else setOwn(doc, key, merge(current, value));
  }
}

function merge(current: unknown, patch: unknown): unknown {
  if (!isPlainObject(current)) return pruneNulls(patch);
  // evanphx returns a non-object patch value as-is here, nested nulls included.
  if (!isPlainObject(patch)) return patch;
  mergeDocs(current, patch);
  return current;
}

/** Removes null members of objects at any depth; null array elements stay (pruneAryNulls keeps them). */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null) pruneNulls(item);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (value[key] === null) delete value[key];
      else pruneNulls(value[key]);
    }
  }
  return value;
}
