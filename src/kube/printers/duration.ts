/**
 * Human-readable durations as `kubectl get` shows them: the semantics of k8s.io/apimachinery/pkg/util/duration
 * (HumanDuration, ShortHumanDuration) and of translateTimestampSince in pkg/printers/internalversion/printers.go.
 * Durations are in milliseconds here (Go uses nanoseconds; every boundary is a whole second or more).
 */

/** Milliseconds since the epoch of Go's zero time.Time (0001-01-01T00:00:00Z), which metav1.Time.IsZero() reports. */
export const ZERO_TIME = -62135596800000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(x) conversion of a float: truncation toward zero. */
function trunc(x: number): number {
  return Math.trunc(x);
}

/** duration.ShortHumanDuration: one unit only ("5s", "3m", "4h", "12d", "2y"). */
export function shortHumanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${trunc(hours / 24)}d`;
  return `${trunc(ms / HOUR / 24 / 365)}y`;
}

/**
 * duration.HumanDuration: ~2-3 significant figures. "0s".."119s", "2m".."9m59s", "10m".."179m", "3h".."7h59m",
 * "8h".."47h", "2d".."7d23h", "8d".."729d", "2y".."7y364d", "8y"... Slightly negative durations (clock skew of
 * under two seconds) print "0s"; more negative ones "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = trunc(ms / SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    const y = trunc(trunc(hours / 24) / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${trunc(trunc(hours / 24) / 365)}y`;
}

/**
 * Parses a metav1.Time / metav1.MicroTime JSON value (RFC 3339) to ms since the epoch. Missing, null, empty or
 * unparseable values give ZERO_TIME, as a zero time.Time would be in Go.
 */
export function parseTime(ts: unknown): number {
  if (typeof ts !== "string" || ts === "") return ZERO_TIME;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ZERO_TIME : t;
}

/** translateTimestampSince on an already parsed time: "<unknown>" for the zero time. */
export function translateTimeSince(t: number, now: number): string {
  if (t === ZERO_TIME) return "<unknown>";
  return humanDuration(now - t);
}

/**
 * printers.go translateTimestampSince (and translateMicroTimestampSince): the elapsed time since `ts` in
 * human-readable approximation, "<unknown>" when the timestamp is missing (zero).
 */
export function translateTimestampSince(ts: string | undefined | null, now: number): string {
  return translateTimeSince(parseTime(ts), now);
}
