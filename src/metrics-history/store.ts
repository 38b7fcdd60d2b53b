/**
 * A cluster's metrics history in D1 (table metric_samples): writing one sampling's worth of samples in bulk,
 * reading a series back aggregated into step buckets (the average of the samples in each bucket), and
 * retention. Timestamps are wall-clock epoch milliseconds throughout.
 *
 * Buckets are aligned to multiples of the step since the epoch, not to `from`, so a chart that refreshes
 * with a sliding window keeps the same buckets and values. Buckets without samples are absent (an idle
 * cluster takes none), which a chart draws as a gap.
 */
import { parseTime, QueryError } from "../audit/query";
import { jsonChunks, runBatch } from "./d1-rows";
import { isSeriesName, type MetricSample, SERIES_NAMES } from "./series";

export { SERIES_NAMES } from "./series";

export const MIN_STEP_MS = 10_000;
export const MAX_STEP_MS = 86_400_000;
/** Prometheus's bound on points per series for one query. */
export const MAX_POINTS_PER_SERIES = 11_000;
/** Bound on the points of one answer (all label sets together), to keep the response and the read small. */
export const MAX_RESULT_POINTS = 50_000;
export const DEFAULT_RANGE_MS = 3_600_000;
export const DEFAULT_STEP_MS = 60_000;

const INSERT_SAMPLES = `INSERT OR REPLACE INTO metric_samples (cluster_id, series, labels, ts, value)
SELECT ?1, json_extract(value, '$.series'), json_extract(value, '$.labels'), ?2, json_extract(value, '$.value')
FROM json_each(?3)`;

/** Writes one sampling (all at `ts`) in as few statements as the JSON parameter allows (usually one). */
export async function writeSamples(db: D1Database, clusterId: string, ts: number, samples: MetricSample[]) {
  // JSON has no NaN or Infinity; such a value would become null and fail the whole statement.
  const rows = samples.filter((s) => Number.isFinite(s.value));
  await runBatch(
    db,
    jsonChunks(rows).map((chunk) => db.prepare(INSERT_SAMPLES).bind(clusterId, Math.floor(ts), chunk)),
  );
  return rows.length;
}

export interface MetricsQuery {
  series: string;
  /**
   * Label pairs every returned label set must contain, e.g. "namespace=default" or
   * "namespace=default,pod=web-0" (the full canonical string matches exactly that set).
   */
  labels?: string;
  /** RFC 3339 or epoch ms; default `to` minus one hour. */
  from?: string | number;
  /** RFC 3339 or epoch ms (inclusive); default now. */
  to?: string | number;
  /** "60s", "5m", "1h", "1d" or a number of seconds; default 60s. */
  step?: string | number;
  /** The wall clock, for the default `to`. */
  now?: number;
}

export interface MetricsResult {
  series: string;
  /** Milliseconds. */
  step: number;
  from: number;
  to: number;
  /** One entry per label set, in label order; points are [bucket start ms, average], oldest first. */
  data: { labels: string; points: [number, number][] }[];
}

const STEP_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A step in milliseconds from "60s" / "5m" / "1h" / "1d" or seconds ("90", 90); bounded to [10s, 1d]. */
export function parseStep(value: string | number | undefined): number {
  if (value === undefined || value === "") return DEFAULT_STEP_MS;
  const m = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(String(value).trim());
  const ms = m ? Math.round(Number(m[1]) * STEP_UNITS[m[2] ?? "s"]) : Number.NaN;
  if (!(ms >= MIN_STEP_MS && ms <= MAX_STEP_MS)) {
    throw new QueryError(
      `step: must be a duration from 10s to 1d (e.g. "60s", "5m", "1h"), got ${JSON.stringify(value)}`,
    );
  }
  return ms;
}

/** "k=v,k=v" into LIKE patterns that match the pair anywhere in a ","-wrapped canonical label string. */
function labelPatterns(filter: string | undefined): string[] {
  if (!filter) return [];
  const pairs = filter.split(",");
  if (pairs.length > 16 || pairs.some((p) => !/^[^,=\s]+=[^,=]*$/.test(p))) {
    throw new QueryError(`labels: must be k=v pairs separated by commas, got ${JSON.stringify(filter)}`);
  }
  return pairs.map((p) => `%,${p.replace(/[\\%_]/g, (c) => `\\${c}`)},%`);
}

export async function queryMetrics(db: D1Database, clusterId: string, q: MetricsQuery): Promise<MetricsResult> {
  if (!isSeriesName(q.series)) {
    throw new QueryError(`series: unknown series ${JSON.stringify(q.series)}; known: ${SERIES_NAMES.join(", ")}`);
  }
  const step = parseStep(q.step);
  const to = parseTime("to", q.to) ?? q.now ?? Date.now();
  const from = parseTime("from", q.from) ?? to - DEFAULT_RANGE_MS;
  if (from > to) throw new QueryError("from: must not be after to");
  const buckets = Math.floor(to / step) - Math.floor(from / step) + 1;
  if (buckets > MAX_POINTS_PER_SERIES) {
    throw new QueryError(
      `exceeded maximum resolution of ${MAX_POINTS_PER_SERIES} points per series: try a larger step or a shorter range`,
    );
  }
  const patterns = labelPatterns(q.labels);
  const labelSql = patterns.map((_, i) => ` AND (',' || labels || ',') LIKE ?${i + 6} ESCAPE '\\'`).join("");
  // ts - ts % step: SQLite's % works on integers, so buckets stay integral however D1 binds the step.
  const rows = await db
    .prepare(
      `SELECT labels, ts - ts % CAST(?5 AS INTEGER) AS bucket, AVG(value) AS value FROM metric_samples
       WHERE cluster_id = ?1 AND series = ?2 AND ts >= ?3 AND ts <= ?4${labelSql}
       GROUP BY labels, bucket ORDER BY labels, bucket LIMIT ${MAX_RESULT_POINTS + 1}`,
    )
    .bind(clusterId, q.series, from, to, step, ...patterns)
    .all<{ labels: string; bucket: number; value: number }>();
  if (rows.results.length > MAX_RESULT_POINTS) {
    throw new QueryError(
      `the query matches more than ${MAX_RESULT_POINTS} points: narrow it with labels, a larger step or a shorter range`,
    );
  }
  const data: MetricsResult["data"] = [];
  for (const r of rows.results) {
    let last = data[data.length - 1];
    if (!last || last.labels !== r.labels) {
      last = { labels: r.labels, points: [] };
      data.push(last);
    }
    last.points.push([Number(r.bucket), r.value]);
  }
  return { series: q.series, step, from, to, data };
}

/** Retention: deletes every cluster's samples taken before `olderThanMs`; returns how many. */
export async function pruneMetrics(db: D1Database, olderThanMs: number): Promise<number> {
  const res = await db.prepare("DELETE FROM metric_samples WHERE ts < ?").bind(olderThanMs).run();
  return res.meta.changes ?? 0;
}
