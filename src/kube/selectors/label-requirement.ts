/**
 * labels.Requirement: one term of a label selector, its validation (NewRequirement), matching and String().
 * Validation messages are rendered exactly as Go prints the aggregated field.ErrorList.
 */
import { isQualifiedName, isValidLabelValue } from "../validation/names";
import { compareGoStrings, goJSONStrings, goQuote } from "./go-format";

/** selection.Operator values, spelled as Kubernetes spells them. */
export type Operator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** As given; in/notin values from the parser are a sorted, de-duplicated set. */
  readonly values: readonly string[];
}

export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabelSelectorError";
  }
}

const BINARY_OPERATORS: readonly Operator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const ALL_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, "exists", "!"];

/** field.Path rendering: a nil root prints as "<nil>" in messages, children of nil start fresh. */
const child = (path: string | null, name: string) => (path === null ? name : `${path}.${name}`);

/** A field.Error string as Go prints it: `path: Invalid value: <value>: detail`. */
const invalidMsg = (path: string | null, rendered: string, detail: string) =>
  `${path ?? "<nil>"}: Invalid value: ${rendered}: ${detail}`;

/** utilerrors aggregate: one message alone, several de-duplicated inside brackets. */
function aggregate(msgs: string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(", ")}]`;
}

/** strconv.ParseInt(s, 10, 64). */
export function parseInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : null;
}

/** validateLabelKey: the key's IsQualifiedName messages joined with "; ", as one Invalid error. */
export function labelKeyError(key: string, path: string | null): string | null {
  const errs = isQualifiedName(key);
  return errs.length ? invalidMsg(path, goQuote(key), errs.join("; ")) : null;
}

/**
 * labels.NewRequirement: validates and builds a requirement. `values` null stands for a Go nil slice (it
 * prints as `null` in the "values set can't be empty" message). Throws the aggregated error text.
 */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[] | null,
  path: string | null = null,
): Requirement {
  const vals = values ?? [];
  const errs: string[] = [];
  const keyErr = labelKeyError(key, child(path, "key"));
  if (keyErr) errs.push(keyErr);
  const valuesPath = child(path, "values");
  const rendered = goJSONStrings(values);
  switch (operator) {
    case "in":
    case "notin":
      if (vals.length === 0) {
        errs.push(invalidMsg(valuesPath, rendered, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1)
        errs.push(invalidMsg(valuesPath, rendered, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (vals.length !== 0) {
        errs.push(invalidMsg(valuesPath, rendered, "values set must be empty for exists and does not exist"));
      }
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1) {
        errs.push(invalidMsg(valuesPath, rendered, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      vals.forEach((v, i) => {
        if (parseInt64(v) === null) {
          errs.push(
            invalidMsg(`${valuesPath}[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
    default: {
      const supported = ALL_OPERATORS.map((o) => JSON.stringify(o)).join(", ");
      errs.push(`${child(path, "operator")}: Unsupported value: ${goQuote(operator)}: supported values: ${supported}`);
    }
  }
  vals.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(invalidMsg(`${valuesPath}[${i}][${key}]`, goQuote(v), msgs.join("; ")));
  });
  if (errs.length) throw new LabelSelectorError(aggregate(errs));
  return { key, operator, values: [...vals] };
}

const has = (labels: Record<string, string> | undefined, key: string): labels is Record<string, string> =>
  labels !== undefined && Object.hasOwn(labels, key);

export function requirementMatches(r: Requirement, labels: Record<string, string> | undefined): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has(labels, r.key) && r.values.includes(labels[r.key]);
    case "notin":
    case "!=":
      return !has(labels, r.key) || !r.values.includes(labels[r.key]);
    case "exists":
      return has(labels, r.key);
    case "!":
      return !has(labels, r.key);
    case "gt":
    case "lt": {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const actual = parseInt64(labels[r.key]);
      const bound = parseInt64(r.values[0]);
      if (actual === null || bound === null) return false;
      return r.operator === "gt" ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

const OPERATOR_TEXT: Record<Operator, string> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in ",
  notin: " notin ",
  gt: ">",
  lt: "<",
  exists: "",
  "!": "",
};

/** Requirement.String(): values sorted on output (without reordering the requirement itself). */
export function requirementToString(r: Requirement): string {
  const prefix = r.operator === "!" ? "!" : "";
  if (r.operator === "exists" || r.operator === "!") return `${prefix}${r.key}`;
  const vals = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareGoStrings).join(",");
  const set = r.operator === "in" || r.operator === "notin";
  return `${r.key}${OPERATOR_TEXT[r.operator]}${set ? `(${vals})` : vals}`;
}
