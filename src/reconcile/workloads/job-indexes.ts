/**
 * Completion indexes of Indexed Jobs as the job controller keeps them (pkg/controller/job/indexed_job_utils.go):
 * ordered, merged intervals printed as `status.completedIndexes`, e.g. "0-2,4".
 */

export interface Interval {
  first: number;
  last: number;
}

/** The sorted, merged intervals holding `indexes` (any order, repeats allowed). */
export function intervalsOf(indexes: Iterable<number>): Interval[] {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const out: Interval[] = [];
  for (const ix of sorted) {
    const last = out[out.length - 1];
    if (last && ix === last.last + 1) last.last = ix;
    else out.push({ first: ix, last: ix });
  }
  return out;
}

export function formatIntervals(intervals: readonly Interval[]): string {
  return intervals.map((i) => (i.first === i.last ? `${i.first}` : `${i.first}-${i.last}`)).join(",");
}

/** parseIndexesFromString: malformed parts are skipped, indexes at or past `completions` dropped. */
export function parseIntervals(text: string | undefined, completions: number): Interval[] {
  const indexes: number[] = [];
  for (const part of (text ?? "").split(",")) {
    if (part === "") continue;
    const [a, b] = part.split("-");
    const first = Number(a);
    const last = b === undefined ? first : Number(b);
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last < first) continue;
    for (let i = first; i <= Math.min(last, completions - 1); i++) indexes.push(i);
  }
  return intervalsOf(indexes);
}

export function intervalsTotal(intervals: readonly Interval[]): number {
  return intervals.reduce((n, i) => n + i.last - i.first + 1, 0);
}

export function intervalsHas(intervals: readonly Interval[], ix: number): boolean {
  return intervals.some((i) => ix >= i.first && ix <= i.last);
}

export function intervalsIndexes(intervals: readonly Interval[]): number[] {
  const out: number[] = [];
  for (const i of intervals) for (let ix = i.first; ix <= i.last; ix++) out.push(ix);
  return out;
}

/** firstPendingIndexes: the lowest `count` indexes below `completions` that are neither done nor running. */
export function firstPendingIndexes(nonPending: Iterable<number>, count: number, completions: number): number[] {
  const taken = new Set(nonPending);
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) if (!taken.has(ix)) out.push(ix);
  return out;
}
