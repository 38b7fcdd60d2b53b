/**
 * `kubectl get` columns of custom resources (apiextensions-apiserver pkg/registry/customresource/tableconvertor):
 * a Name column, then one column per additionalPrinterColumns entry whose cell is the first result of its
 * JSONPath (client-go util/jsonpath with missing keys allowed) converted by the column type:
 *
 * - string: the value as jsonpath prints it (strings bare, numbers/bools with fmt, maps and lists as JSON);
 * - integer / number / boolean: the JSON value when it has that type (floats truncate to integers), else none;
 * - date: an RFC 3339 string as a HumanDuration age (`5m`, `<invalid>` when malformed, `<unknown>` when empty).
 *
 * A version without additionalPrinterColumns gets kube's default: one `Age` column (type date) on
 * .metadata.creationTimestamp. There is no automatic Age column otherwise.
 */
import { parseGoTime } from "../decode";
import { isPlainObject, type KObject } from "../object";
import { CREATION_TIMESTAMP_DESCRIPTION, nameColumn } from "../printers/common";
import { humanDuration } from "../printers/duration";
import type { TableColumn } from "../registry/kind";
import { goFloat, goJSON } from "./validate";

/** apiextensions/v1 CustomResourceColumnDefinition. */
export interface CustomResourceColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

// ---- JSONPath (k8s.io/client-go/util/jsonpath) -----------------------------------------------------------------

type Literal = { kind: "literal"; value: string | number | boolean };
type Operand = Literal | { kind: "path"; nodes: PathNode[] };

type PathNode =
  | { kind: "field"; name: string }
  | { kind: "wildcard" }
  | { kind: "recursive" }
  | { kind: "fields"; names: string[] }
  | { kind: "index"; indices: ArraySelector[] }
  | { kind: "filter"; left: Operand; op: string; right?: Operand };

interface ArraySelector {
  start?: number;
  end?: number;
  step?: number;
  /** A single index (`[2]`), not a slice (`[2:3]`). */
  single: boolean;
}

export class JSONPathError extends Error {}

const TERMINATORS = new Set([" ", "\t", "\r", "\n", ".", ",", "[", "]", "$", "@", "{", "}", "(", ")"]);

/** A compiled JSONPath expression such as `.status.conditions[?(@.type=="Ready")].status`. */
export class JSONPath {
  readonly nodes: PathNode[];

  constructor(readonly expression: string) {
    let text = expression.trim();
    if (text.startsWith("{") && text.endsWith("}")) text = text.slice(1, -1);
    this.nodes = parsePath(text);
  }

  /** All results, in order (client-go FindResults flattened); missing keys yield no result. */
  find(data: unknown): unknown[] {
    try {
      return evalPath(this.nodes, [data], data);
    } catch (e) {
      if (e instanceof JSONPathError) return [];
      throw e;
    }
  }
}

function parsePath(text: string): PathNode[] {
  const nodes: PathNode[] = [];
  let i = 0;
  if (text[0] === "$") i = 1;
  else if (text[0] === "@") i = 1;
  const readField = (): string => {
    let name = "";
    while (i < text.length && !TERMINATORS.has(text[i])) {
      if (text[i] === "\\" && i + 1 < text.length) {
        name += text[i + 1];
        i += 2;
        continue;
      }
      name += text[i++];
    }
    return name;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === ".") {
      if (text[i + 1] === ".") {
        nodes.push({ kind: "recursive" });
        i += 2;
        if (text[i] === "[") continue;
      } else {
        i++;
      }
      const name = readField();
      if (name === "*") nodes.push({ kind: "wildcard" });
      else if (name !== "") nodes.push({ kind: "field", name });
      continue;
    }
    if (c === "[") {
      const close = findClose(text, i);
      const inner = text.slice(i + 1, close);
      nodes.push(parseBracket(inner));
      i = close + 1;
      continue;
    }
    if (c === "*") {
      nodes.push({ kind: "wildcard" });
      i++;
      continue;
    }
    // A bare field name (e.g. the right-hand side of `..`).
    const name = readField();
    if (name === "") throw new JSONPathError(`unrecognized character in action: ${c}`);
    nodes.push({ kind: "field", name });
  }
  return nodes;
}

/** Index of the `]` closing the `[` at `open`, skipping quoted text and nested brackets/parentheses. */
function findClose(text: string, open: number): number {
  let depth = 0;
  let quote = "";
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0 && c === "]") return i;
    }
  }
  throw new JSONPathError("unterminated array");
}

function parseBracket(inner: string): PathNode {
  const t = inner.trim();
  if (t.startsWith("?")) {
    const body = t.slice(1).trim();
    if (!body.startsWith("(") || !body.endsWith(")")) throw new JSONPathError(`unrecognized filter: ${t}`);
    return parseFilter(body.slice(1, -1).trim());
  }
  if (t === "*") return { kind: "wildcard" };
  if (t.startsWith("'") || t.startsWith('"')) {
    return { kind: "fields", names: splitUnion(t).map((p) => unquote(p.trim())) };
  }
  const indices = splitUnion(t).map((part) => parseSelector(part.trim()));
  return { kind: "index", indices };
}

function splitUnion(t: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote = "";
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quote) {
      cur += c;
      if (c === "\\" && i + 1 < t.length) cur += t[++i];
      else if (c === quote) quote = "";
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (c === ",") {
      parts.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function unquote(s: string): string {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q) throw new JSONPathError(`unterminated quoted string ${s}`);
  return s.slice(1, -1).replace(/\\(.)/g, "$1");
}

function parseSelector(part: string): ArraySelector {
  const int = (s: string): number | undefined => {
    const t = s.trim();
    if (t === "") return undefined;
    if (!/^-?\d+$/.test(t)) throw new JSONPathError(`unrecognized character in array index: ${part}`);
    return Number(t);
  };
  if (!part.includes(":")) {
    const n = int(part);
    if (n === undefined) throw new JSONPathError("empty array index");
    return { start: n, end: n + 1, single: true };
  }
  const [a, b, c] = part.split(":");
  return {
    start: int(a),
    end: b === undefined ? undefined : int(b),
    step: c === undefined ? undefined : int(c),
    single: false,
  };
}

const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

function parseFilter(expr: string): PathNode {
  const m = FILTER.exec(expr);
  if (!m) return { kind: "filter", left: parseOperand(expr), op: "exists" };
  const op = m[2].trim();
  if (!["==", "!=", "<", ">", "<=", ">="].includes(op)) throw new JSONPathError(`unrecognized filter operator ${op}`);
  return { kind: "filter", left: parseOperand(m[1].trim()), op, right: parseOperand(m[3].trim()) };
}

function parseOperand(text: string): Operand {
  if (text.startsWith("@") || text.startsWith("$") || text.startsWith("."))
    return { kind: "path", nodes: parsePath(text) };
  if (text.startsWith("'") || text.startsWith('"')) return { kind: "literal", value: unquote(text) };
  if (text === "true" || text === "false") return { kind: "literal", value: text === "true" };
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return { kind: "literal", value: Number(text) };
  return { kind: "path", nodes: parsePath(text) };
}

function evalPath(nodes: PathNode[], input: unknown[], root: unknown): unknown[] {
  let cur = input;
  for (const node of nodes) cur = evalNode(node, cur, root);
  return cur;
}

function descendants(v: unknown, out: unknown[]): void {
  out.push(v);
  if (Array.isArray(v)) for (const x of v) descendants(x, out);
  else if (isPlainObject(v)) for (const k of Object.keys(v).sort()) descendants(v[k], out);
}

function evalNode(node: PathNode, input: unknown[], root: unknown): unknown[] {
  const out: unknown[] = [];
  switch (node.kind) {
    case "field":
      for (const v of input) if (isPlainObject(v) && Object.hasOwn(v, node.name)) out.push(v[node.name]);
      return out;
    case "fields":
      for (const v of input) {
        for (const name of node.names) if (isPlainObject(v) && Object.hasOwn(v, name)) out.push(v[name]);
      }
      return out;
    case "wildcard":
      for (const v of input) {
        if (Array.isArray(v)) out.push(...v);
        else if (isPlainObject(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
      }
      return out;
    case "recursive":
      for (const v of input) descendants(v, out);
      return out;
    case "index":
      for (const v of input) {
        if (v === null || v === undefined) continue;
        if (!Array.isArray(v)) throw new JSONPathError("is not array or slice");
        for (const sel of node.indices) out.push(...selectArray(v, sel));
      }
      return out;
    case "filter":
      for (const v of input) {
        if (v === null || v === undefined) continue;
        if (!Array.isArray(v)) throw new JSONPathError("is not array or slice and cannot be filtered");
        for (const el of v) if (filterMatches(node, el, root)) out.push(el);
      }
      return out;
  }
}

/** evalArray: one index or slice of a list (out-of-bounds indices are an error, like client-go). */
function selectArray(list: unknown[], sel: ArraySelector): unknown[] {
  const len = list.length;
  let start = sel.start ?? 0;
  if (start < 0) start += len;
  let end = sel.end ?? len;
  // A single index `[n]` is the slice [n:n+1] with a derived end.
  if (end < 0 || (end === 0 && sel.single)) end += len;
  if (end === start) return [];
  if (start >= len || start < 0) throw new JSONPathError(`array index out of bounds: index ${start}, length ${len}`);
  if (end > len || end < 0) throw new JSONPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
  if (start > end) throw new JSONPathError(`starting index ${start} is greater than ending index ${end}`);
  let step = 1;
  if (sel.step !== undefined) {
    if (sel.step <= 0) throw new JSONPathError("step must be > 0");
    step = sel.step;
  }
  const out: unknown[] = [];
  for (let i = start; i < end; i += step) out.push(list[i]);
  return out;
}

function operandValues(op: Operand, el: unknown, root: unknown): unknown[] {
  if (op.kind === "literal") return [op.value];
  return evalPath(op.nodes, [el], root);
}

function filterMatches(node: Extract<PathNode, { kind: "filter" }>, el: unknown, root: unknown): boolean {
  const lefts = operandValues(node.left, el, root);
  if (node.op === "exists") return lefts.length > 0;
  if (lefts.length === 0) return false;
  if (lefts.length > 1) throw new JSONPathError("can only compare one element at a time");
  const rights = operandValues(node.right!, el, root);
  if (rights.length === 0) return false;
  const a = lefts[0];
  const b = rights[0];
  const comparable =
    (typeof a === "number" && typeof b === "number") ||
    (typeof a === "string" && typeof b === "string") ||
    (typeof a === "boolean" && typeof b === "boolean");
  if (!comparable) {
    // text/template's comparison functions reject values of different kinds.
    throw new JSONPathError("incompatible types for comparison");
  }
  switch (node.op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      if (typeof a === "boolean") throw new JSONPathError("invalid type for comparison");
      return (a as number | string) < (b as number | string);
    case ">":
      if (typeof a === "boolean") throw new JSONPathError("invalid type for comparison");
      return (a as number | string) > (b as number | string);
    case "<=":
      if (typeof a === "boolean") throw new JSONPathError("invalid type for comparison");
      return (a as number | string) <= (b as number | string);
    case ">=":
      if (typeof a === "boolean") throw new JSONPathError("invalid type for comparison");
      return (a as number | string) >= (b as number | string);
    default:
      return false;
  }
}

/** The first result of a JSONPath over an object, or undefined when there is none. */
export function evaluateJSONPath(expression: string, data: unknown): unknown {
  const results = new JSONPath(expression).find(data);
  return results.length > 0 ? results[0] : undefined;
}

// ---- cells ---------------------------------------------------------------------------------------------

/** What jsonpath's PrintResults writes for one value (text/template printing for scalars, JSON otherwise). */
export function jsonPathText(v: unknown): string {
  if (v === null || v === undefined) return "<no value>";
  if (Array.isArray(v) || isPlainObject(v)) return goJSON(v);
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : goFloat(v);
  return String(v);
}

/** cellForJSONValue for the non-string column types. */
export function cellForJSONValue(type: string, value: unknown, now: number): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "integer":
      return typeof value === "number" ? Math.trunc(value) : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "string":
      return typeof value === "string" ? value : null;
    case "date": {
      if (typeof value !== "string") return null;
      // metav1.Time.UnmarshalQueryParameter: "" and "null" are the zero time.
      if (value === "" || value === "null") return "<unknown>";
      const t = parseGoTime(value, "RFC3339");
      if (!t.ok) return "<invalid>";
      if (t.isZero) return "<unknown>";
      return humanDuration(now - (t.epochSeconds * 1000 + Math.floor(t.nanos / 1e6)));
    }
    default:
      return null;
  }
}

/** serveDefaultColumnsIfEmpty: the Age column kube serves when a version declares no printer columns. */
export const DEFAULT_PRINTER_COLUMNS: readonly CustomResourceColumnDefinition[] = [
  {
    name: "Age",
    type: "date",
    description: CREATION_TIMESTAMP_DESCRIPTION,
    jsonPath: ".metadata.creationTimestamp",
  },
];

/**
 * tableconvertor.New: the Name column plus one per printer column (kube's default Age column when there are
 * none). Like kube, a column whose JSONPath does not parse ends the list (the columns before it are served).
 */
export function printerColumns(columns: readonly CustomResourceColumnDefinition[] | undefined): TableColumn[] {
  const defs = columns && columns.length > 0 ? columns : DEFAULT_PRINTER_COLUMNS;
  const out: TableColumn[] = [nameColumn];
  for (const col of defs) {
    let path: JSONPath;
    try {
      path = new JSONPath(col.jsonPath);
    } catch (e) {
      if (e instanceof JSONPathError) break;
      throw e;
    }
    const type = col.type;
    out.push({
      name: col.name,
      type: type as TableColumn["type"],
      format: (col.format ?? "") as TableColumn["format"],
      description: col.description
        ? col.description
        : `Custom resource definition column (in JSONPath format): ${col.jsonPath}`,
      priority: (col.priority ?? 0) as TableColumn["priority"],
      cell: (obj: KObject, now: number) => {
        const results = path.find(obj);
        if (results.length === 0) return null;
        const value = results[0];
        if (type === "string") return jsonPathText(value);
        return cellForJSONValue(type, value, now);
      },
    });
  }
  return out;
}
