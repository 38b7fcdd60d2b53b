import { describe, expect, it } from "vitest";
import { jsonChunks } from "../../../src/metrics-history/d1-rows";
import {
  parseRetentionDays,
  pruneCutoffs,
  retention,
  SAMPLE_INTERVAL_MS,
  sampleDue,
} from "../../../src/metrics-history/policy";
import { canonicalLabels } from "../../../src/metrics-history/series";
import { parseStep } from "../../../src/metrics-history/store";

const DAY = 86_400_000;

describe("history policy", () => {
  it("samples at most once a minute of wall time, and at once when never sampled", () => {
    const t = Date.parse("2026-01-01T00:00:00Z");
    expect(sampleDue(undefined, t)).toBe(true);
    expect(sampleDue(t, t + SAMPLE_INTERVAL_MS - 1)).toBe(false);
    expect(sampleDue(t, t + 60_000)).toBe(true);
  });

  it("keeps audit 30 days and metrics 7 unless the environment says otherwise", () => {
    expect(retention({})).toEqual({ auditMs: 30 * DAY, metricsMs: 7 * DAY });
    expect(retention({ AUDIT_RETENTION_DAYS: "90", METRICS_RETENTION_DAYS: "0.5" })).toEqual({
      auditMs: 90 * DAY,
      metricsMs: DAY / 2,
    });
    expect(pruneCutoffs({ METRICS_RETENTION_DAYS: "1" }, 10 * DAY)).toEqual({ audit: -20 * DAY, metrics: 9 * DAY });
  });

  it("falls back to the default for a retention setting that is not a positive number", () => {
    for (const bad of [undefined, "", "0", "-3", "7d", "abc", "1e3"]) expect(parseRetentionDays(bad, 30)).toBe(30);
    expect(parseRetentionDays(" 14 ", 30)).toBe(14);
    expect(parseRetentionDays("100000", 30)).toBe(3650);
  });
});

describe("history encoding", () => {
  it("canonicalises labels sorted by key", () => {
    expect(canonicalLabels({ pod: "web-0", namespace: "default" })).toBe("namespace=default,pod=web-0");
    expect(canonicalLabels({})).toBe("");
  });

  it("parses steps as Prometheus-like durations between 10s and 1d", () => {
    expect(parseStep(undefined)).toBe(60_000);
    expect(parseStep("60s")).toBe(60_000);
    expect(parseStep("5m")).toBe(300_000);
    expect(parseStep("1h")).toBe(3_600_000);
    expect(parseStep("1d")).toBe(86_400_000);
    expect(parseStep("90")).toBe(90_000);
    expect(parseStep(30)).toBe(30_000);
    for (const bad of ["5s", "2d", "1w", "-60s", "abc", 0]) {
      expect(() => parseStep(bad)).toThrow(expect.objectContaining({ name: "QueryError" }));
    }
  });

  it("packs rows into as few JSON parameters as the size bound allows", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ i, pad: "x".repeat(40) }));
    expect(jsonChunks(rows)).toHaveLength(1);
    const small = jsonChunks(rows, 200);
    expect(small.length).toBeGreaterThan(1);
    expect(small.every((c) => c.length <= 200)).toBe(true);
    expect(small.flatMap((c) => JSON.parse(c))).toEqual(rows);
    expect(jsonChunks([])).toEqual([]);
  });
});
