import { describe, expect, it } from "vitest";
import { humanDuration, shortHumanDuration, translateTimestampSince } from "../../../src/kube/printers/duration";
import { ago, DAY, HOUR, MIN, NOW, SEC } from "./helpers";

describe("humanDuration (apimachinery util/duration.HumanDuration)", () => {
  it.each([
    [1 * SEC, "1s"],
    [70 * SEC, "70s"],
    [90 * SEC, "90s"],
    [119 * SEC + 999, "119s"],
    [120 * SEC, "2m"],
    [150 * SEC, "2m30s"],
    [190 * SEC, "3m10s"],
    [5 * MIN, "5m"],
    [9 * MIN + 59 * SEC, "9m59s"],
    [10 * MIN + 30 * SEC, "10m"],
    [70 * MIN, "70m"],
    [179 * MIN, "179m"],
    [180 * MIN, "3h"],
    [3 * HOUR + 20 * MIN, "3h20m"],
    [7 * HOUR + 59 * MIN, "7h59m"],
    [8 * HOUR + 30 * MIN, "8h"],
    [47 * HOUR, "47h"],
    [48 * HOUR, "2d"],
    [49 * HOUR, "2d1h"],
    [2 * DAY + 3 * HOUR, "2d3h"],
    [7 * DAY + 23 * HOUR, "7d23h"],
    [8 * DAY + 2 * HOUR, "8d"],
    [45 * DAY, "45d"],
    [367 * DAY, "367d"],
    [729 * DAY, "729d"],
    [2 * 365 * DAY, "2y"],
    [2 * 365 * DAY + 25 * HOUR, "2y1d"],
    [2 * 365 * DAY + 30 * DAY, "2y30d"],
    [8 * 365 * DAY + 2 * HOUR, "8y"],
    [10 * 365 * DAY, "10y"],
  ])("%d ms -> %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it("tolerates under two seconds of clock skew", () => {
    expect(humanDuration(0)).toBe("0s");
    expect(humanDuration(-1900)).toBe("0s");
    expect(humanDuration(-2000)).toBe("<invalid>");
    expect(humanDuration(-10 * MIN)).toBe("<invalid>");
  });
});

describe("shortHumanDuration", () => {
  it.each([
    [-2 * SEC, "<invalid>"],
    [-1 * SEC, "0s"],
    [59 * SEC, "59s"],
    [90 * SEC, "1m"],
    [59 * MIN, "59m"],
    [3 * HOUR + 20 * MIN, "3h"],
    [2 * DAY + 3 * HOUR, "2d"],
    [364 * DAY, "364d"],
    [2 * 365 * DAY + 30 * DAY, "2y"],
  ])("%d ms -> %s", (ms, want) => {
    expect(shortHumanDuration(ms)).toBe(want);
  });
});

describe("translateTimestampSince (printers_test TestTranslateTimestampSince)", () => {
  it.each([
    ["a while from now", ago(-10 * MIN), "<invalid>"],
    ["almost now", ago(-1900), "0s"],
    ["now", ago(0), "0s"],
    ["30 seconds ago", ago(30 * SEC), "30s"],
    ["5 minutes ago", ago(5 * MIN), "5m"],
    ["an hour ago", ago(HOUR), "60m"],
    ["2 days ago", ago(2 * DAY), "2d"],
    ["months ago", ago(90 * DAY), "90d"],
    ["10 years ago", ago(10 * 365 * DAY), "10y"],
  ])("%s", (_name, ts, want) => {
    expect(translateTimestampSince(ts, NOW)).toBe(want);
  });

  it("is <unknown> for missing or zero timestamps", () => {
    expect(translateTimestampSince(undefined, NOW)).toBe("<unknown>");
    expect(translateTimestampSince(null, NOW)).toBe("<unknown>");
    expect(translateTimestampSince("", NOW)).toBe("<unknown>");
    expect(translateTimestampSince("0001-01-01T00:00:00Z", NOW)).toBe("<unknown>");
  });

  it("accepts MicroTime timestamps", () => {
    expect(translateTimestampSince("2025-06-01T11:59:30.123456Z", NOW)).toBe("29s");
  });
});
