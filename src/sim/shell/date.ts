/**
 * `date` output at a simulated instant: the busybox / coreutils default format ("Sat Nov 28 05:30:00 UTC
 * 2026") and strftime-style `+FORMAT` codes. Times are UTC unless the container's TZ names a zone
 * Intl knows (images with tzdata honour TZ; without it they print UTC anyway).
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAYS_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export const DEFAULT_DATE_FORMAT = "%a %b %e %H:%M:%S %Z %Y";

interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  wd: number;
  offsetMin: number;
  zone: string;
}

function zoneFields(ms: number, tz: string | undefined): Fields {
  const utc = (offsetMin: number, zone: string): Fields => {
    const t = new Date(ms + offsetMin * 60_000);
    return {
      y: t.getUTCFullYear(),
      mo: t.getUTCMonth(),
      d: t.getUTCDate(),
      h: t.getUTCHours(),
      mi: t.getUTCMinutes(),
      s: t.getUTCSeconds(),
      ms: t.getUTCMilliseconds(),
      wd: t.getUTCDay(),
      offsetMin,
      zone,
    };
  };
  if (!tz || /^(UTC|GMT|UCT|Etc\/UTC|UTC0|GMT0|Z)$/i.test(tz)) return utc(0, "UTC");
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      timeZoneName: "short",
    }).formatToParts(new Date(ms));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
    const local = Date.UTC(+get("year"), +get("month") - 1, +get("day"), +get("hour"), +get("minute"), +get("second"));
    const offsetMin = Math.round((local - (ms - (ms % 1000))) / 60_000);
    return utc(offsetMin, get("timeZoneName"));
  } catch {
    return utc(0, "UTC");
  }
}

const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);

/** Formats `ms` like `date +FORMAT` (FORMAT without the leading +). */
export function formatDate(ms: number, format: string = DEFAULT_DATE_FORMAT, tz?: string): string {
  const f = zoneFields(ms, tz);
  const dayOfYear = Math.floor((Date.UTC(f.y, f.mo, f.d) - Date.UTC(f.y, 0, 1)) / 86_400_000) + 1;
  const off = () => {
    const a = Math.abs(f.offsetMin);
    return `${f.offsetMin < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
  };
  const h12 = f.h % 12 === 0 ? 12 : f.h % 12;
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== "%" || i === format.length - 1) {
      out += c;
      continue;
    }
    const k = format[++i];
    switch (k) {
      case "a":
        out += DAYS[f.wd];
        break;
      case "A":
        out += DAYS_LONG[f.wd];
        break;
      case "b":
      case "h":
        out += MONTHS[f.mo];
        break;
      case "B":
        out += MONTHS_LONG[f.mo];
        break;
      case "c":
        out += formatDate(ms, "%a %b %e %H:%M:%S %Y", tz);
        break;
      case "C":
        out += pad(Math.floor(f.y / 100));
        break;
      case "d":
        out += pad(f.d);
        break;
      case "D":
        out += `${pad(f.mo + 1)}/${pad(f.d)}/${pad(f.y % 100)}`;
        break;
      case "e":
        out += pad(f.d, 2, " ");
        break;
      case "F":
        out += `${f.y}-${pad(f.mo + 1)}-${pad(f.d)}`;
        break;
      case "H":
        out += pad(f.h);
        break;
      case "I":
        out += pad(h12);
        break;
      case "j":
        out += pad(dayOfYear, 3);
        break;
      case "k":
        out += pad(f.h, 2, " ");
        break;
      case "l":
        out += pad(h12, 2, " ");
        break;
      case "m":
        out += pad(f.mo + 1);
        break;
      case "M":
        out += pad(f.mi);
        break;
      case "n":
        out += "\n";
        break;
      case "N":
        out += `${pad(f.ms, 3)}000000`;
        break;
      case "p":
        out += f.h < 12 ? "AM" : "PM";
        break;
      case "P":
        out += f.h < 12 ? "am" : "pm";
        break;
      case "r":
        out += `${pad(h12)}:${pad(f.mi)}:${pad(f.s)} ${f.h < 12 ? "AM" : "PM"}`;
        break;
      case "R":
        out += `${pad(f.h)}:${pad(f.mi)}`;
        break;
      case "s":
        out += String(Math.floor(ms / 1000));
        break;
      case "S":
        out += pad(f.s);
        break;
      case "t":
        out += "\t";
        break;
      case "T":
        out += `${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}`;
        break;
      case "u":
        out += String(f.wd === 0 ? 7 : f.wd);
        break;
      case "w":
        out += String(f.wd);
        break;
      case "y":
        out += pad(f.y % 100);
        break;
      case "Y":
        out += String(f.y);
        break;
      case "z":
        out += off();
        break;
      case "Z":
        out += f.zone;
        break;
      case "%":
        out += "%";
        break;
      default:
        out += `%${k}`;
    }
  }
  return out;
}

/** RFC 3339 / ISO 8601 forms `date -I…` prints. */
export function isoDate(ms: number, precision: string, tz?: string): string {
  const z = (s: string) => s.replace(/(\d\d)(\d\d)$/, "$1:$2");
  switch (precision) {
    case "":
    case "date":
      return formatDate(ms, "%F", tz);
    case "hours":
      return z(formatDate(ms, "%FT%H%z", tz));
    case "minutes":
      return z(formatDate(ms, "%FT%H:%M%z", tz));
    case "ns":
      return z(formatDate(ms, "%FT%H:%M:%S,%N%z", tz));
    default:
      return z(formatDate(ms, "%FT%H:%M:%S%z", tz));
  }
}
