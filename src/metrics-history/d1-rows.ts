/**
 * Bulk writes to D1 with few statements. D1 allows at most 100 bound parameters per statement, which a
 * multi-row VALUES list exhausts after a handful of rows, and every statement of a batch counts against the
 * Worker's per-invocation query limit (50 on the free plan). So rows travel as ONE JSON array parameter that
 * the statement unpacks with json_each; a statement only needs splitting when that parameter gets large.
 */

/**
 * D1 caps a string value at 2,000,000 bytes. Chunks are measured in UTF-16 code units, each at most 3 bytes
 * in UTF-8, so this many code units always fits.
 */
export const MAX_JSON_PARAM_CHARS = 600_000;

/** Splits rows into JSON arrays of at most `maxChars` characters each (one oversized row goes alone). */
export function jsonChunks(rows: unknown[], maxChars = MAX_JSON_PARAM_CHARS): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length && size + text.length + 1 > maxChars) {
      out.push(`[${parts.join(",")}]`);
      parts = [];
      size = 2;
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length) out.push(`[${parts.join(",")}]`);
  return out;
}

/** Runs the statements in one round trip (D1 runs a batch as one transaction); nothing to do for none. */
export async function runBatch(db: D1Database, statements: D1PreparedStatement[]): Promise<D1Result[]> {
  if (!statements.length) return [];
  return db.batch(statements);
}
