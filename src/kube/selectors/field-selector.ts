/**
 * Field selectors, as k8s.io/apimachinery/pkg/fields.ParseSelector: comma-separated `field=value`,
 * `field==value` or `field!=value` terms, ANDed. Values may escape `\`, `,` and `=` with a backslash; fields
 * cannot escape anything and are not trimmed ("a = b" selects field "a " for value " b", which the caller
 * then rejects as an unsupported field, as the apiserver does).
 *
 * Which fields exist is per resource: the caller validates them (see fieldSelectorFields) and supplies the
 * field values to matchesFields.
 */
import { compareGoStrings } from "./go-format";

export interface FieldRequirement {
  readonly field: string;
  /** `==` parses to `=`: Kubernetes keeps no distinction between them. */
  readonly op: "=" | "!=";
  /** Unescaped. */
  readonly value: string;
}

export class FieldSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldSelectorError";
  }
}

/** fields.EscapeValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue: unknown escapes and bare `,`/`=` are errors with Kubernetes' wording. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== "\\" && c !== "," && c !== "=") {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === "\\") {
      inSlash = true;
    } else if (c === "," || c === "=") {
      // Go formats the rune with %v, i.e. as its code point number ('=' → 61).
      throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new FieldSelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** splitTerms: split on commas not preceded by a backslash; escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/** splitTerm: the first operator occurrence splits; at one position "!=" beats "==" beats "=". */
function splitTerm(term: string): { lhs: string; op: string; rhs: string } | null {
  for (let i = 0; i < term.length; i++) {
    for (const op of ["!=", "==", "="]) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return null;
}

/**
 * fields.ParseSelector. Terms come back sorted by their raw text (Kubernetes sorts them before parsing, so
 * the first invalid term reported is the first in that order). A term with both field and value empty
 * ("=" or "!=") selects everything and is dropped.
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const parts = splitTerms(selector).sort(compareGoStrings);
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const t = splitTerm(part);
    if (!t) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const value = unescapeFieldValue(t.rhs);
    if (t.lhs === "" && value === "") continue;
    reqs.push({ field: t.lhs, op: t.op === "!=" ? "!=" : "=", value });
  }
  return reqs;
}

/** The distinct fields a selector mentions, in order, for the caller's supported-field check. */
export function fieldSelectorFields(reqs: readonly FieldRequirement[]): string[] {
  return [...new Set(reqs.map((r) => r.field))];
}

/** Selector.Matches: a field the object lacks reads as "" (fields.Set.Get). Empty selectors match all. */
export function matchesFields(reqs: readonly FieldRequirement[], get: (field: string) => string | undefined): boolean {
  return reqs.every((r) => ((get(r.field) ?? "") === r.value) === (r.op === "="));
}

/** Selector.String(), with values escaped again. */
export function fieldSelectorToString(reqs: readonly FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.op}${escapeFieldValue(r.value)}`).join(",");
}

/** Selector.RequiresExactMatch: the value an `=` term pins the field to, if any. */
export function fieldRequiresExactMatch(reqs: readonly FieldRequirement[], field: string): string | undefined {
  return reqs.find((r) => r.field === field && r.op === "=")?.value;
}

/**
 * fields.ParseAndTransformSelector: maps each term's field and value (e.g. legacy field names to current
 * ones); a term mapped to an empty field and value is dropped. Errors thrown by fn propagate.
 */
export function transformFieldSelector(
  reqs: readonly FieldRequirement[],
  fn: (field: string, value: string) => { field: string; value: string },
): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const r of reqs) {
    const t = fn(r.field, r.value);
    if (t.field === "" && t.value === "") continue;
    out.push({ field: t.field, op: r.op, value: t.value });
  }
  return out;
}
