/**
 * CronJob schedules as kube-controller-manager evaluates them: github.com/robfig/cron/v3's ParseStandard and
 * SpecSchedule.Next, reproduced over the fields that croner parses.
 *
 * croner does the parsing (names, ranges, steps, lists, @macros); the walk to the next fire time follows
 * robfig's algorithm step for step so the edge cases match kube and not croner's own choices:
 * - day-of-month and day-of-week: when either field starts with `*` or `?` (without a step above 1) both must
 *   match, otherwise either may (vixie cron's OR): `0 0 1,15 * 1` fires on the 1st, the 15th and Mondays.
 * - DST: hours advance in absolute time, so a spring-forward hour never fires and a fall-back hour fires twice
 *   for interval-like schedules; days advance in wall time with robfig's "not midnight any more" correction.
 * - a schedule that cannot fire within five years (`0 0 31 2 *`) yields no time at all.
 * `@every <duration>` is robfig's ConstantDelaySchedule (whole seconds, at least one).
 */
import { CronPattern } from "croner";
import { parseGoDuration } from "../../kube/duration";
import { cronParseError } from "../../kube/validation/batch";

export interface CronSchedule {
  /** The first fire time strictly after `afterMs` (whole seconds); undefined when none within five years. */
  next(afterMs: number): number | undefined;
}

export class CronScheduleError extends Error {}

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/**
 * cron.ParseStandard of the string kube builds (formatSchedule): a `TZ=`/`CRON_TZ=` prefix or the CronJob's
 * spec.timeZone selects the zone; without either, the controller manager's local zone, UTC in a kind cluster.
 * Throws CronScheduleError with robfig's message when the schedule does not parse.
 */
export function parseCronSchedule(spec: string, timeZone?: string): CronSchedule {
  let s = spec;
  let zone = timeZone ?? "UTC";
  if (s.includes("TZ")) zone = "UTC";
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
    const i = s.indexOf(" ");
    const eq = s.indexOf("=");
    zone = i < 0 ? s.slice(eq + 1) : s.slice(eq + 1, i);
    s = i < 0 ? "" : s.slice(i).trim();
  }
  const err = cronParseError(timeZone && !spec.includes("TZ") ? `TZ=${timeZone} ${spec}` : spec);
  if (err) throw new CronScheduleError(err);
  if (zone === "Local" || zone === "") zone = "UTC";
  if (s.startsWith("@every ")) {
    const ms = parseGoDuration(s.slice("@every ".length)) ?? 0;
    const delay = Math.max(1000, ms - (ms % 1000));
    return { next: (after) => after + delay - (after % 1000) };
  }
  const fields = (DESCRIPTORS[s] ?? s).split(/[\s\u0085\u00a0]+/u).filter((f) => f !== "");
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(fields.join(" "), undefined, { mode: "5-part", sloppyRanges: true });
  } catch (e) {
    throw new CronScheduleError(e instanceof Error ? e.message : String(e));
  }
  const spec5: Spec = {
    minute: pattern.minute.map(Boolean),
    hour: pattern.hour.map(Boolean),
    dom: pattern.day.map(Boolean),
    month: pattern.month.map(Boolean),
    dow: pattern.dayOfWeek.map(Boolean),
    domStar: hasStar(fields[2]),
    dowStar: hasStar(fields[4]),
  };
  const tz = zoneOf(zone);
  return { next: (after) => nextFire(spec5, tz, after) };
}

/** robfig's starBit: some list item is `*` or `?`, with no step or a step of 1. */
function hasStar(field: string): boolean {
  return field.split(",").some((part) => {
    const [range, step] = part.split("/");
    return (range === "*" || range === "?") && (step === undefined || Number(step) <= 1);
  });
}

interface Spec {
  minute: boolean[];
  hour: boolean[];
  /** index 0 = day 1 */
  dom: boolean[];
  /** index 0 = January */
  month: boolean[];
  /** index 0 = Sunday */
  dow: boolean[];
  domStar: boolean;
  dowStar: boolean;
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

interface Zone {
  wall(t: number): Wall;
  /** ms to add to UTC for the wall clock at t. */
  offsetAt(t: number): number;
  /** Go's time.Date(y, mo, d, h, mi, s, 0, loc): fields normalised, the offset chosen the way Go does. */
  date(y: number, mo: number, d: number, h: number, mi: number, s: number): number;
}

const zones = new Map<string, Zone>();

/** Offsets change on quarter-hour boundaries in UTC (every zone transition since standard time began does). */
const OFFSET_BUCKET_MS = 15 * 60_000;

export function zoneOf(name: string): Zone {
  const cached = zones.get(name);
  if (cached) return cached;
  const fmt =
    name === "UTC"
      ? undefined
      : new Intl.DateTimeFormat("en-US", {
          timeZone: name,
          hourCycle: "h23",
          year: "numeric",
          month: "numeric",
          day: "numeric",
          hour: "numeric",
          minute: "numeric",
          second: "numeric",
        });
  // Intl is slow, so the zone's offset is looked up once per quarter hour and cached.
  const offsets = new Map<number, number>();
  const offsetAt = (t: number): number => {
    if (!fmt) return 0;
    const bucket = Math.floor(t / OFFSET_BUCKET_MS);
    const hit = offsets.get(bucket);
    if (hit !== undefined) return hit;
    const at = bucket * OFFSET_BUCKET_MS;
    const parts: Record<string, number> = {};
    for (const p of fmt.formatToParts(new Date(at))) if (p.type !== "literal") parts[p.type] = Number(p.value);
    const off = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second) - at;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(bucket, off);
    return off;
  };
  const wall = (t: number): Wall => {
    const d = new Date(Math.floor(t / 1000) * 1000 + offsetAt(t));
    return {
      y: d.getUTCFullYear(),
      mo: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      h: d.getUTCHours(),
      mi: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
    };
  };
  const zone: Zone = {
    wall,
    offsetAt,
    date(y, mo, d, h, mi, s) {
      // The wall time read as UTC, then Go's two-step offset lookup (time.Date in zoneinfo.go).
      const unix = Date.UTC(y, mo - 1, d, h, mi, s);
      const off1 = offsetAt(unix);
      const off2 = offsetAt(unix - off1);
      return unix - (off2 === off1 ? off1 : off2);
    },
  };
  zones.set(name, zone);
  return zone;
}

const weekday = (w: Wall): number => new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay();

function dayMatches(s: Spec, w: Wall): boolean {
  const domMatch = s.dom[w.d - 1];
  const dowMatch = s.dow[weekday(w)];
  if (s.domStar || s.dowStar) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** SpecSchedule.Next with a seconds field of 0 (the five-field standard form). */
function nextFire(s: Spec, z: Zone, after: number): number | undefined {
  // The upcoming whole second.
  let t = Math.floor(after / 1000) * 1000 + 1000;
  let added = false;
  const yearLimit = z.wall(t).y + 5;
  wrap: for (;;) {
    let w = z.wall(t);
    if (w.y > yearLimit) return undefined;
    while (!s.month[w.mo - 1]) {
      if (!added) {
        added = true;
        t = z.date(w.y, w.mo, 1, 0, 0, 0);
        w = z.wall(t);
      }
      t = z.date(w.y, w.mo + 1, w.d, w.h, w.mi, w.s);
      w = z.wall(t);
      if (w.mo === 1) continue wrap;
    }
    while (!dayMatches(s, w)) {
      if (!added) {
        added = true;
        t = z.date(w.y, w.mo, w.d, 0, 0, 0);
        w = z.wall(t);
      }
      t = z.date(w.y, w.mo, w.d + 1, w.h, w.mi, w.s);
      w = z.wall(t);
      // Not midnight any more because of DST: robfig nudges back to it.
      if (w.h !== 0) {
        t += w.h > 12 ? (24 - w.h) * HOUR : -w.h * HOUR;
        w = z.wall(t);
      }
      if (w.d === 1) continue wrap;
    }
    while (!s.hour[w.h]) {
      if (!added) {
        added = true;
        t = z.date(w.y, w.mo, w.d, w.h, 0, 0);
      }
      t += HOUR;
      w = z.wall(t);
      if (w.h === 0) continue wrap;
    }
    while (!s.minute[w.mi]) {
      if (!added) {
        added = true;
        t = Math.floor(t / MINUTE) * MINUTE;
      }
      t += MINUTE;
      w = z.wall(t);
      if (w.mi === 0) continue wrap;
    }
    // Seconds: only :00 matches. robfig steps a second at a time to the next :00, then starts over; offsets
    // being whole minutes, that is the next minute boundary.
    if (w.s !== 0) {
      added = true;
      t = Math.floor(t / MINUTE) * MINUTE + MINUTE;
      continue;
    }
    return t;
  }
}
