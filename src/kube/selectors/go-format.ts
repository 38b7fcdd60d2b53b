/**
 * Go's rendering of values inside error messages, for the selector errors we build ourselves:
 * `%q` (strconv.Quote) for strings and encoding/json for slices. Both differ from JSON.stringify on
 * control characters, non-printable runes and (for json.Marshal) HTML-sensitive characters.
 */

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** strconv.Quote: printable runes stay, the rest become Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (printable.test(ch)) out += ch;
    else if (c < 0x80) out += `\\x${hex(c, 2)}`;
    else if (c >= 0xd800 && c <= 0xdfff)
      out += "\\ufffd"; // a lone surrogate is invalid UTF-8 in Go
    else if (c < 0x10000) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `${out}"`;
}

/** json.Marshal of a []string (nil → null); Go escapes <, >, & and U+2028/U+2029 by default. */
export function goJSONStrings(values: readonly string[] | null): string {
  if (values === null) return "null";
  return JSON.stringify(values).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/**
 * Go compares strings byte-wise, i.e. by UTF-8, which orders like code points. JS `<` compares UTF-16 code
 * units and disagrees for characters beyond U+FFFF, so sort with this wherever Go sorts strings.
 */
export function compareGoStrings(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}
