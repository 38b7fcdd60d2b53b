/** Deterministic ids for simulated processes (a provisioner's instance uuid), derived from a seed string. */
export function stableUuid(seed: string): string {
  let hex = "";
  let h = 2166136261;
  for (let round = 0; hex.length < 32; round++) {
    for (const ch of `${seed}/${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    hex += (h >>> 0).toString(16).padStart(8, "0");
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
