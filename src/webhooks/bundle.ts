/**
 * A manifest bundle (what `kubectl apply -f bundle.yaml` reads) → the objects in it: multi-document YAML or
 * JSON, `kind: List` (and any `*List` with items) flattened, empty documents skipped. Junk is refused up front
 * with the document's index and line, so a CI log points at the offending part of the bundle.
 */
import { parseAllDocuments } from "yaml";
import { isPlainObject, type KObject } from "../kube/object";

/** kube-apiserver's own request limit; a bundle is many requests, but one webhook should not be unbounded. */
export const MAX_BUNDLE_BYTES = 3 * 1024 * 1024;
export const MAX_BUNDLE_OBJECTS = 500;

export interface BundleLimits {
  maxBytes?: number;
  maxObjects?: number;
}

export class BundleError extends Error {
  constructor(
    message: string,
    /** 0-based index of the document (among `---`-separated documents) at fault, when one is. */
    readonly index?: number,
  ) {
    super(message);
    this.name = "BundleError";
  }
}

export function parseBundle(text: string, limits: BundleLimits = {}): KObject[] {
  const maxBytes = limits.maxBytes ?? MAX_BUNDLE_BYTES;
  const size = new TextEncoder().encode(text).length;
  if (size > maxBytes) throw new BundleError(`the bundle is ${size} bytes; at most ${maxBytes} are accepted`);
  return objectsOf(documentsOf(text), limits.maxObjects ?? MAX_BUNDLE_OBJECTS);
}

/** Objects already decoded from JSON (a payload's `manifests` given as an array or a single object/List). */
export function bundleFromValues(values: readonly unknown[], limits: BundleLimits = {}): KObject[] {
  const maxBytes = limits.maxBytes ?? MAX_BUNDLE_BYTES;
  const size = new TextEncoder().encode(JSON.stringify(values)).length;
  if (size > maxBytes) throw new BundleError(`the bundle is ${size} bytes; at most ${maxBytes} are accepted`);
  return objectsOf(
    values.map((value, index) => ({ index, value })),
    limits.maxObjects ?? MAX_BUNDLE_OBJECTS,
  );
}

interface Doc {
  index: number;
  line?: number;
  value: unknown;
}

function documentsOf(text: string): Doc[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  // A single JSON document is read exactly as JSON (no YAML re-interpretation of its scalars).
  if (trimmed.startsWith("{")) {
    try {
      return [{ index: 0, line: 1, value: JSON.parse(trimmed) }];
    } catch {
      // Not one JSON value (a JSON stream, or YAML in flow style): the YAML reader below says what is wrong.
    }
  }
  const docs = parseAllDocuments(text, { uniqueKeys: true, merge: true });
  if (!Array.isArray(docs)) return [];
  const lineOf = lineCounter(text);
  return docs.map((d, index) => {
    const line = lineOf(d.range[0]);
    if (d.errors.length > 0) {
      throw new BundleError(`${where(index, line)}: yaml: ${d.errors[0].message.split("\n")[0]}`, index);
    }
    try {
      return { index, line, value: d.toJS({ maxAliasCount: 100 }) };
    } catch (e) {
      throw new BundleError(`${where(index, line)}: yaml: ${(e as Error).message.split("\n")[0]}`, index);
    }
  });
}

function objectsOf(docs: Doc[], maxObjects: number): KObject[] {
  const out: KObject[] = [];
  const add = (value: unknown, label: string, index: number) => {
    if (value === null || value === undefined) return; // an empty document, or a `---` with only comments
    if (!isPlainObject(value)) {
      throw new BundleError(
        `${label}: expected a Kubernetes object (a mapping with apiVersion and kind), found ${describe(value)}`,
        index,
      );
    }
    if (isListType(value)) {
      (value.items as unknown[]).forEach((item, i) => {
        add(item, `${label}, item ${i}`, index);
      });
      return;
    }
    const missing: string[] = [];
    if (typeof value.apiVersion !== "string" || value.apiVersion === "") missing.push("apiVersion not set");
    if (typeof value.kind !== "string" || value.kind === "") missing.push("kind not set");
    if (value.metadata !== undefined && !isPlainObject(value.metadata)) missing.push("metadata must be a mapping");
    else {
      const name = (value.metadata as Record<string, unknown> | undefined)?.name;
      if (typeof name !== "string" || name === "") missing.push("metadata.name not set");
    }
    if (missing.length > 0) throw new BundleError(`${label}: error validating data: [${missing.join(", ")}]`, index);
    if (out.length >= maxObjects) {
      throw new BundleError(`the bundle holds more than ${maxObjects} objects; split it into several deliveries`);
    }
    out.push(value as KObject);
  };
  for (const d of docs) add(d.value, where(d.index, d.line), d.index);
  return out;
}

/** meta.IsListType as kubectl uses it: `kind: List`, or any `...List` kind carrying an items array. */
function isListType(v: Record<string, unknown>): boolean {
  return typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items);
}

/** Documents are numbered from 1 for people, as editors number lines. */
function where(index: number, line: number | undefined): string {
  return line === undefined ? `document ${index + 1}` : `document ${index + 1} (line ${line})`;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a sequence";
  if (typeof v === "string") return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)})`;
  return `a ${typeof v}`;
}

/** 1-based line of a character offset, skipping the blank and comment lines a document starts with. */
function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    let line = lo;
    // A document's range starts at its first token; a leading `---` line is not where the junk is.
    while (line < starts.length - 1 && /^\s*(---\s*)?(#.*)?$/.test(lineText(text, starts, line))) line++;
    return line + 1;
  };
}

function lineText(text: string, starts: number[], line: number): string {
  const end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return text.slice(starts[line], end);
}
