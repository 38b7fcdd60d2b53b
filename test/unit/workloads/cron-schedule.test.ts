import { describe, expect, it } from "vitest";
import { CronScheduleError, parseCronSchedule } from "../../../src/reconcile/workloads/cron-schedule";
import { jobNameFor, rfc1123z, rfc3339InZone } from "../../../src/reconcile/workloads/cronjob-times";

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString().replace(".000Z", "Z"));

/** The next `n` fire times after `from`, as robfig/cron's Next would list them. */
function fires(schedule: string, from: string, n: number, timeZone?: string): (string | undefined)[] {
  const s = parseCronSchedule(schedule, timeZone);
  const out: (string | undefined)[] = [];
  let t: number | undefined = Date.parse(from);
  for (let i = 0; i < n && t !== undefined; i++) {
    t = s.next(t);
    out.push(iso(t));
  }
  return out;
}

// 2026-01-01 is a Thursday. Expected times worked out by hand from a calendar.
describe("cron schedules (robfig/cron semantics)", () => {
  it.each<[string, string, string[], string?]>([
    // Both day fields restricted: OR (vixie cron) — the 1st, the 15th, and every Monday.
    [
      "0 0 1,15 * 1",
      "2026-01-01T00:00:00Z",
      [
        "2026-01-05T00:00:00Z",
        "2026-01-12T00:00:00Z",
        "2026-01-15T00:00:00Z",
        "2026-01-19T00:00:00Z",
        "2026-01-26T00:00:00Z",
        "2026-02-01T00:00:00Z",
        "2026-02-02T00:00:00Z",
      ],
    ],
    // Day-of-month `*`: only day-of-week applies (Mondays).
    ["0 0 * * 1", "2026-01-01T00:00:00Z", ["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z"]],
    // Day-of-week `*`: only day-of-month applies.
    ["30 6 15 * *", "2026-01-01T00:00:00Z", ["2026-01-15T06:30:00Z", "2026-02-15T06:30:00Z"]],
    // A stepped day-of-month is not a star: OR with Fridays (Jan 2, 9; odd days 1, 3, 5...).
    ["0 0 */2 * 5", "2026-01-01T12:00:00Z", ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-05T00:00:00Z"]],
    [
      "*/15 * * * *",
      "2026-01-01T00:07:30Z",
      ["2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z"],
    ],
    // Office hours: Friday 16:30 → 17:00, then Monday 09:00.
    [
      "0 9-17 * * 1-5",
      "2026-01-02T16:30:00Z",
      ["2026-01-02T17:00:00Z", "2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"],
    ],
    ["0 9 * * MON-FRI", "2026-01-02T09:00:00Z", ["2026-01-05T09:00:00Z"]],
    ["5/20 * * * *", "2026-01-01T00:00:00Z", ["2026-01-01T00:05:00Z", "2026-01-01T00:25:00Z", "2026-01-01T00:45:00Z"]],
    ["@weekly", "2026-01-01T00:00:00Z", ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]],
    ["@daily", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z"]],
    ["@midnight", "2026-01-01T10:00:00Z", ["2026-01-02T00:00:00Z"]],
    ["@hourly", "2026-01-01T00:59:59Z", ["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"]],
    ["@monthly", "2026-01-15T00:00:00Z", ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]],
    ["@yearly", "2026-01-01T00:00:00Z", ["2027-01-01T00:00:00Z"]],
    ["@annually", "2026-06-01T00:00:00Z", ["2027-01-01T00:00:00Z"]],
    // Leap day: every four years.
    ["0 0 29 2 *", "2026-01-01T00:00:00Z", ["2028-02-29T00:00:00Z"]],
    ["@every 90m", "2026-01-01T00:00:10Z", ["2026-01-01T01:30:10Z", "2026-01-01T03:00:10Z"]],
    // Time zones: 09:00 in Kolkata (UTC+05:30) and New York.
    ["0 9 * * *", "2026-01-01T00:00:00Z", ["2026-01-01T03:30:00Z", "2026-01-02T03:30:00Z"], "Asia/Kolkata"],
    // Across spring-forward (2026-03-08 02:00 EST → 03:00 EDT): 09:00 moves from 14:00Z to 13:00Z.
    [
      "0 9 * * *",
      "2026-03-07T00:00:00Z",
      ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"],
      "America/New_York",
    ],
    // 02:30 does not exist on 2026-03-08 in New York: that day is skipped.
    ["30 2 * * *", "2026-03-07T12:00:00Z", ["2026-03-09T06:30:00Z"], "America/New_York"],
    // 01:30 happens twice on 2026-11-01 (EDT then EST): robfig fires at both.
    [
      "30 1 * * *",
      "2026-10-31T12:00:00Z",
      ["2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z"],
      "America/New_York",
    ],
  ])("%s after %s", (schedule, from, expected, tz) => {
    expect(fires(schedule, from, expected.length, tz)).toEqual(expected);
  });

  it("a TZ= prefix selects the zone like timeZone does", () => {
    expect(fires("TZ=America/New_York 0 9 * * *", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-01T14:00:00Z"]);
  });

  it("0 0 31 2 * never fires", () => {
    expect(parseCronSchedule("0 0 31 2 *").next(Date.parse("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("rejects what kube's parser rejects, with its message", () => {
    expect(() => parseCronSchedule("61 * * * *")).toThrow(CronScheduleError);
    expect(() => parseCronSchedule("* * * *")).toThrow("expected exactly 5 fields, found 4: [* * * *]");
    expect(() => parseCronSchedule("@fortnightly")).toThrow("unrecognized descriptor: @fortnightly");
  });

  it("names jobs by minutes since the epoch and formats times as Go does", () => {
    const t = Date.parse("2025-02-19T21:20:00Z");
    expect(jobNameFor("hello", t)).toBe("hello-29000000");
    expect(rfc3339InZone(t, "UTC")).toBe("2025-02-19T21:20:00Z");
    expect(rfc3339InZone(t, "America/New_York")).toBe("2025-02-19T16:20:00-05:00");
    expect(rfc3339InZone(t, "Asia/Kolkata")).toBe("2025-02-20T02:50:00+05:30");
    expect(rfc1123z(t)).toBe("Wed, 19 Feb 2025 21:20:00 +0000");
  });
});
