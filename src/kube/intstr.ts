/** intstr.IntOrString helpers (k8s.io/apimachinery/pkg/util/intstr). */

export type IntOrString = number | string;

/**
 * GetScaledValueFromIntOrPercent: an int as is, a percentage of `total` rounded up or down. Validation
 * admits only ints and "<n>%"; anything else counts as 0 here rather than failing a controller.
 */
export function scaledValue(v: IntOrString | undefined | null, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    const n = Number(v);
    return Number.isInteger(n) ? n : 0;
  }
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
